package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/version"
)

func TestVersionInProcess(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, "version")
	assert.Equal(t, exitOK, code, errOut)
	assert.Equal(t, version.Get().String()+"\n", out)

	code, out, _ = run(t, "version", "--json")
	require.Equal(t, exitOK, code)
	var in version.Info
	require.NoError(t, json.Unmarshal([]byte(out), &in), "--json prints one JSON object: %s", out)
	assert.Equal(t, version.Get(), in)

	code, _, errOut = run(t, "version", "extra")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "no arguments")
}

// TestVersionOfABuiltBinary builds livemsg from this work tree, as `make
// build` does, and checks that it names the commit git has checked out.
func TestVersionOfABuiltBinary(t *testing.T) {
	t.Parallel()
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git work tree:", err)
	}
	if top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output(); err == nil {
		if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err == nil && !fi.IsDir() {
			t.Skip("a linked git worktree (.git is a file): go build stamps no VCS information there")
		}
	}
	bin := filepath.Join(t.TempDir(), "livemsg")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	got, err := exec.Command(bin, "version", "--json").Output()
	require.NoError(t, err)
	var in version.Info
	require.NoError(t, json.Unmarshal(got, &in))
	assert.Equal(t, strings.TrimSpace(string(head)), in.Commit, "the binary names the commit it was built from")
	assert.True(t, strings.HasPrefix(in.GoVersion, "go1."), in.GoVersion)
}
