package reports

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		{"report.html", "report.golden.html", func(b *bytes.Buffer) error { return WriteHTML(b, withFiles(s)) }},
		{"report.html with a baseline", "report-baseline.golden.html", func(b *bytes.Buffer) error { return WriteHTML(b, Build(sampleWithBaseline())) }},
		{"summary.json with a baseline", "summary-baseline.golden.json", func(b *bytes.Buffer) error { return WriteJSON(b, Build(sampleWithBaseline())) }},
		{"report.html with parity", "report-parity.golden.html", func(b *bytes.Buffer) error { return WriteHTML(b, Build(sampleWithParity())) }},
		{"summary.json with parity", "summary-parity.golden.json", func(b *bytes.Buffer) error { return WriteJSON(b, Build(sampleWithParity())) }},
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
			if line, w, g, differ := firstDifference(string(want), got.String()); differ {
				t.Errorf("%s differs from %s at line %d (review, then go test ./reports -update):\nwant: %s\n got: %s",
					tc.name, path, line, w, g)
			}
		})
	}
}

// withFiles is s with the links a run in a folder has (RunFiles).
func withFiles(s Summary) Summary {
	s.Files = []string{"contract/cucumber.json", "contract/junit.xml", "load/DeleteLiveMessageGroup.bin", "summary.json"}
	return s
}

// firstDifference finds the first line where two texts differ, each cut
// short: a rendered page is too long to print whole.
func firstDifference(want, got string) (line int, w, g string, differ bool) {
	if want == got {
		return 0, "", "", false
	}
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; ; i++ {
		var a, b string
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			b = gl[i]
		}
		if a != b || i >= len(wl) || i >= len(gl) {
			return i + 1, clip(a, b), clip(b, a), true
		}
	}
}

// clip cuts s to a window around where it starts to differ from other.
func clip(s, other string) string {
	at := 0
	for at < len(s) && at < len(other) && s[at] == other[at] {
		at++
	}
	from, to := max(at-60, 0), min(at+100, len(s))
	return fmt.Sprintf("%q (from byte %d)", s[from:to], from)
}
