package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/version"
)

// TestEachCommandWritesItsOwnFolder runs contract, repro, load (twice) and
// run into one --out folder, as a CI job would, and checks that none
// replaced another's results and that a second load run did not pile its
// files onto the first's.
func TestEachCommandWritesItsOwnFolder(t *testing.T) {
	t.Parallel()
	timed(t)
	out := t.TempDir()
	began := time.Now()
	code, _, stderr := run(t, "contract", "--tags", "@op:DeleteLiveMessageGroup && ~@expensive && ~@code:Throttling.User", "--out", out)
	require.Equal(t, exitOK, code, stderr)
	junit := filepath.Join(out, "contract", "junit.xml")
	before, err := os.ReadFile(junit)
	require.NoError(t, err)

	code, _, stderr = run(t, "repro", "InvalidVersion", "--out", out)
	require.Equal(t, exitOK, code, stderr)
	after, err := os.ReadFile(junit)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "repro left contract's junit.xml alone")
	reproJunit, err := os.ReadFile(filepath.Join(out, "repro", "InvalidVersion", "junit.xml"))
	require.NoError(t, err, "repro writes DIR/repro/CODE/junit.xml")
	assert.Contains(t, string(reproJunit), "A version the API does not have", "the scenario tagged @code:InvalidVersion")

	load := func(op string) {
		code, _, stderr := run(t, "load", "--op", op, "--out", out)
		require.Contains(t, []int{exitOK, exitFailed}, code, stderr)
	}
	load("RemoveLiveMessageGroupBand")
	load("DeleteLiveMessageGroup")
	assert.Equal(t, []string{"DeleteLiveMessageGroup.bin", "summary.json"}, names(t, filepath.Join(out, "load")),
		"out/load holds the last load run's files only")

	baseline := writeBaseline(t)
	code, stdout, stderr := run(t, "run", "--tags", "@op:DeleteLiveMessageGroup && ~@expensive && ~@code:Throttling.User", "--out", out,
		"--baseline", baseline)
	require.Contains(t, []int{exitOK, exitFailed}, code, stderr)
	assert.Contains(t, stdout, "report: "+filepath.Join(out, "run", "report.html"))
	for _, f := range []string{"report.html", "summary.json", "contract/junit.xml", "contract/results.json", "load/summary.json"} {
		assert.FileExists(t, filepath.Join(out, "run", f), "run writes under DIR/run/")
	}
	runHTML, err := os.ReadFile(filepath.Join(out, "run", "report.html"))
	require.NoError(t, err)
	for _, f := range []string{"summary.json", "contract/junit.xml", "load/summary.json"} {
		assert.Contains(t, string(runHTML), `<a href="`+f+`">`, "report.html links to the run's %s", f)
	}
	after, err = os.ReadFile(junit)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "run left contract's junit.xml alone")
	checkRunInfo(t, filepath.Join(out, "run"), began)
	checkBaseline(t, filepath.Join(out, "run"), stdout)
	assert.Equal(t, []string{"DeleteLiveMessageGroup.bin", "summary.json"}, names(t, filepath.Join(out, "load")),
		"run left load's results alone")
	assert.Equal(t, []string{"contract", "load", "repro", "run"}, names(t, out), "nothing written at the top of DIR")
}

// checkRunInfo: summary.json and the report name the build, the command
// line and the start time of the run.
func checkRunInfo(t *testing.T, dir string, began time.Time) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	var sum struct {
		Livemsg struct {
			Version   string `json:"version"`
			Commit    string `json:"commit"`
			GoVersion string `json:"go_version"`
		} `json:"livemsg"`
		Args      []string  `json:"args"`
		StartedAt time.Time `json:"started_at"`
	}
	require.NoError(t, json.Unmarshal(b, &sum))
	v := version.Get()
	assert.Equal(t, v.Version, sum.Livemsg.Version)
	assert.Equal(t, v.Commit, sum.Livemsg.Commit)
	assert.Equal(t, runtime.Version(), sum.Livemsg.GoVersion)
	assert.Equal(t, "run", sum.Args[0])
	assert.Contains(t, sum.Args, "@op:DeleteLiveMessageGroup && ~@expensive && ~@code:Throttling.User", "the flags as given")
	assert.False(t, sum.StartedAt.Before(began.Add(-time.Second)) || sum.StartedAt.After(time.Now()), "started_at %s is the run's start", sum.StartedAt)
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "<dt>livemsg</dt><dd>"+v.Version, "the report header names the build")
	assert.Contains(t, string(html), "--tags &#39;@op:DeleteLiveMessageGroup &amp;&amp; ~@expensive &amp;&amp; ~@code:Throttling.User&#39;", "the report header shows the command line, quoted")
}

// writeBaseline writes an earlier run's summary.json: there, a scenario
// that passes today failed, one that no longer exists passed, and
// DeleteLiveMessageGroup measured a limit far from today's.
func writeBaseline(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "summary.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"verdict":"fail","started_at":"2025-06-01T08:00:00Z",
  "livemsg":{"version":"v0.3.0","go_version":"go1.26.0"},
  "features":[{"name":"Delete a group","scenarios":[
    {"feature":"Delete a group","name":"Deleting a group makes it unavailable and records the operator","status":"failed"},
    {"feature":"Delete a group","name":"A scenario since removed","status":"passed"}]}],
  "load":{"operations":[{"operation":"DeleteLiveMessageGroup","sustained_qps":500,"tolerance_qps":25,"steps":[{"rate":25,"p99_ms":0.5}]}]}}`), 0o644))
	return path
}

// checkBaseline: the comparison is in summary.json, on top of the report
// and in the command's output.
func checkBaseline(t *testing.T, dir, stdout string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	var sum struct {
		Baseline struct {
			Fixed   []string `json:"fixed"`
			Removed int      `json:"removed"`
			Limits  []struct {
				Operation string  `json:"operation"`
				Before    float64 `json:"before"`
			} `json:"limits_moved"`
		} `json:"baseline"`
	}
	require.NoError(t, json.Unmarshal(b, &sum))
	assert.Equal(t, []string{"Delete a group: Deleting a group makes it unavailable and records the operator"}, sum.Baseline.Fixed)
	assert.Equal(t, 1, sum.Baseline.Removed)
	require.Len(t, sum.Baseline.Limits, 1)
	assert.Equal(t, "DeleteLiveMessageGroup", sum.Baseline.Limits[0].Operation)
	assert.Equal(t, 500.0, sum.Baseline.Limits[0].Before)
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "✓ fixed: Delete a group: Deleting a group makes it unavailable")
	assert.Contains(t, stdout, "since the baseline (2025-06-01 08:00:00 UTC): 0 newly failing, 1 fixed, 1 limits moved")
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// TestLoadProgressIsPlainLinesOffTerminal: with stderr not a terminal
// (a CI log) load progress comes as whole lines, one per probe.
func TestLoadProgressIsPlainLinesOffTerminal(t *testing.T) {
	t.Parallel()
	timed(t)
	code, _, stderr := run(t, "load", "--op", "DeleteLiveMessageGroup", "--op", "RemoveLiveMessageGroupBand", "--out", "")
	require.Contains(t, []int{exitOK, exitFailed}, code, stderr)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	require.Len(t, lines, 2, "one whole line per probe: %q", stderr)
	for i, op := range []string{"DeleteLiveMessageGroup", "RemoveLiveMessageGroupBand"} {
		assert.Contains(t, lines[i], op+": from ", "line %d names its probe", i)
		assert.Contains(t, lines[i], "sustained ", "line %d is whole: the probe and what it measured", i)
	}
}
