package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemsg/livemsg/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlagsAnywhere: every command takes its flags before, between or
// after the positionals; "--" ends them; a boolean flag takes no value.
func TestFlagsAnywhere(t *testing.T) {
	t.Parallel()
	cassettes := t.TempDir()
	code, _, stderr := run(t, "call", "CreateLiveMessageApp", "AppName=demo", "--record", cassettes)
	require.Equal(t, exitOK, code, stderr)
	for _, args := range [][]string{
		{"parity", "--out", t.TempDir(), cassettes},
		{"parity", cassettes, "--out", t.TempDir()},
		{"parity", cassettes, "--out=" + t.TempDir()},
	} {
		code, _, stderr := run(t, args...)
		assert.Equal(t, exitOK, code, "%v: %s", args, stderr)
		assert.NotContains(t, stderr, "usage:", args)
	}
	out := t.TempDir()
	code, _, stderr = run(t, "parity", cassettes, "--out", out)
	assert.Equal(t, exitOK, code, stderr)
	_, err := os.Stat(filepath.Join(out, "parity", "parity.json"))
	assert.NoError(t, err, "--out after DIR is obeyed")
}

// TestCallOutputAfterParams: livemsg call Op P=V --output json prints the
// body alone, the Param=Value arguments still positionals.
func TestCallOutputAfterParams(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "call", "CreateLiveMessageApp", "AppName=demo", "--output", "json")
	require.Equal(t, exitOK, code, stderr)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(stdout), "{"), stdout)
	assert.Contains(t, stdout, "AppId")
	assert.NotContains(t, stdout, "POST ", "the body alone, not the exchange")
}

// TestUsageErrorOneLine: a usage error is the error, then one line of
// usage pointing at --help; never the full help.
func TestUsageErrorOneLine(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"parity"}, {"repro"}, {"call"}, {"contract", "stray"}, {"load", "--timeout", "x"}} {
		code, stdout, stderr := run(t, args...)
		assert.Equal(t, exitUsage, code, args)
		assert.Empty(t, stdout, args)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		require.Len(t, lines, 2, "%v: %s", args, stderr)
		assert.True(t, strings.HasPrefix(lines[0], "livemsg "+args[0]+": "), lines[0])
		assert.True(t, strings.HasPrefix(lines[1], "usage: livemsg "+args[0]), lines[1])
		assert.True(t, strings.HasSuffix(lines[1], "; livemsg "+args[0]+" --help for more"), lines[1])
	}
}

// TestSuggest: a misspelt flag, command, operation or error code gets the
// nearest, not a list of everything.
func TestSuggest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"contract", "--tag", "@op:CreateLiveMessageGroup"}, "unknown flag --tag; did you mean --tags?"},
		{[]string{"contract", "--tag=@op:CreateLiveMessageGroup"}, "did you mean --tags?"},
		{[]string{"contrakt"}, `unknown command "contrakt"; did you mean contract?`},
		{[]string{"call", "CreateLiveMesageGroup", "AppId=a"}, `unknown operation "CreateLiveMesageGroup"; did you mean CreateLiveMessageGroup?`},
		{[]string{"contract", "--tags", "@op:DeleteLiveMessageGrop"}, `@op:DeleteLiveMessageGrop names no operation, did you mean @op:DeleteLiveMessageGroup?`},
		{[]string{"contract", "--tags", "@op:DeleteLiveMessageGroup && @code:ResourceNotExists"}, `@code:ResourceNotExists names no code a built-in scenario reproduces, did you mean @code:ResourceNotExist?`},
		{[]string{"repro", "ResourceNotExists"}, `no scenario reproduces "ResourceNotExists"; did you mean ResourceNotExist?`},
	} {
		code, _, stderr := run(t, tc.args...)
		assert.Equal(t, exitUsage, code, tc.args)
		assert.Contains(t, stderr, tc.want, tc.args)
		assert.NotContains(t, stderr, "known:", tc.args)
	}
	assert.Equal(t, "", harness.Nearest("zzzzzzzz", []string{"call", "mock"}), "nothing near: no guess")
}

// TestRealPrerequisitesAtOnce: a real-target run missing every
// prerequisite names them all in one message, not one per try.
func TestRealPrerequisitesAtOnce(t *testing.T) {
	t.Parallel() // run gives the command no credentials and no LIVEMSG_APP_ID
	code, stdout, stderr := run(t, "load", "--target", "real")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Equal(t, 1, strings.Count(stderr, "\n"), "one message: %s", stderr)
	for _, want := range []string{"--i-know-this-calls-the-real-service", "--max-requests N", "--app-id ID",
		"credentials (set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET)"} {
		assert.Contains(t, stderr, want)
	}
	code, _, stderr = run(t, "contract", "--target", "real")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "a real target needs --app-id ID (or LIVEMSG_APP_ID), credentials (set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET)")
}

// TestCompletion: livemsg completion bash prints a script that bash
// parses, with operation names, codes and flags from this build; zsh and
// fish print theirs; an unknown shell is a usage error.
func TestCompletion(t *testing.T) {
	t.Parallel()
	code, script, stderr := run(t, "completion", "bash")
	require.Equal(t, exitOK, code, stderr)
	for _, want := range []string{"CreateLiveMessageGroup", "DeleteLiveMessageGroup", "ResourceNotExist", "GroupId=",
		"--tags", "--output", "complete -o default -F _livemsg livemsg"} {
		assert.Contains(t, script, want)
	}
	bashPath, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	f := filepath.Join(t.TempDir(), "livemsg.bash")
	require.NoError(t, os.WriteFile(f, []byte(script), 0o644))
	out, err := exec.Command(bashPath, "-n", f).CombinedOutput()
	assert.NoError(t, err, "bash -n: %s", out)
	// and it completes: an operation after call, a Param= after it
	probe := filepath.Join(t.TempDir(), "probe.bash")
	require.NoError(t, os.WriteFile(probe, []byte(`source `+f+`
COMP_WORDS=(livemsg call --output json DeleteLiveMessageGroup Gr); COMP_CWORD=5; _livemsg; echo "${COMPREPLY[*]}"
COMP_WORDS=(livemsg repro ResourceNotE); COMP_CWORD=2; _livemsg; echo "${COMPREPLY[*]}"
`), 0o644))
	out, err = exec.Command(bashPath, probe).Output()
	require.NoError(t, err)
	assert.Equal(t, "GroupId=\nResourceNotExist\n", string(out))

	for _, shell := range []string{"zsh", "fish"} {
		code, script, stderr := run(t, "completion", shell)
		assert.Equal(t, exitOK, code, stderr)
		assert.Contains(t, script, "CreateLiveMessageGroup", shell)
		assert.Contains(t, script, "ResourceNotExist", shell)
	}
	code, _, stderr = run(t, "completion", "fisch")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "did you mean fish?")
}
