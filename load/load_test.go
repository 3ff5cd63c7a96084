package load_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
)

// newApp creates an app on the emulator through the API.
func newApp(t *testing.T, c *aliyun.Client) string {
	t.Helper()
	resp, err := c.Do(context.Background(), aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "loadtest"}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "create app: %d %s", resp.Status, resp.Code)
	id, _ := resp.Fields["AppId"].(string)
	require.NotEmpty(t, id)
	return id
}

// TestRunWritesWhatItMeasured: summary.json has the sustained limit,
// burst, window, shape and headers; the vegeta file reads back with every
// answer; the probe's group is gone afterwards; progress says what ran.
func TestRunWritesWhatItMeasured(t *testing.T) {
	t.Parallel()
	defer gated()()
	srv := mock.NewServer()
	defer srv.Close()
	c := client(srv)
	app := newApp(t, c)
	out := t.TempDir()
	var progress lockedBuffer
	sum, err := load.Run(context.Background(), load.Config{Client: c, AppID: app, Target: "emulator", Operations: []string{"RemoveLiveMessageGroupBand"},
		OutDir: out, Progress: &progress})
	require.NoError(t, err)
	require.Len(t, sum.Operations, 1)
	op := sum.Operations[0]
	assert.Equal(t, load.Pass, op.Verdict, op.Note)
	assert.InDelta(t, 10, op.SustainedQPS, 1)
	assert.Equal(t, load.ShapeSliding, op.Shape, "the emulator's default")
	require.Len(t, op.Steps, 1)
	step := op.Steps[0]
	assert.Equal(t, load.ResultFile(out, "RemoveLiveMessageGroupBand"), step.File)
	assert.Equal(t, op.Requests-2, countResults(t, step.File), "vegeta reads every result back (the group's setup and teardown aside)")
	assert.Regexp(t, `RemoveLiveMessageGroupBand: from 30 rps \(at most 30 throttled, 10s\) \.\.\. sustained 10\.0 rps, burst \d+, sliding \(\d+ throttled, [\d.]+s\)`, progress.String())

	b, err := os.ReadFile(load.SummaryFile(out))
	require.NoError(t, err)
	var doc struct {
		Target     string           `json:"target"`
		Operations []map[string]any `json:"operations"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Len(t, doc.Operations, 1)
	for _, k := range []string{"operation", "documented_qps", "sustained_qps", "burst", "window_s", "shape", "shape_why", "shared", "headers",
		"verdict", "tolerance_qps", "throttled_spent", "requests", "seconds", "steps"} {
		assert.Contains(t, doc.Operations[0], k, "summary.json field %s", k)
	}

	resp, err := c.Do(context.Background(), aliyun.Request{Action: "ListLiveMessageGroups",
		Params: map[string]string{"AppId": app, "GroupStatus": "1", "SortType": "1"}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "%s", resp.Body)
	assert.Empty(t, resp.Fields["GroupList"], "the probe's group was deleted: %s", resp.Body)
}

func countResults(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dec := vegeta.NewDecoder(f)
	n := 0
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); err != nil {
			require.True(t, errors.Is(err, io.EOF), "decode result %d: %v", n, err)
			return n
		}
		require.NotZero(t, r.Code, "result %d has an answer", n)
		n++
	}
}

// TestResultFilesHoldNoSecret: with STS credentials, no byte of the result
// file holds the security token, the signature or the full key id, in the
// URL or in an error message quoting it.
func TestResultFilesHoldNoSecret(t *testing.T) {
	t.Parallel()
	defer gated()()
	const keyID, secret, token = "LTAIcanaryKEYID0123456789", "canarySECRETvalue", "canarySTSTOKENvalue"
	srv := mock.NewServer(mock.WithKey(mock.Key{ID: keyID, Secret: secret, Account: mock.DefaultAccount}))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: keyID, AccessKeySecret: secret, SecurityToken: token})
	p, err := load.NewProbe("DeleteLiveMessageGroup", load.Env{AppID: "x", Prefix: "p"})
	require.NoError(t, err)
	var answered, refused lockedBuffer
	res, err := load.Burst(context.Background(), c, p, 20, 500*time.Millisecond, &answered)
	require.NoError(t, err)
	require.Equal(t, 10, res.Sent)

	// and a transport error, which quotes the URL
	dead := aliyun.NewClient("http://127.0.0.1:1", aliyun.Credentials{AccessKeyID: keyID, AccessKeySecret: secret, SecurityToken: token})
	res, err = load.Burst(context.Background(), dead, p, 20, 200*time.Millisecond, &refused)
	require.NoError(t, err)
	assert.Equal(t, res.Sent, res.Faults, "connection refused is a transport fault")

	n := 0
	for _, data := range []string{answered.String(), refused.String()} {
		for _, s := range []string{token, secret, keyID} {
			assert.NotContains(t, data, s)
		}
		n += checkRedacted(t, data, keyID)
	}
	assert.Equal(t, 14, n, "every result")
}

func checkRedacted(t *testing.T, data, keyID string) int {
	dec := vegeta.NewDecoder(strings.NewReader(data))
	n := 0
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); err != nil {
			return n
		}
		n++
		u, err := url.Parse(r.URL)
		require.NoError(t, err)
		q := u.Query()
		assert.NotContains(t, []string{q.Get("Signature"), q.Get("SecurityToken")}, "", "redacted, not dropped: %s", r.URL)
		assert.NotEqual(t, keyID, q.Get("AccessKeyId"))
		assert.Equal(t, "DeleteLiveMessageGroup", q.Get("Action"), "the rest of the URL is kept")
		if r.Code == 0 {
			assert.Contains(t, r.Error, "connection refused")
		}
	}
}

// TestCouldNotMeasure: against an endpoint that answers 502 pages, or none
// at all, the run stops early with ErrCouldNotMeasure, never "the
// documented limit is not enforced".
func TestCouldNotMeasure(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 { // the app is created
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"AppId":"app1","RequestId":"x"}`))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>502 Bad Gateway</html>"))
	}))
	defer bad.Close()
	for _, tc := range []struct{ name, endpoint string }{{"502 pages", bad.URL}, {"nobody listening", "http://127.0.0.1:1"}} {
		t.Run(tc.name, func(t *testing.T) {
			c := aliyun.NewClient(tc.endpoint, aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"})
			began := time.Now()
			sum, err := load.Run(context.Background(), load.Config{Client: c, AppID: "app1", Operations: []string{"DeleteLiveMessageGroup"}})
			require.ErrorIs(t, err, load.ErrCouldNotMeasure)
			assert.NotContains(t, err.Error(), "not enforced")
			assert.Less(t, time.Since(began), 3*time.Second, "it stops at once")
			require.NotNil(t, sum)
			require.Len(t, sum.Operations, 1)
			assert.Equal(t, load.Inconclusive, sum.Operations[0].Verdict)
			assert.Contains(t, err.Error(), "could not measure: DeleteLiveMessageGroup: ")
			assert.NotContains(t, err.Error(), "load: load")
			assert.Less(t, sum.Operations[0].Requests, 40)
		})
	}
}

