package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxCommandLines bounds cmd/livemsg (issue 22: "under 1,200 lines"): it
// parses flags and hands the job to package harness, where a Go user can
// call it too.
const maxCommandLines = 1200

// TestCommandLineIsThin counts the non-test lines of this package.
func TestCommandLineIsThin(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		n += strings.Count(string(b), "\n")
	}
	assert.Less(t, n, maxCommandLines, "cmd/livemsg has %d lines: move what is not flag handling to package harness", n)
	t.Logf("cmd/livemsg: %d lines", n)
}
