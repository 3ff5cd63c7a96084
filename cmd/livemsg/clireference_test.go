package main

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite docs/cli/ from the commands' --help")

// cliRefDir is where the reference of every command, generated from its
// --help, is kept.
const cliRefDir = "../../docs/cli"

// cliReference renders docs/cli/: one page per command (its --help) and
// an index.
func cliReference(t *testing.T) map[string]string {
	t.Helper()
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	pages := map[string]string{}
	var index strings.Builder
	index.WriteString("# livemsg command reference\n\nGenerated from each command's `--help` by\n" +
		"`go test ./cmd/livemsg -run TestCLIReference -update`; do not edit by hand.\n" +
		"[docs/cli.md](../cli.md) explains the commands together.\n\n")
	for _, n := range names {
		code, stdout, stderr := run(t, n, "--help")
		require.Equal(t, exitOK, code, "%s --help: %s", n, stderr)
		pages[n+".md"] = "# livemsg " + n + "\n\n" + commands[n].summary + ".\n\n```\n" + strings.TrimRight(stdout, "\n") + "\n```\n"
		index.WriteString("- [" + n + "](" + n + ".md): " + commands[n].summary + "\n")
	}
	pages["README.md"] = index.String()
	return pages
}

// TestCLIReference: docs/cli/ is what the commands' --help print now;
// -update rewrites it.
func TestCLIReference(t *testing.T) {
	t.Parallel()
	pages := cliReference(t)
	if *update {
		require.NoError(t, os.RemoveAll(cliRefDir))
		require.NoError(t, os.MkdirAll(cliRefDir, 0o755))
		for name, text := range pages {
			require.NoError(t, os.WriteFile(filepath.Join(cliRefDir, name), []byte(text), 0o644))
		}
		return
	}
	for name, text := range pages {
		b, err := os.ReadFile(filepath.Join(cliRefDir, name))
		if assert.NoError(t, err, "docs/cli/%s missing: go test ./cmd/livemsg -run TestCLIReference -update", name) {
			assert.Equal(t, text, string(b), "docs/cli/%s is stale: go test ./cmd/livemsg -run TestCLIReference -update", name)
		}
	}
	entries, err := os.ReadDir(cliRefDir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.Contains(t, pages, e.Name(), "docs/cli/%s is no command's: go test ./cmd/livemsg -run TestCLIReference -update", e.Name())
	}
}
