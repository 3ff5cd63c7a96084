package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/steps"
)

func writeProfile(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "profile.yaml")
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	return p
}

// TestLoadProfileMalformedExits2: a malformed profile is refused before
// any target is opened, exit 2, each mistake named by file, line and
// field; nothing is written.
func TestLoadProfileMalformedExits2(t *testing.T) {
	t.Parallel()
	p := writeProfile(t, "stages:\n  - {duration: 2s, rate: 5}\nmix:\n  SendLiveMessageGroup: ten\nthresholds:\n  - {metric: p95, below: 300}\n")
	out := t.TempDir()
	code, stdout, stderr := run(t, "load", "--profile", p, "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, p+`:4: mix.SendLiveMessageGroup: must be a number, not "ten"`)
	assert.Contains(t, stderr, p+`:6: thresholds[0].metric: unknown metric "p95"`)
	_, err := os.Stat(filepath.Join(out, "load"))
	assert.True(t, os.IsNotExist(err), "nothing written")

	code, _, stderr = run(t, "load", "--profile", filepath.Join(t.TempDir(), "absent.yaml"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "absent.yaml")

	code, _, stderr = run(t, "load", "--profile", p, "--op", "DeleteLiveMessageGroup")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--op, --find-limit and --max-throttled do not apply")
}

// TestLoadProfileRealTargetRefused: on a real target the plan is checked
// before anything is sent.
func TestLoadProfileRealTargetRefused(t *testing.T) {
	t.Parallel()
	useCanary(t)
	p := writeProfile(t, "start_rate: 10\nstages: [{duration: 10s, rate: 10}]\nmix: {DescribeLiveMessageGroup: 1}\nthresholds: [{metric: error_share, below: 0.01}]\n")
	code, _, stderr := run(t, "load", "--profile", p, "--target", "real", "--endpoint", "http://127.0.0.1:1", "--i-know-this-calls-the-real-service",
		"--app-id", "app", "--max-requests", "50")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "the profile plans up to 106 requests")
	assert.Contains(t, stderr, "over --max-requests 50")
}

// TestLoadProfileRefusedOperations: an operation a profile cannot mix is
// refused at the CLI, exit 2, with its reason and before any target is
// opened: the app's creation anywhere, the app-level writes on a real
// target (on the emulator they run).
func TestLoadProfileRefusedOperations(t *testing.T) {
	t.Parallel()
	useCanary(t)
	const rest = "stages: [{duration: 1s, rate: 5}]\nthresholds: [{metric: error_share, below: 0.01}]\n"
	p := writeProfile(t, rest+"mix: {CreateLiveMessageApp: 1}\n")
	code, stdout, stderr := run(t, "load", "--profile", p, "--out", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, p+":3: mix.CreateLiveMessageApp: cannot be mixed in a profile: it creates an app, which cannot be deleted")

	for _, op := range []string{"ModifyLiveMessageAppDisable", "ModifyLiveMessageAppAudit", "ModifyLiveMessageAppCallback"} {
		p := writeProfile(t, rest+"mix: {DescribeLiveMessageApp: 1, "+op+": 1}\n")
		out := t.TempDir()
		code, _, stderr := run(t, "load", "--profile", p, "--out", out, "--target", "real", "--endpoint", "http://127.0.0.1:1",
			"--i-know-this-calls-the-real-service", "--app-id", "app", "--max-requests", "100")
		assert.Equal(t, exitUsage, code, op)
		assert.Contains(t, stderr, p+":3: mix."+op+": "+op+" changes the app itself")
		assert.Contains(t, stderr, "never on a real target")
		_, err := os.Stat(filepath.Join(out, "load"))
		assert.True(t, os.IsNotExist(err), "nothing written")
	}
}

// TestLoadProfileVerdicts: a short profile under the limits exits 0 and
// writes its files (the vegeta results, summary.json, the report with its
// section, a journal with nothing left); one over the unmute limit exits
// 1 and says which threshold broke; progress lines go to stderr.
func TestLoadProfileVerdicts(t *testing.T) {
	t.Parallel()
	const mix = "mix: {SendLiveMessageGroup: 2, RemoveLiveMessageGroupBand: 2, AddLiveMessageGroupBand: 1, CreateLiveMessageGroup: 1, DeleteLiveMessageGroup: 1}\n"
	const th = "thresholds:\n  - {metric: throttled_share, below: 0.05, per: operation}\n  - {metric: error_share, below: 0.01}\n"
	for _, tc := range []struct {
		name   string
		rate   string
		code   int
		broken string
	}{
		{"under", "14", exitOK, ""},
		{"over the unmute limit", "49", exitFailed, "throttled_share below 0.05       RemoveLiveMessageGroupBand"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			timed(t)
			p := writeProfile(t, "start_rate: "+tc.rate+"\nstages: [{duration: 2s, rate: "+tc.rate+"}]\n"+mix+th)
			out := t.TempDir()
			code, stdout, stderr := run(t, "load", "--profile", p, "--out", out)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stderr, "[   0.0s] profile "+p, "a progress line a CI log reads")
			dir := load.ProfileDir(out)
			for _, f := range []string{load.ProfileResultsName, load.ProfileSummaryName, "report.html", load.ProfileJournalName} {
				_, err := os.Stat(filepath.Join(dir, f))
				assert.NoError(t, err, f)
			}
			b, err := os.ReadFile(filepath.Join(dir, load.ProfileSummaryName))
			require.NoError(t, err)
			var res load.ProfileResult
			require.NoError(t, json.Unmarshal(b, &res))
			assert.Len(t, res.Stages, 1)
			assert.Len(t, res.Operations, 5)
			html, err := os.ReadFile(filepath.Join(dir, "report.html"))
			require.NoError(t, err)
			assert.Contains(t, string(html), `<section id="profile">`)
			for _, f := range []string{load.ProfileResultsName, load.ProfileSummaryName} {
				assert.Contains(t, string(html), `<a href="`+f+`">`, "report.html links to the profile's %s", f)
			}
			left, err := steps.Leftovers(filepath.Join(dir, load.ProfileJournalName))
			require.NoError(t, err)
			assert.Empty(t, left, "every group the profile created is deleted")
			if tc.broken != "" {
				assert.Contains(t, stdout, tc.broken)
				assert.Contains(t, stdout, "BROKEN")
				assert.Equal(t, 1, strings.Count(stdout, "BROKEN"), "that operation only")
			} else {
				assert.NotContains(t, stdout, "BROKEN")
			}
		})
	}
}
