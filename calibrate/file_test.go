package calibrate_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/calibrate"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
)

var update = flag.Bool("update", false, "rewrite testdata/calibration.golden.yaml")

const golden = "testdata/calibration.golden.yaml"

// TestFromGolden calibrates from a real run's probe summary and cassettes
// (and a run on the emulator, left out): the file is the golden one, every
// fact with its run and date, and the notes say what was left out and why.
func TestFromGolden(t *testing.T) {
	f, notes, err := calibrate.From("testdata/real-run", "testdata/mock-run")
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "calibration.yaml")
	require.NoError(t, f.Write(out))
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "the calibration file (go test ./calibrate -update, then review the diff)")

	require.Len(t, notes, 2, "notes: %q", notes)
	assert.Contains(t, notes[0], "RemoveLiveMessageGroupBand left out: the probe did not trust its measurement: the budget of 30 throttled")
	assert.Contains(t, notes[1], `not of a real target`)
	assert.Contains(t, notes[1], "mock-run")

	token := f.Operation(contract.OpDeleteLiveMessageGroup).Throttle
	require.NotNil(t, token)
	assert.Equal(t, calibrate.Source{Run: "testdata/real-run", File: "load/summary.json", Date: time.Date(2026, 11, 2, 10, 5, 0, 0, time.UTC)}, token.Source)
	sig := f.Operation(contract.OpDescribeLiveMessageGroup).Errors
	require.Len(t, sig, 2)
	assert.Equal(t, calibrate.Error{Code: contract.CodeResourceNotExist, Status: 404,
		Example: "The specified resource does not exist: AppId nope (app not found).",
		Source:  calibrate.Source{Run: "testdata/real-run", File: "cassettes/call-describelivemessagegroup.yaml", Date: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)}}, sig[0],
		"a product code's message names what was wrong: kept as example")
	assert.Equal(t, 403, sig[1].Status)
	assert.Equal(t, "The request signature we calculated does not match the signature you provided.", sig[1].Message, "a gateway code's fixed message is a fact")
}

// TestRoundTrip writes a calibration, reads it back the same, and the
// emulator it configures throttles each operation as the file says and
// answers a recorded error with the recorded status and message.
func TestRoundTrip(t *testing.T) {
	f, _, err := calibrate.From("testdata/real-run")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "calibration.yaml")
	require.NoError(t, f.Write(path))
	back, err := calibrate.Read(path)
	require.NoError(t, err)
	assert.Equal(t, f, back, "read back as written")

	c, err := back.Emulator()
	require.NoError(t, err)
	srv := mock.NewTestServer(t, mock.WithCalibration(c))
	assert.Equal(t, "token:burst=74", srv.Throttles()[contract.OpDeleteLiveMessageGroup])
	assert.Equal(t, 37, srv.QPS()[contract.OpDeleteLiveMessageGroup], "the sustained 37.2, rounded")
	assert.Equal(t, "fixed", srv.Throttles()[contract.OpRecoverLiveMessageDeletedGroup])
	assert.Equal(t, mock.ShapeSliding, srv.Throttles()[contract.OpRemoveLiveMessageGroupBand], "not calibrated: the default")

	wrong := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: "not-the-secret"})
	resp, err := wrong.Do(context.Background(), aliyun.Request{Action: contract.OpDescribeLiveMessageGroup, Params: map[string]string{"AppId": "a", "GroupId": "g"}})
	require.NoError(t, err)
	assert.Equal(t, contract.CodeSignatureDoesNotMatch, resp.Code)
	assert.Equal(t, 403, resp.Status, "the recorded status, not the contract's 400")
	assert.Equal(t, "The request signature we calculated does not match the signature you provided.", resp.Message)

	other, err := wrong.Do(context.Background(), aliyun.Request{Action: contract.OpListLiveMessageApps, Params: map[string]string{}})
	require.NoError(t, err)
	assert.Equal(t, 400, other.Status, "another operation keeps the contract's answer")
}

