package load_test

import (
	"context"
	"encoding/json"
	"errors"
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

func client(srv *mock.Server) *aliyun.Client {
	return aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
}

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

// TestAccuracy: with 4-second steps at 1.5 times whatever limit the
// emulator enforces, the measured limit is within ±2 QPS of it, the achieved
// send rate within 1% of the asked one, and the verdict follows the
// documented limit, not the enforced one. Every step's vegeta file reads
// back, and summary.json has the shape.
func TestAccuracy(t *testing.T) {
	for _, tc := range []struct {
		name     string
		op       string
		enforced int
		verdict  string
	}{
		{"37 where 50 is documented", "DeleteLiveMessageGroup", 37, load.Fail},
		{"50 as documented", "DeleteLiveMessageGroup", 50, load.Pass},
		{"10 as documented (unmute)", "RemoveLiveMessageGroupBand", 10, load.Pass},
		{"120 where 50 is documented", "RecoverLiveMessageDeletedGroup", 120, load.Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := mock.NewServer(mock.WithQPS(tc.op, tc.enforced))
			defer srv.Close()
			out := t.TempDir()
			rate := 1.5 * float64(tc.enforced)
			sum, err := load.Run(context.Background(), load.Config{Client: client(srv), Target: "emulator",
				Operations: []string{tc.op}, Rates: []load.Rate{{Absolute: rate}}, Duration: 4 * time.Second, OutDir: out})
			require.NoError(t, err)
			require.Len(t, sum.Operations, 1)
			op := sum.Operations[0]
			require.Len(t, op.Steps, 1, "a throttled step needs no extension")
			step := op.Steps[0]
			t.Logf("%s enforced %d: measured %.2f, asked %g rps, achieved %.2f; %+v", tc.op, tc.enforced, op.MeasuredQPS, rate, step.SentQPS, step)
			assert.InDelta(t, float64(tc.enforced), op.MeasuredQPS, 2, "measured limit vs the enforced one")
			assert.InDelta(t, rate, step.SentQPS, rate*0.01, "achieved send rate within 1%% of %g", rate)
			assert.Equal(t, tc.verdict, op.Verdict, "verdict against the documented %d: %s", op.DocumentedQPS, op.Note)
			assert.Zero(t, step.Other, "unexpected answers: %v", step.OtherCodes)
			assert.Positive(t, step.Throttled)
			assert.Equal(t, step.Sent, step.Served+step.Throttled+step.Other)
			assert.Equal(t, step.Sent, countResults(t, step.File), "vegeta reads every result back")
			assert.Equal(t, load.ResultFile(out, tc.op, rate), step.File)
			assertSummaryShape(t, load.SummaryFile(out))
		})
	}
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

func assertSummaryShape(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Target     *string          `json:"target"`
		Operations []map[string]any `json:"operations"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NotNil(t, doc.Target, "summary.json has a target")
	require.NotEmpty(t, doc.Operations)
	for _, op := range doc.Operations {
		for _, k := range []string{"operation", "documented_qps", "measured_qps", "verdict", "tolerance_qps", "steps"} {
			assert.Contains(t, op, k, "operation field %s", k)
		}
		steps, _ := op["steps"].([]any)
		require.NotEmpty(t, steps)
		for _, s := range steps {
			for _, k := range []string{"rate", "duration_s", "sent", "served", "throttled", "other", "accepted_qps", "p50_ms", "p95_ms", "p99_ms"} {
				assert.Contains(t, s, k, "step field %s", k)
			}
		}
	}
}

// TestRunExtendsTheLadder: an emulator enforcing more than documented is
// measured, not reported as "at least the top rate"; the probe group is
// gone afterwards; progress says what ran.
func TestRunExtendsTheLadder(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer(mock.WithQPS("RemoveLiveMessageGroupBand", 14))
	defer srv.Close()
	c := client(srv)
	app := newApp(t, c)
	var progress lockedBuffer
	sum, err := load.Run(context.Background(), load.Config{Client: c, AppID: app, Operations: []string{"RemoveLiveMessageGroupBand"},
		Rates: []load.Rate{{Multiple: 1}}, Duration: 2 * time.Second, Progress: &progress})
	require.NoError(t, err)
	op := sum.Operations[0]
	require.Len(t, op.Steps, 2, "10 rps unthrottled, then 15")
	assert.Equal(t, []float64{10, 15}, []float64{op.Steps[0].Rate, op.Steps[1].Rate})
	assert.InDelta(t, 14, op.MeasuredQPS, 2)
	assert.Equal(t, load.Fail, op.Verdict, "14 is outside 10 ± 1")
	assert.Contains(t, progress.String(), "RemoveLiveMessageGroupBand step 1/1: 10 rps for 2s ... served 20 throttled 0 other 0")
	assert.Contains(t, progress.String(), "extending the ladder to 15 rps")
	assert.Contains(t, progress.String(), "RemoveLiveMessageGroupBand step 2/2: 15 rps for 2s ...")

	resp, err := c.Do(context.Background(), aliyun.Request{Action: "ListLiveMessageGroups",
		Params: map[string]string{"AppId": app, "GroupStatus": "1", "SortType": "1"}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "%s", resp.Body)
	assert.Empty(t, resp.Fields["GroupList"], "the probe's group was deleted: %s", resp.Body)
}

// TestNothingThrottledBelowTheLimit: the default ladder's lower rungs on
// the default emulator are served in full.
func TestNothingThrottledBelowTheLimit(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	sum, err := load.Run(context.Background(), load.Config{Client: client(srv), Operations: []string{"DescribeLiveMessageGroup"},
		Rates: []load.Rate{{Multiple: 0.5}, {Multiple: 1.5}}, Duration: 2 * time.Second})
	require.NoError(t, err)
	op := sum.Operations[0]
	assert.Equal(t, load.Pass, op.Verdict, "%s", op.Note)
	assert.Zero(t, op.Steps[0].Throttled)
	assert.Equal(t, op.Steps[0].Sent, op.Steps[0].Served)
	assert.InDelta(t, 50, op.MeasuredQPS, 2)
	assert.Equal(t, 2.5, op.ToleranceQPS)
}

func TestSearchFindsTheLimit(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer(mock.WithQPS("DeleteLiveMessageGroup", 23))
	defer srv.Close()
	out := t.TempDir()
	found, err := load.Search(context.Background(), load.Config{Client: client(srv), Operations: []string{"DeleteLiveMessageGroup"}, OutDir: out})
	require.NoError(t, err)
	t.Logf("found %.2f in %s, %d requests, %d steps, bracket [%g, %g]", found.LimitQPS, found.Spent, found.Requests, len(found.Steps), found.Clean, found.Throttled)
	assert.InDelta(t, 23, found.LimitQPS, 2, "%+v", found)
	assert.Equal(t, 50, found.DocumentedQPS)
	assert.Positive(t, found.Spent)
	assert.LessOrEqual(t, len(found.Steps), 5)
	assert.FileExists(t, filepath.Join(out, "load", "find-limit-DeleteLiveMessageGroup.json"))
}

func TestFindLimitRespectsTheCap(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	p, err := load.NewProbe("DeleteLiveMessageGroup", load.Env{AppID: newApp(t, client(srv)), Prefix: "p"})
	require.NoError(t, err)
	f, err := load.FindLimit(context.Background(), client(srv), p, load.SearchOptions{Start: 20, Max: 400, Step: time.Second, MaxRequests: 50})
	require.ErrorContains(t, err, "over --max-requests 50")
	assert.LessOrEqual(t, f.Requests, 50)
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

	_, err = load.Burst(context.Background(), c, p, 0, time.Second, nil)
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

// TestRunRefusesARealTargetWithoutTheFlag: nothing is sent.
func TestRunRefusesARealTargetWithoutTheFlag(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"})
	for _, tc := range []struct {
		name string
		cfg  load.Config
		err  string
	}{
		{"no flag", load.Config{Client: c, Real: true, AppID: "a", MaxRequests: 100000}, "--i-know-this-calls-the-real-service"},
		{"no cap", load.Config{Client: c, Real: true, AllowReal: true, AppID: "a"}, "--max-requests"},
		{"over the cap", load.Config{Client: c, Real: true, AllowReal: true, AppID: "a", MaxRequests: 100}, "over --max-requests 100"},
		{"no app", load.Config{Client: c, Real: true, AllowReal: true, MaxRequests: 100000}, "--app-id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := load.Run(context.Background(), tc.cfg)
			require.ErrorContains(t, err, tc.err)
			assert.Nil(t, sum)
			if tc.name == "over the cap" {
				return // a search plans no ladder: the cap bounds it step by step (TestFindLimitRespectsTheCap)
			}
			_, err = load.Search(context.Background(), tc.cfg)
			require.ErrorContains(t, err, tc.err)
		})
	}
	assert.Zero(t, hits.Load(), "a refused run sends nothing")
}

// TestRunInterrupted: a cancelled run stops at once and keeps what it
// measured, judged as failed.
func TestRunInterrupted(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	began := time.Now()
	sum, err := load.Run(ctx, load.Config{Client: client(srv), Operations: []string{"DeleteLiveMessageGroup"}, Duration: 4 * time.Second, OutDir: out})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(began), 3*time.Second)
	require.Len(t, sum.Operations, 1)
	assert.Equal(t, load.Fail, sum.Operations[0].Verdict)
	assert.Contains(t, sum.Operations[0].Note, "interrupted")
	assertSummaryShape(t, load.SummaryFile(out))
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
