package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	junit "github.com/joshdk/go-junit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
)

// newApp creates an app on an emulator with the canary key and returns it.
func newApp(t *testing.T, endpoint string) string {
	t.Helper()
	code, stdout, stderr := run(t, "call", "--target", "real", "--endpoint", endpoint, "CreateLiveMessageApp", "AppName=faults")
	require.Equal(t, exitOK, code, stderr)
	var app struct{ AppId string }
	require.NoError(t, json.Unmarshal([]byte(stdout[strings.LastIndex(stdout, "\n<\n< ")+5:]), &app))
	return app.AppId
}

func canaryEmulator(t *testing.T) *mock.Server {
	useCanary(t)
	emu := mock.NewServer(mock.WithKey(mock.Key{ID: canaryID, Secret: canarySecret, Account: mock.DefaultAccount}))
	t.Cleanup(emu.Close)
	return emu
}

// ingest reads junit.xml with a JUnit consumer and checks that the totals
// it declares are those of its test cases.
// junitIn finds the one junit.xml a command wrote under out (each command
// has its own folder: contract/, repro/CODE/, run/contract/).
func junitIn(t *testing.T, out string) string {
	t.Helper()
	var found []string
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "junit.xml" {
			found = append(found, p)
		}
		return nil
	})
	require.Len(t, found, 1, "one junit.xml under %s", out)
	return found[0]
}

func ingest(t *testing.T, dir string) junit.Totals {
	t.Helper()
	path := junitIn(t, dir)
	suites, err := junit.IngestFile(path) // the <testsuite> elements
	require.NoError(t, err)
	require.NotEmpty(t, suites)
	var got junit.Totals
	for _, s := range suites {
		for _, tc := range s.Tests {
			assert.Equal(t, s.Name, tc.Classname)
			if tc.Status == junit.StatusSkipped {
				assert.NotEmpty(t, tc.Message, "skipped %q says why", tc.Name)
			}
		}
		for attr, n := range map[string]int{"tests": s.Totals.Tests, "failures": s.Totals.Failed, "errors": s.Totals.Error, "skipped": s.Totals.Skipped} {
			assert.Equal(t, itoa(n), s.Properties[attr], "suite %q: %s attribute", s.Name, attr)
		}
		got.Tests += s.Totals.Tests
		got.Passed += s.Totals.Passed
		got.Failed += s.Totals.Failed
		got.Error += s.Totals.Error
		got.Skipped += s.Totals.Skipped
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var root struct {
		XMLName  xml.Name
		Tests    string `xml:"tests,attr"`
		Failures string `xml:"failures,attr"`
		Errors   string `xml:"errors,attr"`
		Skipped  string `xml:"skipped,attr"`
	}
	require.NoError(t, xml.Unmarshal(b, &root))
	assert.Equal(t, "testsuites", root.XMLName.Local)
	assert.Equal(t, []string{itoa(got.Tests), itoa(got.Failed), itoa(got.Error), itoa(got.Skipped)},
		[]string{root.Tests, root.Failures, root.Errors, root.Skipped}, "<testsuites> tests, failures, errors, skipped")
	assert.Equal(t, got.Tests, got.Passed+got.Failed+got.Error+got.Skipped)
	return got
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestNetworkFaultsCouldNotRun: an unreachable target, one answering 502
// HTML, one that never answers and one that resets connections are "could
// not run" (exit 2) with one diagnosis naming the cause and the count, and
// their scenarios are JUnit errors, never contract failures.
func TestNetworkFaultsCouldNotRun(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	for _, tc := range []struct {
		name, endpoint, want string
		mayBeLeft            bool // creates may have been carried out: their groups are listed
	}{
		// no connection: nothing was sent, nothing is listed
		{"refused", faultproxy.Refused(t), "could not run: target unreachable: connection refused (3 of 3 calls)", false},
		// the first scenario sent a create (not resent), read it back
		// (DescribeLiveMessageGroup, resent 3 times: --retries; no answer,
		// so its outcome is unknown) and a delete of the group it may have
		// made, resent 3 times: 9 calls without an answer, and the run
		// stops before the next scenario
		{"502 html", faultproxy.BadGateway(t), "could not run: target answered 502 text/html 9 times: not an Alibaba endpoint?", true},
		{"silent", faultproxy.Silent(t), "could not run: no answer within 300ms (9 of 9 calls)", true},
		{"resets", faultproxy.NewResetting(t, emu.URL, 4).URL, "connection reset (", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each waits on its own fault: timeouts and backoffs, not the cores
			out := t.TempDir()
			start := time.Now()
			code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", tc.endpoint, "--app-id", app,
				"--timeout", "300ms", "--deadline", "60s", "--out", out, "--tags", "@op:RemoveLiveMessageGroupBand,@op:DescribeLiveMessageGroup")
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.Equal(t, 1, strings.Count(stderr, "could not run"), "one diagnosis:\n%s", stderr)
			assert.Contains(t, stdout, " 0 failed", "no contract failure is claimed")
			assert.Less(t, time.Since(start), 30*time.Second)
			if tc.mayBeLeft {
				assert.Contains(t, stderr, "1 group may be left on the account (reading it back got no answer)")
				assert.Contains(t, stderr, "livemsg cleanup --target real --endpoint "+tc.endpoint)
			} else if tc.name == "refused" {
				assert.NotContains(t, stderr, "livemsg cleanup", "a create that never left made nothing")
			}
			tot := ingest(t, out)
			assert.Zero(t, tot.Failed, "transport faults are not failures")
			assert.Positive(t, tot.Error, "transport faults are JUnit errors")

			code, _, stderr = run(t, "call", "--target", "real", "--endpoint", tc.endpoint, "--timeout", "300ms",
				"DescribeLiveMessageGroup", "AppId="+app, "GroupId=g1")
			if tc.name != "resets" {
				assert.Equal(t, exitUsage, code, stderr)
				assert.Contains(t, stderr, "could not run: DescribeLiveMessageGroup: ")
			}
		})
	}
	// the emulator path says the same of an unreachable endpoint
	code, _, stderr := run(t, "contract", "--target", "mock", "--endpoint", faultproxy.Refused(t))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "target unreachable: connection refused")
}