// TestRefused: a fact the emulator cannot honour refuses the whole file,
// naming the operation, the fact and why.
func TestRefused(t *testing.T) {
	headers := &calibrate.Headers{Limit: 37}
	token := calibrate.Throttle{Shape: load.ShapeToken, SustainedQPS: 37, Burst: 98, Bucket: 74, WindowS: 1, Headers: headers}
	for _, tc := range []struct {
		name string
		op   calibrate.Operation
		why  string
	}{
		{"unclear shape", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Throttle: with(token, func(t *calibrate.Throttle) { t.Shape = load.ShapeUnclear })},
			`DeleteLiveMessageGroup: throttle: shape "unclear": the emulator throttles in sliding, fixed, token, gcra, window, shared`},
		{"no headers", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Throttle: with(token, func(t *calibrate.Throttle) { t.Headers = nil })},
			"sent no rate-limit headers"},
		{"headers disagree", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Throttle: with(token, func(t *calibrate.Throttle) { t.Headers = &calibrate.Headers{Limit: 40} })},
			"said Limit:40 where 37.0 per second was measured"},
		{"headers off the window", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Throttle: with(token, func(t *calibrate.Throttle) {
			t.Shape, t.WindowS, t.SustainedQPS, t.Headers = load.ShapeLong, 3, 36.9, &calibrate.Headers{Limit: 110}
		})}, "Limit:110 per 3s window: not a whole number per second"},
		{"window not whole", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Throttle: with(token, func(t *calibrate.Throttle) { t.Shape, t.WindowS = load.ShapeLong, 1 })},
			"a long window of 1s"},
		{"no limit", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Throttle: with(token, func(t *calibrate.Throttle) { t.SustainedQPS, t.Headers.Limit = 0.2, 0 })},
			"a limit of 0 per second"},
		{"unknown operation", calibrate.Operation{Name: "NoSuchOperation"}, "NoSuchOperation: operation: the contract has no such operation"},
		{"unknown code", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Errors: []calibrate.Error{{Code: "Forbidden.RAM", Status: 403}}},
			"error Forbidden.RAM: the contract does not document this code"},
		{"message of a product code", calibrate.Operation{Name: contract.OpDeleteLiveMessageGroup, Errors: []calibrate.Error{{Code: contract.CodeResourceNotExist, Status: 404, Message: "gone"}}},
			"keep it as example"},
		{"field format", calibrate.Operation{Name: contract.OpCreateLiveMessageApp, Fields: []calibrate.Field{{Name: "AppId", Format: calibrate.FormatNumber}}},
			"field AppId: recorded as number; the emulator writes it as string"},
		{"unknown field", calibrate.Operation{Name: contract.OpCreateLiveMessageApp, Fields: []calibrate.Field{{Name: "Region", Format: calibrate.FormatString}}},
			"field Region: the contract has no such field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &calibrate.File{Version: calibrate.FormatVersion, Operations: []calibrate.Operation{tc.op}}
			_, err := f.Emulator()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.why)
		})
	}
}

// with is a copy of t (its headers too) changed.
func with(t calibrate.Throttle, change func(*calibrate.Throttle)) *calibrate.Throttle {
	if t.Headers != nil {
		h := *t.Headers
		t.Headers = &h
	}
	change(&t)
	return &t
}

