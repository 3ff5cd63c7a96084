package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunFiles: the page links to the run's result files that exist, by
// paths relative to it, and to none when there are none.
func TestRunFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"contract/junit.xml", "contract/cucumber.json", "contract/results.json",
		"load/DeleteLiveMessageGroup.bin", "load/summary.json", "profile/results.bin", "report.html"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), nil, 0o644))
	}
	files := RunFiles(dir, "summary.json")
	assert.Equal(t, []string{"contract/cucumber.json", "contract/junit.xml", "load/DeleteLiveMessageGroup.bin",
		"load/summary.json", "profile/results.bin", "summary.json"}, files, "results, summaries and vegeta files, sorted")
	assert.Empty(t, RunFiles(filepath.Join(dir, "absent")), "no folder, no links")

	s := Build(Sample())
	s.Files = files
	var b bytes.Buffer
	require.NoError(t, WriteHTML(&b, s))
	page := b.String()
	for _, f := range files {
		assert.Contains(t, page, `<a href="`+f+`">`+f+`</a>`, "a link to %s", f)
	}
	assert.Contains(t, page, `<a href="#files">Files</a>`)

	b.Reset()
	require.NoError(t, WriteHTML(&b, Build(Sample())))
	assert.NotContains(t, b.String(), `id="files"`, "no files, no section")
}
