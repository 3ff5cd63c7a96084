package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	summaryLine = regexp.MustCompile(`(?m)^contract suite on .*: \d+ scenarios, \d+ passed, \d+ failed, \d+ errors, \d+ skipped in `)
	dotsLine    = regexp.MustCompile(`(?m)^\s*\.+\s*(\d+)?\s*$`)
	goFrame     = regexp.MustCompile(`\.go:\d+`)
)

// assertOneVoice: livemsg alone speaks; godog's progress dots, summary
// and Go snippets never show.
func assertOneVoice(t *testing.T, stdout, stderr string) {
	t.Helper()
	all := stdout + stderr
	assert.Len(t, summaryLine.FindAllString(stdout, -1), 1, "one summary line:\n%s", all)
	assert.NotRegexp(t, dotsLine, all, "no line of godog's progress dots")
	assert.NotContains(t, all, "scenarios (", "no godog summary")
	assert.NotContains(t, all, "steps (", "no godog summary")
	assert.NotContains(t, all, "godog.ErrPending", "no godog snippet")
	assert.NotContains(t, all, "Error Trace:", "no testify frames")
}

// TestOneVoice: contract, repro and run on the emulator print one summary
// and nothing of godog's. Not parallel: its run must pass three probes,
// and beside the package's other tests, under -race on two cores, the
// probe of DeleteLiveMessageGroup came out inconclusive in most runs
// (alone, 5 runs of 6 passed on a machine busy with other work).
func TestOneVoice(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"contract", []string{"contract", "--tags", "@op:DeleteLiveMessageGroup"}},
		{"repro", []string{"repro", "ResourceNotExist"}},
		{"run", []string{"run", "--tags", "@op:DeleteLiveMessageGroup"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append(tc.args, "--out", t.TempDir())...)
			require.Equal(t, exitOK, code, stdout+stderr)
			assertOneVoice(t, stdout, stderr)
		})
	}
}

// TestFailureBlock: a scenario expecting the wrong code prints a block
// with the file and line, the step, expected against actual, the
// exchange and a call line, and no Go stack frame.
func TestFailureBlock(t *testing.T) {
	t.Parallel()
	dir := writeFeature(t, "Feature: Ours\n  Scenario: expects the wrong code\n    Given an app\n    When I recover group \"g1\"\n    Then the call fails with \"NoAuth\"\n")
	out := t.TempDir()
	code, stdout, stderr := run(t, "contract", "--features", dir, "--builtin=false", "--out", out)
	require.Equal(t, exitFailed, code, stdout+stderr)
	assertOneVoice(t, stdout, stderr)
	cuke, err := os.ReadFile(filepath.Join(out, "contract", "cucumber.json"))
	require.NoError(t, err)
	assert.Contains(t, string(cuke), `expected: \"NoAuth\"`, "cucumber.json keeps the check's message")
	assert.NotContains(t, string(cuke), "fail called on TestingT")
	for _, want := range []string{
		"mine.feature:2: Ours: expects the wrong code",
		`mine.feature:5: Then the call fails with "NoAuth"`,
		`expected: "NoAuth"`,
		`actual  : "ResourceNotExist"`,
		"> POST http://",
		`< {"Code":"ResourceNotExist"`,
		"send it again: livemsg call RecoverLiveMessageDeletedGroup AppId=",
	} {
		assert.Contains(t, stdout, want)
	}
	assert.NotRegexp(t, goFrame, stdout+stderr, "no Go stack frame")
	assert.Equal(t, 1, strings.Count(stdout, "expected: \"NoAuth\""), "the failure said once")
}

// TestUndefinedStepSuggests: a step no definition matches is named by
// file and line with the nearest registered steps, not godog's snippet.
func TestUndefinedStepSuggests(t *testing.T) {
	t.Parallel()
	dir := writeFeature(t, "Feature: Ours\n  Scenario: a typo\n    Given an app\n    When I recovr group \"g1\"\n")
	code, stdout, stderr := run(t, "contract", "--features", dir, "--builtin=false", "--out", "")
	require.Equal(t, exitFailed, code, stdout+stderr)
	assertOneVoice(t, stdout, stderr)
	assert.Contains(t, stdout, `mine.feature:4: no step of livemsg's matches "I recovr group \"g1\""`)
	assert.Contains(t, stdout, `    When I recover group "g1"`, "the nearest step suggested")
	assert.NotContains(t, stdout+stderr, "func ", "no Go snippet")
}

// TestFailureVerbose: --verbose prints the check whole, frames included.
func TestFailureVerbose(t *testing.T) {
	t.Parallel()
	dir := writeFeature(t, "Feature: Ours\n  Scenario: expects the wrong code\n    Given an app\n    When I recover group \"g1\"\n    Then the call fails with \"NoAuth\"\n")
	code, stdout, stderr := run(t, "contract", "--features", dir, "--builtin=false", "--out", "", "--verbose")
	require.Equal(t, exitFailed, code, stdout+stderr)
	assert.Equal(t, 1, strings.Count(stdout, "Error Trace:"), "the frames once:\n%s", stdout)
	assert.Contains(t, stdout, "send it again: livemsg call RecoverLiveMessageDeletedGroup")
}
