package parity_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/parity"
)

func creds() aliyun.Credentials {
	return aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
}

func unthrottled() []mock.Option {
	var opts []mock.Option
	for _, op := range contract.Default().OperationNames() {
		opts = append(opts, mock.WithQPS(op, 0))
	}
	return opts
}

// fresh starts an embedded emulator per recording.
func fresh(ctx context.Context) (*aliyun.Client, func(), error) {
	srv := mock.NewServer(unthrottled()...)
	return aliyun.NewClient(srv.URL, creds()), srv.Close, nil
}

func replayDir(t *testing.T, dir string) *parity.Report {
	t.Helper()
	files, err := cassette.LoadDir(dir)
	require.NoError(t, err)
	rep := &parity.Report{}
	for _, f := range files {
		c, err := parity.Replay(context.Background(), f, fresh)
		require.NoError(t, err)
		rep.Add(c)
	}
	return rep
}

// TestFaithfulRecordingReplaysIdentical: what an emulator answered, replayed
// against another, differs in nothing once the generated values (the app
// made by the recording, the app that existed before it, RequestIds) are
// paired; "the id Create returned is the id Describe returns" holds.
func TestFaithfulRecordingReplaysIdentical(t *testing.T) {
	srv := mock.NewServer(unthrottled()...)
	defer srv.Close()
	ctx := context.Background()
	plain := aliyun.NewClient(srv.URL, creds())
	before, err := plain.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "before"}})
	require.NoError(t, err)
	oldApp := before.Fields["AppId"].(string)

	dir := t.TempDir()
	d := cassette.NewDir(dir, cassette.Meta{Endpoint: srv.URL, Target: "mock"}, nil)
	rt, finish := d.Transport(cassette.KindCall, "faithful", nil, nil)
	c := plain.With(aliyun.WithHTTPClient(&http.Client{Transport: rt}))
	made, err := c.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "made"}})
	require.NoError(t, err)
	newApp := made.Fields["AppId"].(string)
	for _, app := range []string{oldApp, newApp} {
		for _, r := range []aliyun.Request{
			{Action: "CreateLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1", "CreatorId": "u1"}},
			{Action: "DescribeLiveMessageGroup", Method: "GET", Params: map[string]string{"AppId": app, "GroupId": "g1"}},
			{Action: "AddLiveMessageGroupBand", Params: map[string]string{"AppId": app, "GroupId": "g1"}, Lists: map[string][]string{"BannedUsers": {"u1", "u2"}}, ListStyle: aliyun.ListComma},
			{Action: "DescribeLiveMessageGroupBand", Format: "XML", Params: map[string]string{"AppId": app, "GroupId": "g1"}},
			{Action: "ListLiveMessageGroups", Signature: aliyun.SignV3Version, Params: map[string]string{"AppId": app, "SortType": "2"}},
			{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "nosuch"}},
			{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"},
				Overrides: map[string]string{"Timestamp": time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z")}},
		} {
			_, err := c.Do(ctx, r)
			require.NoError(t, err)
		}
	}
	finish("passed", "")
	require.NoError(t, d.Err())

	rep := replayDir(t, dir)
	var b bytes.Buffer
	rep.WriteText(&b)
	assert.False(t, rep.Differs(), "a faithful recording replays identical:\n%s", b.String())
	tot := rep.Totals()
	assert.Equal(t, 15, tot.Compared)
	assert.Equal(t, 15, tot.Identical)
	assert.Contains(t, b.String(), "recorded ")
}

// TestParityReportsEachBrokenProvider: explore records its minimal
// divergence against each broken provider; replayed against a fresh
// emulator, parity reports the difference.
func TestParityReportsEachBrokenProvider(t *testing.T) {
	for _, p := range breakage.All() {
		t.Run(p.Name, func(t *testing.T) {
			srv := p.Start(unthrottled()...)
			defer srv.Close()
			dir := t.TempDir()
			d := cassette.NewDir(dir, cassette.Meta{Endpoint: srv.URL, Target: "real"}, nil)
			// Seed 9: the sort-order breakage is rare (of seeds 1 to 10, half
			// find it within 300 sequences). Seed 7 found it at 79 until
			// DeleterId became required (issue 23) and moved the draws; then
			// at 113, past the budget.
			res, err := explore.Run(context.Background(), explore.Config{
				Target: aliyun.NewClient(srv.URL, creds()), Admin: srv.URL + "/_mock", Seed: 9, ShrinkTime: time.Second,
				Record: func(name string, base http.RoundTripper) (http.RoundTripper, func(string, string)) {
					return d.Transport(cassette.KindSequence, name, nil, base)
				},
			})
			require.NoError(t, err)
			require.NotNil(t, res.Divergence)
			require.NoError(t, d.Err())
			rep := replayDir(t, dir)
			var b bytes.Buffer
			rep.WriteText(&b)
			assert.True(t, rep.Differs(), "parity must report that the provider's %s", p.Name)
			var minimal *parity.Cassette
			for i := range rep.Cassettes {
				if c := &rep.Cassettes[i]; c.Meta.Outcome == "diverged" {
					minimal = c
				}
			}
			require.NotNil(t, minimal, "the minimal divergence was recorded")
			assert.True(t, minimal.Differs(), "its replay differs:\n%s", b.String())
			assert.Positive(t, rep.Totals().Different)
		})
	}
}

