package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/steps"
)

const exampleFeatures = "../../examples/features"

// results reads DIR/contract/results.json: scenario name -> status, and
// scenario name -> feature.
func results(t *testing.T, out string) (status, feature map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "contract", "results.json"))
	require.NoError(t, err)
	var res steps.Result
	require.NoError(t, json.Unmarshal(b, &res))
	status, feature = map[string]string{}, map[string]string{}
	for _, s := range res.Scenarios {
		status[s.Name], feature[s.Name] = s.Status, s.Feature
	}
	return status, feature
}

// TestContractRunsTheExampleFeature: the documented example in examples/
// runs through the CLI against the embedded emulator, alone and with the
// built-in scenarios.
func TestContractRunsTheExampleFeature(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, stdout, stderr := run(t, "contract", "--features", exampleFeatures, "--builtin=false", "--out", out)
	require.Equal(t, exitOK, code, stdout+stderr)
	status, feature := results(t, out)
	assert.Equal(t, map[string]string{
		"A moderator lets two muted users speak again":     "passed",
		"Closing a room keeps it recoverable":              "passed",
		"A room that was never opened cannot be recovered": "passed",
	}, status, "only the example's scenarios ran")
	assert.Equal(t, "Moderating a chat room", feature["Closing a room keeps it recoverable"], "the feature's own title")

	out = t.TempDir()
	code, stdout, stderr = run(t, "contract", "--features", exampleFeatures, "--tags", "@op:RecoverLiveMessageDeletedGroup && ~@code:Throttling.User", "--out", out)
	require.Equal(t, exitOK, code, stdout+stderr)
	status, feature = results(t, out)
	assert.Equal(t, "passed", status["A room that was never opened cannot be recovered"], "the user's scenario ran")
	builtin := 0
	for name := range status {
		if feature[name] != "Moderating a chat room" {
			builtin++
		}
	}
	assert.Positive(t, builtin, "the built-in scenarios tagged the same ran with it: %v", status)
}

func writeFeature(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mine.feature"), []byte(text), 0o644))
	return dir
}

// TestContractUserFeatureFailures: a user's scenario whose expectation the
// provider does not meet fails the run (exit 1) under its own feature; a
// step no definition matches says to look at livemsg steps.
func TestContractUserFeatureFailures(t *testing.T) {
	t.Parallel()
	wrong := writeFeature(t, "Feature: Ours\n  Scenario: expects the wrong code\n    Given an app\n    When I recover group \"g1\"\n    Then the call fails with \"NoAuth\"\n")
	out := t.TempDir()
	code, stdout, stderr := run(t, "contract", "--features", wrong, "--builtin=false", "--out", out)
	assert.Equal(t, exitFailed, code, stdout+stderr)
	status, feature := results(t, out)
	assert.Equal(t, map[string]string{"expects the wrong code": "failed"}, status)
	assert.Equal(t, "Ours", feature["expects the wrong code"])

	typo := writeFeature(t, "Feature: Ours\n  Scenario: a typo\n    Given an app\n    When I frobnicate group \"g1\"\n")
	code, stdout, stderr = run(t, "contract", "--features", typo, "--builtin=false", "--out", "")
	assert.Equal(t, exitFailed, code, stdout+stderr)
	assert.Contains(t, stderr, "livemsg steps lists the steps")
}

func TestContractFeaturesUsage(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	broken := writeFeature(t, "Feature: Broken\n  Scenario: s\n    Given an app\n    \"\"\"\n    never closed\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing folder", []string{"--features", filepath.Join(empty, "nope")}, "no such file or directory"},
		{"folder without features", []string{"--features", empty}, "holds no .feature file"},
		{"nothing to run", []string{"--builtin=false"}, "--builtin=false needs --features DIR"},
		{"a file that does not parse", []string{"--features", broken}, filepath.ToSlash(filepath.Join(broken, "mine.feature")) + ": "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"contract", "--out", ""}, tc.args...)...)
			assert.Equal(t, exitUsage, code, stdout+stderr)
			assert.Contains(t, stderr, tc.want)
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
		})
	}
}

// TestStepsListsEveryDefinition: livemsg steps prints each registered
// expression with its example; --json holds the same list.
func TestStepsListsEveryDefinition(t *testing.T) {
	t.Parallel()
	defs, err := steps.Definitions()
	require.NoError(t, err)
	code, stdout, stderr := run(t, "steps")
	require.Equal(t, exitOK, code, stderr)
	for _, d := range defs {
		// printed output passes the redaction point: an example naming the
		// emulator's default key id shows it masked
		// (and other tests of this process register credentials of their own)
		assert.Contains(t, stdout, aliyun.RedactText("  "+d.Expression+"\n      e.g. "+d.Example), "listed with its example")
	}
	code, stdout, stderr = run(t, "steps", "--json")
	require.Equal(t, exitOK, code, stderr)
	var got []steps.Definition
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	for i := range defs {
		defs[i].Expression, defs[i].Example = aliyun.RedactText(defs[i].Expression), aliyun.RedactText(defs[i].Example)
	}
	assert.ElementsMatch(t, defs, got)
}

// TestRunBaselineUsage: a baseline that cannot be read stops run before
// anything is sent.
func TestRunBaselineUsage(t *testing.T) {
	t.Parallel()
	notSummary := filepath.Join(t.TempDir(), "x.json")
	require.NoError(t, os.WriteFile(notSummary, []byte(`{"hello":1}`), 0o644))
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(t.TempDir(), "missing.json"), "no such file"},
		{notSummary, "not a livemsg summary.json"},
	} {
		code, stdout, stderr := run(t, "run", "--baseline", tc.path, "--out", t.TempDir())
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "--baseline "+tc.path+": ")
		assert.Contains(t, stderr, tc.want)
		assert.Empty(t, stdout, "nothing ran")
	}
}