// TestShapes maps every shape the probe names onto the emulator's.
func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		th   calibrate.Throttle
		want string
		rate int
	}{
		{calibrate.Throttle{Shape: load.ShapeSliding, SustainedQPS: 10, Headers: &calibrate.Headers{Limit: 10}}, "sliding", 10},
		{calibrate.Throttle{Shape: load.ShapeFixed, SustainedQPS: 37.4, Headers: &calibrate.Headers{Limit: 37}}, "fixed", 37},
		{calibrate.Throttle{Shape: load.ShapeToken, SustainedQPS: 36.4, Bucket: 74, Headers: &calibrate.Headers{Limit: 37}}, "token:burst=74", 37}, // the headers' figure
		{calibrate.Throttle{Shape: load.ShapeToken, SustainedQPS: 37, Bucket: 74, Headers: &calibrate.Headers{Limit: 37}}, "token:burst=74", 37},
		{calibrate.Throttle{Shape: load.ShapeEven, SustainedQPS: 20, Bucket: 2, Headers: &calibrate.Headers{Limit: 20}}, "gcra:burst=2", 20},
		{calibrate.Throttle{Shape: load.ShapeLong, SustainedQPS: 37, WindowS: 3.2, Headers: &calibrate.Headers{Limit: 111}}, "window:seconds=3", 37},
		{calibrate.Throttle{Shape: load.ShapeShared, SustainedQPS: 50, Headers: &calibrate.Headers{Limit: 50}}, "shared:rate=50", 50},
		// the probe's names before it shared the emulator's
		{calibrate.Throttle{Shape: "evenly spaced", SustainedQPS: 20, Bucket: 2, Headers: &calibrate.Headers{Limit: 20}}, "gcra:burst=2", 20},
		{calibrate.Throttle{Shape: "long window", SustainedQPS: 37, WindowS: 3, Headers: &calibrate.Headers{Limit: 111}}, "window:seconds=3", 37},
	} {
		t.Run(tc.th.Shape, func(t *testing.T) {
			m, rate, err := calibrate.EmulatorThrottle(tc.th)
			require.NoError(t, err)
			assert.Equal(t, tc.want, m.String())
			assert.Equal(t, tc.rate, rate)
		})
	}
}

// TestBucketFromResults: the bucket is the burst less what the sustained
// rate refilled while it lasted, timed from the probe's result file (its
// first request to its first throttle; the companion's left out).
func TestBucketFromResults(t *testing.T) {
	dir := t.TempDir()
	op := contract.OpDeleteLiveMessageGroup
	sum := load.Summary{Target: "real (https://live.aliyuncs.com)", Operations: []load.OperationResult{{Operation: op,
		Limit: load.Limit{SustainedQPS: 40, Burst: 100, WindowS: 1, Shape: load.ShapeToken, Trusted: true, Headers: &load.Headers{Limit: 40}}}}}
	require.NoError(t, sum.WriteFile(load.SummaryFile(dir)))
	bin, err := os.Create(load.ResultFile(dir, op))
	require.NoError(t, err)
	enc := vegeta.NewEncoder(bin)
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	throttled := []byte(`{"Code":"` + contract.CodeThrottlingUser + `","Message":"denied"}`)
	for _, r := range []vegeta.Result{
		{Timestamp: t0, Code: 200, URL: "https://live.aliyuncs.com/?Action=" + op, Body: []byte(`{}`)},
		{Timestamp: t0.Add(100 * time.Millisecond), Code: 400, URL: "https://live.aliyuncs.com/?Action=" + contract.OpRecoverLiveMessageDeletedGroup, Body: throttled},
		{Timestamp: t0.Add(500 * time.Millisecond), Code: 400, URL: "https://live.aliyuncs.com/?Action=" + op, Body: throttled},
	} {
		require.NoError(t, enc.Encode(&r))
	}
	require.NoError(t, bin.Close())
	f, _, err := calibrate.From(dir)
	require.NoError(t, err)
	th := f.Operation(op).Throttle
	require.NotNil(t, th)
	assert.Equal(t, 100, th.Burst)
	assert.Equal(t, 80, th.Bucket, "100 served in 0.5 s at 40/s: 20 of them refilled")
}

// TestFromNothing: folders with nothing of a real target refuse.
func TestFromNothing(t *testing.T) {
	_, notes, err := calibrate.From("testdata/mock-run")
	require.ErrorContains(t, err, "nothing to calibrate from")
	assert.Len(t, notes, 1)
	_, _, err = calibrate.From(filepath.Join(t.TempDir(), "absent"))
	require.Error(t, err)
}