func TestAssumptionVerdict(t *testing.T) {
	for _, tc := range []struct {
		name, target, outcome, want string
		tags                        []string
	}{
		{"passed on real", "real", "passed", "confirmed", []string{"@assumption"}},
		{"failed on real", "real", "failed", "refuted", []string{"@assumption"}},
		{"on the emulator says nothing", "mock", "passed", "", []string{"@assumption"}},
		{"not an assumption", "real", "passed", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &cassette.File{Livemsg: cassette.Meta{Kind: cassette.KindScenario, Target: tc.target, Outcome: tc.outcome, Tags: tc.tags}}
			c, err := parity.Replay(context.Background(), f, fresh)
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.Assumption)
		})
	}
}

// TestEnvelopeRefusalsAreNotResent: a request the recording shows refused
// for a cause no cassette keeps (a throttle, a wrong signature) is not sent
// again: resent, the throttled delete would be served by the replay's
// emulator (the group gone where the recording has it) and the tampered
// call answered 200. Left out, the replay's state stays the recording's
// and everything else compares identical; the report counts them.
func TestEnvelopeRefusalsAreNotResent(t *testing.T) {
	deleteOp := contract.OpDeleteLiveMessageGroup
	srv := mock.NewServer(mock.WithQPS(deleteOp, 1))
	defer srv.Close()
	ctx := context.Background()
	plain := aliyun.NewClient(srv.URL, creds())
	made, err := plain.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "env"}})
	require.NoError(t, err)
	app := made.Fields["AppId"].(string)

	dir := t.TempDir()
	d := cassette.NewDir(dir, cassette.Meta{Endpoint: srv.URL, Target: "real"}, nil)
	rt, finish := d.Transport(cassette.KindCall, "envelope", nil, nil)
	c := plain.With(aliyun.WithHTTPClient(&http.Client{Transport: rt}))
	codes := []string{}
	for _, r := range []aliyun.Request{
		{Action: "CreateLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1", "CreatorId": "u1"}},
		{Action: "CreateLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g2", "CreatorId": "u1"}},
		{Action: deleteOp, Params: map[string]string{"AppId": app, "GroupId": "g2"}},
		{Action: deleteOp, Params: map[string]string{"AppId": app, "GroupId": "g1"}}, // over 1 per second
		{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}, TamperSignature: true},
		{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}},
	} {
		resp, err := c.Do(ctx, r)
		require.NoError(t, err)
		codes = append(codes, resp.Code)
	}
	finish("passed", "")
	require.NoError(t, d.Err())
	require.Equal(t, []string{"", "", "", contract.CodeThrottlingUser, contract.CodeSignatureDoesNotMatch, ""}, codes, "the recording")

	rep := replayDir(t, dir)
	var b bytes.Buffer
	rep.WriteText(&b)
	assert.False(t, rep.Differs(), "%s", b.String())
	tot := rep.Totals()
	assert.Equal(t, 2, tot.NotResent)
	assert.Equal(t, 4, tot.Compared, "the two creates, the delete served and the last describe")
	assert.Contains(t, b.String(), "not resent: refused with Throttling.User in the recording")
	assert.Contains(t, b.String(), "not resent: refused with SignatureDoesNotMatch in the recording")
}

// TestAppMadeOnlyWhereTheRecordingHadIt: an app the recording used without
// making it is made on the replay's emulator when the recording shows it
// existed (served). An AppId the recorded provider did not know, first
// refused on another parameter (before any app is looked up), is not made:
// later, where the recording has ResourceNotExist, so does the replay
// (made on the guess, it answered 200 there).
func TestAppMadeOnlyWhereTheRecordingHadIt(t *testing.T) {
	srv := mock.NewServer(unthrottled()...)
	defer srv.Close()
	ctx := context.Background()
	plain := aliyun.NewClient(srv.URL, creds())
	made, err := plain.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "given"}})
	require.NoError(t, err)
	app := made.Fields["AppId"].(string)

	dir := t.TempDir()
	d := cassette.NewDir(dir, cassette.Meta{Endpoint: srv.URL, Target: "real"}, nil)
	rt, finish := d.Transport(cassette.KindCall, "apps", nil, nil)
	c := plain.With(aliyun.WithHTTPClient(&http.Client{Transport: rt}))
	list := contract.OpListLiveMessageGroups
	var codes []string
	for _, r := range []aliyun.Request{
		{Action: list, Params: map[string]string{"AppId": "nosuchapp1", "SortType": "9"}},
		{Action: list, Params: map[string]string{"AppId": "nosuchapp1", "SortType": "1"}},
		{Action: list, Params: map[string]string{"AppId": app, "SortType": "1"}},
	} {
		resp, err := c.Do(ctx, r)
		require.NoError(t, err)
		codes = append(codes, resp.Code)
	}
	finish("passed", "")
	require.NoError(t, d.Err())
	require.Equal(t, []string{contract.CodeInputInvalid, contract.CodeResourceNotExist, ""}, codes, "the recording")

	rep := replayDir(t, dir)
	var b bytes.Buffer
	rep.WriteText(&b)
	assert.False(t, rep.Differs(), "%s", b.String())
	assert.Equal(t, 3, rep.Totals().Identical)
}
