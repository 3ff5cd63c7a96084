package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/reports"
)

// answersNever1Missing is a provider that refutes the @assumption "Deleting
// a group that does not exist answers with its id": it answers
// ResourceNotExist for a group never created.
var answersNever1Missing = breakage.Provider{Name: "a group never created is ResourceNotExist", Answer: func(_ http.Header, b []byte) []byte {
	if !bytes.Contains(b, []byte(`never1","RequestId":"`)) {
		return b
	}
	rid := regexp.MustCompile(`"RequestId":"([^"]+)"`).FindSubmatch(b)
	return []byte(`{"Code":"ResourceNotExist","HostId":"live.aliyuncs.com","Message":"The group does not exist.","RequestId":"` + string(rid[1]) + `"}`)
}}

// TestRunWithParity: run --record DIR --parity DIR on a real target (an
// emulator behind a proxy in its place) replays the run's own recordings;
// the report and summary.json get the parity section and each @assumption
// scenario the recording that confirms it, or, behind a provider that
// breaks the assumption, refutes it, and the verdict fails with the reason.
func TestRunWithParity(t *testing.T) {
	t.Parallel()
	useEmulatorKey(t)
	for _, tc := range []struct {
		name     string
		provider breakage.Provider
		exit     int
		verdict  string // of the scenario that deletes a group never created
	}{
		{"faithful", breakage.Provider{Name: "faithful"}, exitOK, reports.Confirmed},
		{"refutes an assumption", answersNever1Missing, exitFailed, reports.Refuted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.provider.Start()
			defer srv.Close()
			app := newApp(t, srv.URL)
			out, cas := t.TempDir(), filepath.Join(t.TempDir(), "cassettes")
			code, stdout, stderr := run(t, "run", "--target", "real", "--endpoint", srv.URL, "--app-id", app, "--out", out,
				"--tags", "@assumption && @op:DeleteLiveMessageGroup", "--record", cas, "--parity", cas)
			require.Equal(t, tc.exit, code, "%s\n%s", stdout, stderr)
			assert.Regexp(t, `parity: 2 recordings of .* replayed against a fresh embedded emulator per cassette: \d differ`, stdout)

			b, err := os.ReadFile(filepath.Join(out, "run", "summary.json"))
			require.NoError(t, err)
			var s reports.Summary
			require.NoError(t, json.Unmarshal(b, &s))
			require.NotNil(t, s.Parity, "summary.json has the parity section")
			require.NotNil(t, s.Counts.Parity)
			assert.Equal(t, 2, s.Counts.Parity.Recordings)
			found := false
			for _, a := range s.Assumptions {
				if a.Name == "Deleting a group that does not exist answers with its id" {
					found = true
					require.Len(t, a.Evidence, 1, "one recording of it")
					assert.Equal(t, tc.verdict, a.Evidence[0].Verdict)
					assert.Equal(t, srv.URL, a.Evidence[0].Endpoint)
				}
			}
			assert.True(t, found, "the assumption is in the list: %+v", s.Assumptions)

			html, err := os.ReadFile(filepath.Join(out, "run", "report.html"))
			require.NoError(t, err)
			assert.Contains(t, string(html), `<section id="parity">`)
			if tc.verdict == reports.Refuted {
				assert.Contains(t, s.Reasons, "parity: 1 @assumption refuted by a recording on a real target")
				assert.Contains(t, s.Reasons, "parity: 1 of 2 recordings differ from the emulator")
				assert.Contains(t, string(html), "✗ refuted by a recording on "+srv.URL)
			} else {
				assert.Equal(t, reports.Pass, s.Verdict, s.Reasons)
				assert.Equal(t, 2, s.Counts.Parity.Confirmed)
				assert.Contains(t, string(html), "✓ confirmed by a recording on "+srv.URL)
			}
		})
	}
	code, _, stderr := run(t, "run", "--parity", filepath.Join(t.TempDir(), "none"), "--out", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--parity")
}
