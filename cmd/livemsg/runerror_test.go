package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/steps"
)

// TestRunReportsErrorsApart: behind a proxy that breaches the contract on
// some answers and answers 502 pages on others, run's report and
// summary.json count the 502 scenarios as errors (not judged), apart from
// the contract failures, each with its own reason of the verdict.
func TestRunReportsErrorsApart(t *testing.T) {
	t.Parallel()
	require.Equal(t, reports.Errored, steps.StatusError, "one spelling of the status from the suite to the report")
	require.Equal(t, reports.Failed, steps.StatusFailed)
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	broken := newBreakingProxy(t, emu.URL, faultproxy.BadGateway(t))
	out := t.TempDir()
	code, stdout, stderr := run(t, "run", "--target", "real", "--endpoint", broken, "--app-id", app, "--out", out,
		"--tags", "@op:DeleteLiveMessageGroup,@op:RecoverLiveMessageDeletedGroup")
	assert.Equal(t, exitUsage, code, "%s\n%s", stdout, stderr)

	b, err := os.ReadFile(filepath.Join(out, "run", "summary.json"))
	require.NoError(t, err)
	var s reports.Summary
	require.NoError(t, json.Unmarshal(b, &s))
	c := s.Counts.Scenarios
	assert.Positive(t, c.Errors, "the 502 answers are errors")
	assert.Positive(t, c.Failed, "the renamed field is a contract failure")
	assert.Equal(t, c.Total, c.Passed+c.Failed+c.Errors+c.Skipped)
	scenarios := "scenarios"
	if c.Errors == 1 {
		scenarios = "scenario"
	}
	assert.Contains(t, s.Reasons, fmt.Sprintf("%d %s could not run: no Alibaba answer (errors, not judged)", c.Errors, scenarios))
	for _, f := range s.Features {
		for _, r := range f.Scenarios {
			if r.Status == reports.Errored {
				assert.Contains(t, r.Error, "target answered 502 text/html", r.Name)
			}
		}
	}
	html, err := os.ReadFile(filepath.Join(out, "run", "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), `<span class="pill err">⚠ error</span>`)
	assert.Contains(t, string(html), "Could not run (no Alibaba answer, not judged):")
}