// TestBurst is what the contract suite's throttling scenarios call: one
// step, no files, stopped by its context. Not parallel: it counts every
// vegeta goroutine of the process.
func TestBurst(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	c := client(srv)
	p, err := load.NewProbe("RecoverLiveMessageDeletedGroup", load.Env{AppID: newApp(t, c), Prefix: "p"})
	require.NoError(t, err)

	res, err := load.Burst(context.Background(), c, p, 200, time.Second, nil)
	require.NoError(t, err)
	assert.Equal(t, 200, res.Sent)
	assert.InDelta(t, 50, res.Served, 2, "the documented 50 per second")
	assert.Zero(t, res.Other, "%v", res.OtherCodes)
	require.NotEmpty(t, res.Timeline)
	assert.InDelta(t, 50, res.Timeline[0].Served, 1)

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	began := time.Now()
	res, err = load.Burst(ctx, c, p, 20, 10*time.Second, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(began), 2*time.Second, "cancelling stops the attack")
	assert.Positive(t, res.Sent)
	assert.Less(t, res.Sent, 20)
	assert.Eventually(t, func() bool { return attackers() == 0 }, 5*time.Second, 50*time.Millisecond, "vegeta's workers end")

	for _, bad := range []float64{0, -1, 500000} {
		_, err = load.Burst(context.Background(), c, p, bad, time.Second, nil)
		assert.ErrorContains(t, err, "a step needs a rate from 0 to 100000")
	}
	_, err = load.Burst(context.Background(), c, p, 10, -time.Second, nil)
	assert.Error(t, err)
}

// TestTargeterSignsAfresh: no two targets share a nonce or a signature.
func TestTargeterSignsAfresh(t *testing.T) {
	c := aliyun.NewClient("http://127.0.0.1:1", aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"})
	p, err := load.NewProbe("DeleteLiveMessageGroup", load.Env{AppID: "a", Prefix: "p"})
	require.NoError(t, err)
	tr := load.Targeter(c, p)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		var tgt vegeta.Target
		require.NoError(t, tr(&tgt))
		u, err := url.Parse(tgt.URL)
		require.NoError(t, err)
		q := u.Query()
		assert.Equal(t, "DeleteLiveMessageGroup", q.Get("Action"))
		assert.Equal(t, "pabsent", q.Get("GroupId"))
		assert.False(t, seen[q.Get("SignatureNonce")], "nonce reused")
		seen[q.Get("SignatureNonce")] = true
		assert.NotEmpty(t, q.Get("Timestamp"))
	}
}

