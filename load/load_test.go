package load_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
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

func app(t *testing.T, srv *mock.Server) string {
	t.Helper()
	a, err := srv.Emulator.Store().CreateApp(mock.AppSpec{Name: "load", Owner: mock.DefaultAccount})
	require.NoError(t, err)
	return a.ID
}

// TestMeasuredLimitAccuracy: with 4-second steps over the limit, the
// measured limit is within ±2 QPS of whatever the emulator enforces, and
// the achieved send rate is within 1% of the asked one.
func TestMeasuredLimitAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("4-second steps")
	}
	for _, tc := range []struct {
		op      string
		limit   int
		comment string
	}{
		{"DeleteLiveMessageGroup", 37, "overridden"},
		{"DeleteLiveMessageGroup", 50, "documented"},
		{"RemoveLiveMessageGroupBand", 10, "documented"},
		{"RecoverLiveMessageDeletedGroup", 120, "overridden"},
	} {
		t.Run(tc.op+"@"+tc.comment, func(t *testing.T) {
			t.Parallel()
			srv := mock.NewServer(mock.WithQPS(tc.op, tc.limit))
			defer srv.Close()
			c := client(srv)
			p, err := load.NewProbe(tc.op, load.Env{AppID: app(t, srv), GroupID: "probegroup", Prefix: "p"})
			require.NoError(t, err)
			if p.Setup != nil {
				require.NoError(t, p.Setup(context.Background(), c))
			}
			rate := 1.5 * float64(tc.limit)
			res, err := load.Burst(context.Background(), c, p, rate, 4*time.Second, nil)
			require.NoError(t, err)
			assert.Zero(t, res.Other, "unexpected answers: %v", res.OtherCodes)
			assert.Positive(t, res.Throttled)
			assert.InDelta(t, float64(tc.limit), res.AcceptedQPS, 2, "measured limit vs enforced %d: %+v", tc.limit, res)
			assert.InDelta(t, rate, res.SentQPS, rate*0.01, "achieved send rate")
		})
	}
}

func TestRunVerdictFollowsTheDocumentedLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("probe ladders take seconds")
	}
	srv := mock.NewServer(mock.WithQPS("DeleteLiveMessageGroup", 37))
	defer srv.Close()
	out := t.TempDir()
	sum, err := load.Run(context.Background(), load.Config{
		Client: client(srv), Target: "test", Operations: []string{"DeleteLiveMessageGroup", "RemoveLiveMessageGroupBand"},
		Rates: []load.Rate{{Multiple: 0.5}, {Multiple: 1.5}}, Duration: 2 * time.Second, OutDir: out,
	})
	require.NoError(t, err)
	require.Len(t, sum.Operations, 2)
	del, unmute := sum.Operations[0], sum.Operations[1]
	assert.InDelta(t, 37, del.MeasuredQPS, 2)
	assert.Equal(t, "fail", del.Verdict, "37 enforced where 50 is documented fails")
	assert.InDelta(t, 10, unmute.MeasuredQPS, 1.5)
	assert.Equal(t, "pass", unmute.Verdict, "%+v", unmute)
	assert.False(t, sum.Passed())

	b, err := os.ReadFile(filepath.Join(out, "load", "summary.json"))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	ops := doc["operations"].([]any)
	first := ops[0].(map[string]any)
	for _, k := range []string{"operation", "documented_qps", "measured_qps", "verdict", "tolerance_qps", "steps"} {
		assert.Contains(t, first, k)
	}
	step := first["steps"].([]any)[0].(map[string]any)
	for _, k := range []string{"rate", "duration_s", "sent", "served", "throttled", "other", "accepted_qps", "p50_ms", "p95_ms", "p99_ms"} {
		assert.Contains(t, step, k)
	}

	f, err := os.Open(filepath.Join(out, "load", "DeleteLiveMessageGroup-75.bin"))
	require.NoError(t, err)
	defer f.Close()
	dec := vegeta.NewDecoder(f)
	n := 0
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); err != nil {
			require.True(t, errors.Is(err, io.EOF), "decode: %v", err)
			break
		}
		n++
	}
	assert.Equal(t, del.Steps[1].Sent, n, "vegeta reads every result back")
}