// TestDeadlineBoundsARun: a target that never answers, with a long
// --timeout, is cut by --deadline: exit 2, what ran is reported, and the
// cancelled scenarios are skipped, not failed. On a healthy emulator the
// scenarios cut short are skipped too.
func TestDeadlineBoundsARun(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	out := t.TempDir()
	start := time.Now()
	code, _, stderr := run(t, "contract", "--target", "real", "--endpoint", faultproxy.Silent(t), "--app-id", app,
		"--timeout", "60s", "--deadline", "1s", "--out", out)
	// the silent target would hold each call for the whole --timeout of
	// 60s: well under that, the run was cut by its deadline (the rest is
	// skipping the other scenarios, slower on a busy runner under -race)
	assert.Less(t, time.Since(start), 30*time.Second, "bounded by --deadline")
	assert.Equal(t, exitUsage, code)
	assert.Regexp(t, `the --deadline of 1s passed: 0 of \d+ scenarios ran`, stderr)
	tot := ingest(t, out)
	assert.Equal(t, tot.Tests, tot.Skipped)
	_, err := os.Stat(filepath.Join(out, "contract", "results.json"))
	assert.NoError(t, err, "what ran is written")

	out = t.TempDir()
	code, stdout, stderr := run(t, "contract", "--deadline", "1500ms", "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "the --deadline of 1.5s passed: ")
	assert.Contains(t, stdout, " 0 failed")
	tot = ingest(t, out)
	assert.Zero(t, tot.Failed, "scenarios cut short are not failures")
	assert.Positive(t, tot.Skipped)
}

// TestLeftoversAreListed: when the deletions of a real-target run are
// lost (the network resets them), the run lists every group left and the
// exact cleanup command, exits 2, and that command deletes them.
func TestLeftoversAreListed(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	proxy := faultproxy.NewResettingWhere(t, emu.URL, 1, func(r *http.Request) bool {
		return faultproxy.Action(r) == "DeleteLiveMessageGroup"
	})
	out := t.TempDir()
	code, _, stderr := run(t, "contract", "--target", "real", "--endpoint", proxy.URL, "--app-id", app, "--out", out,
		"--tags", "@op:RemoveLiveMessageGroupBand && ~@code:InputInvalid")
	assert.Equal(t, exitUsage, code)
	journal := filepath.Join(out, "contract", "journal.jsonl")
	left, err := steps.Leftovers(journal)
	require.NoError(t, err)
	require.NotEmpty(t, left[app], "groups were left")
	assert.Contains(t, stderr, "could not be deleted")
	for _, g := range left[app] {
		assert.Contains(t, stderr, "app "+app+" group "+g)
	}
	cmd := "livemsg cleanup --target real --endpoint " + proxy.URL + " --journal " + journal
	assert.Contains(t, stderr, cmd)

	args := strings.Fields(strings.TrimPrefix(cmd, "livemsg "))
	code, _, stderr = run(t, args...)
	assert.Equal(t, exitUsage, code, "the network still loses the deletions")
	assert.Contains(t, stderr, "connection reset")

	args[4] = emu.URL // the same command, on a good network
	code, stdout, stderr := run(t, args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "deleted ")
	left, err = steps.Leftovers(journal)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// TestOverLimitNeedsConsent: on a real target the throttling scenarios
// send nothing without --i-know-this-calls-the-real-service; they are
// skipped with the reason, and a run where nothing ran is no pass.
func TestOverLimitNeedsConsent(t *testing.T) {
	t.Parallel()
	timed(t)
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	counter := faultproxy.NewResetting(t, emu.URL, 1<<30)
	for _, cmd := range [][]string{{"contract", "--tags", "@code:Throttling.User"}, {"repro", "Throttling.User"}} {
		out := t.TempDir()
		args := append(cmd, "--target", "real", "--endpoint", counter.URL, "--app-id", app, "--out", out)
		code, _, stderr := run(t, args...)
		assert.Equal(t, exitUsage, code, stderr)
		assert.Contains(t, stderr, "no scenario ran")
		assert.Zero(t, counter.Total.Load(), "%s sent nothing", cmd[0])
		tot := ingest(t, out)
		assert.Equal(t, tot.Tests, tot.Skipped)
		b, _ := os.ReadFile(junitIn(t, out))
		assert.Contains(t, string(b), "--i-know-this-calls-the-real-service")
	}
	out := t.TempDir()
	code, _, stderr := run(t, "contract", "--tags", "@code:Throttling.User && @op:DeleteLiveMessageGroup", "--target", "real",
		"--endpoint", counter.URL, "--app-id", app, "--out", out, "--"+harness.ConsentFlag)
	assert.Equal(t, exitOK, code, stderr)
	assert.Greater(t, counter.Total.Load(), int64(50), "with consent the bursts are sent")
}

// TestJUnitForCI: a run with a contract breach, a transport fault and
// skips, read by a JUnit consumer: failure, error and skipped (with the
// reason) each where they belong, totals that add up.
func TestJUnitForCI(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	html := faultproxy.BadGateway(t)
	broken := newBreakingProxy(t, emu.URL, html)
	out := t.TempDir()
	code, _, stderr := run(t, "contract", "--target", "real", "--endpoint", broken, "--app-id", app, "--out", out,
		"--tags", "@op:DeleteLiveMessageGroup,@op:RecoverLiveMessageDeletedGroup")
	assert.Equal(t, exitUsage, code, stderr)
	tot := ingest(t, out)
	assert.Positive(t, tot.Passed)
	assert.Positive(t, tot.Failed, "the renamed field is a contract failure")
	assert.Positive(t, tot.Error, "the 502 answers are errors")
	assert.Positive(t, tot.Skipped, "@mock and throttling scenarios are skipped")
	suites, err := junit.IngestFile(filepath.Join(out, "contract", "junit.xml"))
	require.NoError(t, err)
	reasons := map[string]bool{}
	for _, s := range suites {
		for _, tc := range s.Tests {
			switch tc.Status {
			case junit.StatusSkipped:
				reasons[tc.Message] = true
			case junit.StatusError:
				assert.Equal(t, "transport", tc.Error.(junit.Error).Type)
				assert.Contains(t, tc.Message, "RecoverLiveMessageDeletedGroup: target answered 502 text/html")
			case junit.StatusFailed:
				assert.Equal(t, "contract", tc.Error.(junit.Error).Type)
			}
		}
	}
	assert.True(t, reasons["needs the emulator's admin API (@mock)"], "reasons: %v", reasons)
}

// newBreakingProxy answers every RecoverLiveMessageDeletedGroup with the
// 502 page of html, and renames the Deletor field of every answer (a
// contract breach); the rest passes to backend.
func newBreakingProxy(t *testing.T, backend, html string) string {
	u, err := url.Parse(backend)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body.Close()
		body = bytes.ReplaceAll(body, []byte(`"Deletor"`), []byte(`"Deleter"`))
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	hu, err := url.Parse(html)
	require.NoError(t, err)
	bad := httputil.NewSingleHostReverseProxy(hu)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if faultproxy.Action(r) == "RecoverLiveMessageDeletedGroup" {
			bad.ServeHTTP(w, r)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestLoadProbeGroupLeftIsListed: the unmute probe creates a group on the
// real account and deletes it afterwards; when that deletion is lost, the
// load run lists the group with the cleanup command and exits 2, and that
// command deletes it.
func TestLoadProbeGroupLeftIsListed(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	proxy := faultproxy.NewResettingWhere(t, emu.URL, 1, func(r *http.Request) bool {
		return faultproxy.Action(r) == "DeleteLiveMessageGroup"
	})
	out := t.TempDir()
	code, _, stderr := run(t, "load", "--target", "real", "--endpoint", proxy.URL, "--app-id", app, "--out", out,
		"--op", "RemoveLiveMessageGroupBand", "--"+harness.ConsentFlag, "--max-requests", "1000")
	assert.Equal(t, exitUsage, code, stderr)
	journal := filepath.Join(out, "load", "journal.jsonl")
	left, err := steps.Leftovers(journal)
	require.NoError(t, err)
	require.Len(t, left[app], 1, "the probe's group was left")
	assert.Contains(t, stderr, "app "+app+" group "+left[app][0])
	cmd := "livemsg cleanup --target real --endpoint " + proxy.URL + " --journal " + journal
	assert.Contains(t, stderr, cmd)

	args := strings.Fields(strings.TrimPrefix(cmd, "livemsg "))
	args[4] = emu.URL // the same command, on a good network
	code, _, stderr = run(t, args...)
	require.Equal(t, exitOK, code, stderr)
	left, err = steps.Leftovers(journal)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// TestProfileGroupsLeftAreListed: a profile on a real account creates
// groups and deletes them; when the deletions are lost, the run lists each
// group with the cleanup command and exits 2.
func TestProfileGroupsLeftAreListed(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	proxy := faultproxy.NewResettingWhere(t, emu.URL, 1, func(r *http.Request) bool {
		return faultproxy.Action(r) == "DeleteLiveMessageGroup"
	})
	profile := filepath.Join(t.TempDir(), "p.yaml")
	require.NoError(t, os.WriteFile(profile, []byte(`stages:
  - {duration: 1s, rate: 4}
mix:
  CreateLiveMessageGroup: 1
groups: 2
thresholds:
  - {metric: p95_ms, below: 5000}
`), 0o644))
	out := t.TempDir()
	code, _, stderr := run(t, "load", "--profile", profile, "--target", "real", "--endpoint", proxy.URL, "--app-id", app,
		"--out", out, "--"+harness.ConsentFlag, "--max-requests", "100")
	assert.Equal(t, exitUsage, code, stderr)
	journal := filepath.Join(out, "load", "profile", "journal.jsonl")
	left, err := steps.Leftovers(journal)
	require.NoError(t, err)
	require.NotEmpty(t, left[app], "the profile's groups were left")
	for _, g := range left[app] {
		assert.Contains(t, stderr, "app "+app+" group "+g)
	}
	assert.Contains(t, stderr, "livemsg cleanup --target real --endpoint "+proxy.URL+" --journal "+journal)
}