// TestRunRefusesBeforeSending: an unsafe configuration, or caps that the
// plan does not fit, send nothing.
func TestRunRefusesBeforeSending(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"})
	out := t.TempDir()
	for _, tc := range []struct {
		name string
		cfg  load.Config
		err  string
	}{
		{"no flag", load.Config{Client: c, Real: true, AppID: "a", MaxRequests: 100000, OutDir: out}, "--i-know-this-calls-the-real-service"},
		{"no cap", load.Config{Client: c, Real: true, AllowReal: true, AppID: "a"}, "--max-requests"},
		{"over the request cap", load.Config{Client: c, Real: true, AllowReal: true, AppID: "a", MaxRequests: 100}, "over --max-requests 100"},
		{"no app", load.Config{Client: c, Real: true, AllowReal: true, MaxRequests: 100000}, "--app-id"},
		{"a throttled cap too small", load.Config{Client: c, AppID: "a", MaxThrottled: 20}, "--max-throttled 20 leaves 6 throttled requests per operation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := load.Run(context.Background(), tc.cfg)
			require.ErrorContains(t, err, tc.err)
			assert.Nil(t, sum)
			if tc.name != "a throttled cap too small" { // enough for the one operation a search measures
				_, err = load.Search(context.Background(), tc.cfg)
				require.ErrorContains(t, err, tc.err)
			}
		})
	}
	assert.Zero(t, hits.Load(), "a refused run sends nothing")
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Empty(t, entries, "and writes nothing: no empty result file")
}

func TestPlan(t *testing.T) {
	c := aliyun.NewClient("http://127.0.0.1:1", aliyun.Credentials{})
	plan, err := load.Config{Client: c}.Plan()
	require.NoError(t, err)
	assert.Equal(t, 1+2*(20*50+60)+2+(20*10+60), plan.Requests,
		"the app, two probes of 50, one of 10 with its group: each room to serve two 10 s windows' worth (a limit not enforced)")
	plan, err = load.Config{Client: c, MaxTime: 5 * time.Second}.Plan()
	require.NoError(t, err)
	assert.Equal(t, 1+2*(17*50+60)+2+(17*10+60), plan.Requests, "with two 5 s windows' worth less than the cycles' 17 × the limit")
	assert.Equal(t, 90, plan.Throttled, "30 per operation")
	plan, err = load.Config{Client: c, MaxThrottled: 40, Operations: []string{"DeleteLiveMessageGroup", "RemoveLiveMessageGroupBand"}}.Plan()
	require.NoError(t, err)
	assert.Equal(t, 40, plan.Throttled, "a cap under the default splits between the operations")
	_, err = load.Config{Client: c, Operations: []string{"SendLiveMessageGroup"}}.Plan()
	assert.ErrorContains(t, err, "no harmless probe")
	_, err = load.Config{Client: c, Operations: []string{"Nope"}}.Plan()
	assert.ErrorContains(t, err, `unknown operation "Nope"`)
	_, err = load.Config{}.Plan()
	assert.ErrorContains(t, err, "no client")
}

// TestSearchMeasuresWithoutJudging: find-limit is the same probe, its
// onset ramping up; it reports the limit with no verdict and writes its
// file. Through a long window it waits, it does not ramp.
func TestSearchMeasuresWithoutJudging(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape mock.Throttle
		limit int
		want  string
	}{
		{"sliding 23", mock.Throttle{Shape: mock.ShapeSliding}, 23, load.ShapeSliding},
		{"a 3 s window of 20", mock.Throttle{Shape: mock.ShapeWindow, Seconds: 3}, 20, load.ShapeLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			defer gated()()
			srv := mock.NewServer(mock.WithQPS("DeleteLiveMessageGroup", tc.limit), mock.WithThrottle("", tc.shape))
			defer srv.Close()
			out := t.TempDir()
			res, err := load.Search(context.Background(), load.Config{Client: client(srv), Operations: []string{"DeleteLiveMessageGroup"}, OutDir: out})
			require.NoError(t, err)
			t.Logf("%+v", res.Limit)
			assert.InDelta(t, tc.limit, res.SustainedQPS, 1)
			assert.Equal(t, tc.want, res.Shape)
			assert.Empty(t, res.Verdict, "find-limit does not judge")
			assert.Equal(t, 50, res.DocumentedQPS)
			assert.LessOrEqual(t, res.Throttled, 30)
			assert.Less(t, res.Steps[0].Rate, 8*50.0, "never ramped to the top")
			assert.FileExists(t, filepath.Join(out, "load", "find-limit-DeleteLiveMessageGroup.json"))
		})
	}
}

