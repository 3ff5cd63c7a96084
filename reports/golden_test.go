package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden renders the sample run and compares it with the reviewed
// files; go test ./reports -update rewrites them.
func TestGolden(t *testing.T) {
	s := Build(Sample())
	tests := []struct {
		name   string
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"summary.json", "summary.golden.json", func(b *bytes.Buffer) error { return WriteJSON(b, s) }},
		{"report.html", "report.golden.html", func(b *bytes.Buffer) error { return WriteHTML(b, s) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			require.NoError(t, tc.write(&got))
			path := filepath.Join("testdata", tc.golden)
			if *update {
				require.NoError(t, os.WriteFile(path, got.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "golden file missing: run go test ./reports -update")
			assert.Equal(t, string(want), got.String(), "%s differs from %s: review, then go test ./reports -update", tc.name, path)
		})
	}
}
