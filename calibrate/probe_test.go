package calibrate_test

import (
	"context"
	"flag"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/calibrate"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
)

var probes = flag.Bool("probes", os.Getenv("LIVEMSG_CALIBRATE") != "", "run TestCalibratedEmulatorProbesAlike (make test-calibrate)")

// TestCalibratedEmulatorProbesAlike is the loop on three providers: a
// token bucket (37/s, burst 74), a fixed window and a long window (3 s)
// of 37/s, each an emulator started as an external server and probed as a
// real target (livemsg load --target real). Calibrated from each probe's
// output folder, the emulator is probed again: the same shape, the limit
// within ±1, the burst within 10%. Each probe takes seconds: the cases run
// in parallel, and the test runs with make test-calibrate.
func TestCalibratedEmulatorProbesAlike(t *testing.T) {
	if !*probes {
		t.Skip("seconds of load probes: make test-calibrate (LIVEMSG_CALIBRATE=1)")
	}
	const enforced = 37
	op := contract.OpDeleteLiveMessageGroup
	began := time.Now()
	t.Cleanup(func() { t.Logf("the three cases took %.1fs", time.Since(began).Seconds()) })
	for _, tc := range []struct {
		shape string        // as livemsg mock --throttle takes it
		want  string        // what the probe names
		cycle time.Duration // a window's length, whose phase each probe starts at; 0 = none
	}{
		{"token:burst=74", load.ShapeToken, 0},
		{"fixed", load.ShapeFixed, time.Second},
		{"window:seconds=3", load.ShapeLong, 3 * time.Second},
	} {
		t.Run(tc.shape, func(t *testing.T) {
			t.Parallel()
			th, err := mock.ParseThrottle(tc.shape)
			require.NoError(t, err)
			provider := mock.NewTestServer(t, mock.WithQPS(op, enforced), mock.WithThrottle(op, th))
			dir := t.TempDir()
			first := probeReal(t, provider, op, tc.cycle, dir)
			require.Equal(t, tc.want, first.Shape, "the provider's shape: %s", first.ShapeWhy)
			require.InDelta(t, enforced, first.SustainedQPS, 1, "the provider's limit")

			f, _, err := calibrate.From(dir)
			require.NoError(t, err)
			c, err := f.Emulator()
			require.NoError(t, err)
			t.Logf("calibrated: %s at %d/s", c.Throttles[op], c.QPS[op])
			calibrated := mock.NewTestServer(t, mock.WithCalibration(c))
			again := probeReal(t, calibrated, op, tc.cycle, t.TempDir())

			t.Logf("provider: %s %.2f/s burst %d window %gs; calibrated: %s %.2f/s burst %d window %gs",
				first.Shape, first.SustainedQPS, first.Burst, first.WindowS, again.Shape, again.SustainedQPS, again.Burst, again.WindowS)
			assert.Equal(t, first.Shape, again.Shape, "the same shape: %s", again.ShapeWhy)
			assert.InDelta(t, first.SustainedQPS, again.SustainedQPS, 1, "the limit within ±1")
			assert.InDelta(t, first.Burst, again.Burst, math.Max(0.1*float64(first.Burst), 1), "the burst within 10%%")
			assert.InDelta(t, first.WindowS, again.WindowS, 0.5, "the window")
		})
	}
}

// probeReal probes op on srv as livemsg load --target real does, writing
// its output to dir, and returns the operation's result. With a cycle it
// starts just after a window of that length turns (the provider's
// windows follow the clock), so that the burst does not depend on where
// in a window the probe began.
func probeReal(t *testing.T, srv *mock.Server, op string, cycle time.Duration, dir string) load.OperationResult {
	t.Helper()
	res := probeOnce(t, srv, op, cycle, dir)
	if !res.Trusted {
		// a busy machine can starve the sender (the probe says so rather
		// than judge): once more
		t.Logf("probed again: the probe did not trust its measurement: %s", res.Untrusted)
		time.Sleep(refill) // a full bucket again, or the burst measured is what was left
		res = probeOnce(t, srv, op, cycle, dir)
	}
	require.True(t, res.Trusted, "the probe trusted its measurement: %s", res.Untrusted)
	return res
}

// refill is how long the cases' limiters take to give back all their
// credit: a bucket of 74 at 37/s in 2 s, a 3 s window in 3 s; and a margin.
const refill = 4 * time.Second

func probeOnce(t *testing.T, srv *mock.Server, op string, cycle time.Duration, dir string) load.OperationResult {
	ctx := context.Background()
	tg, err := target.Open(ctx, target.Spec{Kind: target.Real, Endpoint: srv.URL,
		Credentials: aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}})
	require.NoError(t, err)
	defer tg.Close()
	resp, err := tg.Client.Do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "calibrate"}})
	require.NoError(t, err)
	app, _ := resp.Fields["AppId"].(string)
	require.NotEmpty(t, app, "an app to probe in: %d %s", resp.Status, resp.Code)
	if cycle > 0 {
		time.Sleep(cycle - time.Duration(time.Now().UnixNano()%int64(cycle)) + 20*time.Millisecond)
	}
	sum, err := load.Run(ctx, load.Config{Client: tg.Client, Target: tg.Describe(), Operations: []string{op}, OutDir: dir,
		AppID: app, Real: true, AllowReal: true, MaxRequests: 5000})
	require.NoError(t, err)
	require.Len(t, sum.Operations, 1)
	return sum.Operations[0]
}