// TestNotEnforcedAtFifty: the same for a limit of 50, the family's most
// common: the probe's request cap must leave room for what it takes to
// show the limit is not enforced (more served than two windows of
// --max-time allow), or the verdict is never reached.
func TestNotEnforcedAtFifty(t *testing.T) {
	t.Parallel()
	defer gated()()
	srv := mock.NewServer(mock.WithQPS("DeleteLiveMessageGroup", 0))
	defer srv.Close()
	sum, err := load.Run(context.Background(), load.Config{Client: client(srv), Operations: []string{"DeleteLiveMessageGroup"}})
	require.NoError(t, err)
	op := sum.Operations[0]
	assert.Equal(t, load.Fail, op.Verdict, op.Note)
	assert.Contains(t, op.Note, "the documented limit of 50 is not enforced")
	assert.True(t, op.NotThrottled)
}

// TestNotEnforced: a provider that throttles nothing up to 8 times the
// documented limit fails: the documented limit is not enforced.
func TestNotEnforced(t *testing.T) {
	t.Parallel()
	defer gated()()
	srv := mock.NewServer(mock.WithQPS("RemoveLiveMessageGroupBand", 0))
	defer srv.Close()
	sum, err := load.Run(context.Background(), load.Config{Client: client(srv), Operations: []string{"RemoveLiveMessageGroupBand"}})
	require.NoError(t, err)
	op := sum.Operations[0]
	assert.Equal(t, load.Fail, op.Verdict)
	assert.Regexp(t, `^no throttling observed up to 80 rps \((\d+) served, none throttled\): the documented limit of 10 is not enforced`, op.Note)
	assert.Greater(t, op.Requests, 200, "more than two 10 s windows of 10 could serve")
	assert.Less(t, op.Seconds, 5.0, "1.5 s at three times the limit, then eight times until over two windows' worth")
	assert.True(t, op.NotThrottled)
	assert.Zero(t, op.Throttled)
}

// TestRunInterrupted: a cancelled run stops at once and keeps what it
// measured, judged inconclusive.
func TestRunInterrupted(t *testing.T) {
	t.Parallel()
	defer gated()()
	srv := mock.NewServer()
	defer srv.Close()
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	began := time.Now()
	sum, err := load.Run(ctx, load.Config{Client: client(srv), Operations: []string{"DeleteLiveMessageGroup"}, OutDir: out,
		MaxTime: 5 * time.Second})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(began), 3*time.Second)
	require.Len(t, sum.Operations, 1)
	assert.Equal(t, load.Inconclusive, sum.Operations[0].Verdict)
	assert.Contains(t, sum.Operations[0].Note, "interrupted")
	assert.FileExists(t, load.SummaryFile(out))
}

// attackers counts the goroutines of vegeta attacks (the pacer and the
// workers), whichever test started them.
func attackers() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "vegeta/v12/lib.(*Attacker).")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// TestLongWindowOverTheBudget: a 10-second window cannot be measured in the
// default 10 s; the probe says so (inconclusive, never a pass), names it a
// long window, and still spends at most 30 throttled requests.
func TestLongWindowOverTheBudget(t *testing.T) {
	t.Parallel()
	// The window's turn where the test wants it: 0 s and 8 s into a window
	// when the probe starts. Started 8 s in, the onset's 3 s straddle the
	// turn and no part holds the 100 the window allows: the probe must go
	// on until it would have thrown, not call the limit unenforced.
	for _, into := range []time.Duration{0, 8 * time.Second} {
		t.Run(fmt.Sprint(into), func(t *testing.T) {
			t.Parallel()
			defer gated()()
			offset := into - time.Duration(time.Now().UnixNano()%int64(10*time.Second))
			srv := mock.NewServer(mock.WithThrottle("", mock.Throttle{Shape: mock.ShapeWindow, Seconds: 10}),
				mock.WithWallClock(func() time.Time { return time.Now().Add(offset) }))
			defer srv.Close()
			sum, err := load.Run(context.Background(), load.Config{Client: client(srv), Operations: []string{"RemoveLiveMessageGroupBand"}})
			require.NoError(t, err)
			op := sum.Operations[0]
			t.Logf("%+v %s", op.Limit, op.Note)
			assert.Equal(t, load.Inconclusive, op.Verdict)
			assert.Equal(t, load.ShapeLong, op.Shape)
			assert.Contains(t, op.Note, "needed more than 10s")
			assert.LessOrEqual(t, op.Throttled, 30)
			assert.Less(t, op.Seconds, 11.5)
		})
	}
}