func TestExtendsTheLadderUntilThrottled(t *testing.T) {
	if testing.Short() {
		t.Skip("probe ladders take seconds")
	}
	srv := mock.NewServer(mock.WithQPS("RemoveLiveMessageGroupBand", 14))
	defer srv.Close()
	sum, err := load.Run(context.Background(), load.Config{Client: client(srv), Operations: []string{"RemoveLiveMessageGroupBand"},
		Rates: []load.Rate{{Multiple: 1}}, Duration: 2 * time.Second})
	require.NoError(t, err)
	op := sum.Operations[0]
	assert.Greater(t, len(op.Steps), 1, "the ladder grew past the documented limit")
	assert.InDelta(t, 14, op.MeasuredQPS, 2)
	assert.Equal(t, "fail", op.Verdict)
}

func TestVerdict(t *testing.T) {
	step := func(rate, accepted float64, throttled int) load.StepResult {
		return load.StepResult{Rate: rate, AcceptedQPS: accepted, Throttled: throttled, Sent: 100}
	}
	for _, tc := range []struct {
		name    string
		steps   []load.StepResult
		verdict string
		meas    float64
	}{
		{"at the limit", []load.StepResult{step(25, 25, 0), step(75, 49.5, 10), step(100, 50.5, 20)}, "pass", 50},
		{"within tolerance", []load.StepResult{step(75, 47.6, 10)}, "pass", 47.6},
		{"outside tolerance", []load.StepResult{step(75, 47.4, 10)}, "fail", 47.4},
		{"throttled below", []load.StepResult{step(25, 20, 5), step(75, 50, 25)}, "fail", 35},
		{"never throttled", []load.StepResult{step(100, 100, 0)}, "fail", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, v, _ := load.Verdict(50, tc.steps)
			assert.Equal(t, tc.verdict, v)
			assert.InDelta(t, tc.meas, m, 0.01)
		})
	}
	assert.Equal(t, 2.5, load.Tolerance(50))
	assert.Equal(t, 1.0, load.Tolerance(10))
}

func TestParseRates(t *testing.T) {
	r, err := load.ParseRates("0.5x,1x, 75")
	require.NoError(t, err)
	assert.Equal(t, []float64{25, 50, 75}, []float64{r[0].For(50), r[1].For(50), r[2].For(50)})
	for _, bad := range []string{"", "x", "-1x", "fast"} {
		_, err := load.ParseRates(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestRealTargetNeedsFlagAndCap(t *testing.T) {
	c := aliyun.NewClient("http://127.0.0.1:1", aliyun.Credentials{})
	_, err := load.Run(context.Background(), load.Config{Client: c, Real: true})
	require.ErrorContains(t, err, "--i-know-this-calls-the-real-service")
	_, err = load.Run(context.Background(), load.Config{Client: c, Real: true, AllowReal: true})
	require.ErrorContains(t, err, "--max-requests")
	_, err = load.Run(context.Background(), load.Config{Client: c, Real: true, AllowReal: true, MaxRequests: 10})
	require.ErrorContains(t, err, "plans")
}

func TestFindLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("a search takes seconds")
	}
	srv := mock.NewServer(mock.WithQPS("DeleteLiveMessageGroup", 23))
	defer srv.Close()
	p, err := load.NewProbe("DeleteLiveMessageGroup", load.Env{AppID: app(t, srv), Prefix: "p"})
	require.NoError(t, err)
	f, err := load.FindLimit(context.Background(), client(srv), p, 5, 200, 2*time.Second)
	require.NoError(t, err)
	assert.InDelta(t, 23, f.LimitQPS, 2, "%+v", f)
	assert.Positive(t, f.Spent)
	assert.False(t, math.IsNaN(f.LimitQPS))
}
