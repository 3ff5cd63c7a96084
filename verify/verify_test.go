package verify_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/verify"
)

func creds() aliyun.Credentials {
	return aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
}

// recordApp records what an application sends to the emulator
// (livemsg mock --record): it makes its app, creates a group, reads it
// back, reads a group that does not exist, creates a second group and
// deletes it, and leaves the first one.
func recordApp(t *testing.T) []*cassette.File {
	t.Helper()
	dir := t.TempDir()
	h, rec, err := cassette.RecordHandler(mock.New(mock.DefaultConfig()), dir, cassette.Meta{Target: "mock", Endpoint: "http://127.0.0.1"}, mock.IsOwnPath)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	app := aliyun.NewClient(srv.URL, creds())
	ctx := context.Background()
	made, err := app.Do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "myapp"}})
	require.NoError(t, err)
	id := made.Fields["AppId"].(string)
	for _, r := range []aliyun.Request{
		{Action: contract.OpCreateLiveMessageGroup, Params: map[string]string{"AppId": id, "GroupId": "room1", "CreatorId": "alice"}},
		{Action: contract.OpDescribeLiveMessageGroup, Params: map[string]string{"AppId": id, "GroupId": "room1"}},
		{Action: contract.OpDescribeLiveMessageGroup, Params: map[string]string{"AppId": id, "GroupId": "nosuchroom"}},
		{Action: contract.OpCreateLiveMessageGroup, Params: map[string]string{"AppId": id, "GroupId": "room2", "CreatorId": "alice"}},
		{Action: contract.OpDeleteLiveMessageGroup, Params: map[string]string{"AppId": id, "GroupId": "room2"}},
	} {
		_, err := app.Do(ctx, r)
		require.NoError(t, err)
	}
	for _, path := range []string{"/healthz", "/_mock/qps"} {
		resp, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "served: %s", path)
	}
	require.NoError(t, rec.Finish("recorded", ""))

	files, err := cassette.LoadDir(dir)
	require.NoError(t, err)
	require.Len(t, files, 1)
	require.Len(t, files[0].Interactions, 6, "every request the app sent, and not the admin API's")
	assert.Equal(t, cassette.KindTraffic, files[0].Livemsg.Kind)
	return files
}

// account is the account's app on a provider.
func account(t *testing.T, c *aliyun.Client) string {
	t.Helper()
	made, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "account"}})
	require.NoError(t, err)
	return made.Fields["AppId"].(string)
}

// TestVerifyFaithfulProvider: the app's traffic, replayed on a provider
// that behaves as the emulator, matches in every exchange; the app is
// never made there (the account's is used), the groups the replay made
// are deleted, and the journal says so.
func TestVerifyFaithfulProvider(t *testing.T) {
	files := recordApp(t)
	provider := mock.NewTestServer(t)
	c := provider.Client()
	app := account(t, c)
	journal, err := steps.OpenJournal(filepath.Join(t.TempDir(), "journal.jsonl"))
	require.NoError(t, err)
	defer journal.Close()
	res, err := verify.Run(context.Background(), verify.Config{Client: c, AppID: app, MaxRequests: verify.Plan(files), Journal: journal}, files)
	require.NoError(t, err)
	var b bytes.Buffer
	res.WriteText(&b, "--target real")
	assert.False(t, res.Differs(), "a faithful provider answers as the emulator did:\n%s", b.String())
	assert.Contains(t, b.String(), "#1 CreateLiveMessageApp: not sent: makes or changes an app")
	assert.Contains(t, b.String(), "6 exchanges: 5 match, 0 differ, 1 not sent")
	assert.Empty(t, res.Left)
	for _, g := range []string{"room1", "room2"} {
		v, err := provider.Store().Group(app, g)
		require.NoError(t, err, g)
		assert.True(t, v.Deleted, "%s: nothing left on the account", g)
	}
	assert.Equal(t, verify.Plan(files), res.Sent, "5 exchanges and 2 cleanup deletes, within the budget")
}

// TestVerifyBrokenProvider: on a provider that answers without HostId,
// the exchange the app was tested against with an error answer differs,
// with what differs and the livemsg call line that sends it again.
func TestVerifyBrokenProvider(t *testing.T) {
	files := recordApp(t)
	var noHostID breakage.Provider
	for _, p := range breakage.All() {
		if strings.Contains(p.Name, "HostId") {
			noHostID = p
		}
	}
	require.NotEmpty(t, noHostID.Name)
	broken := noHostID.Start()
	defer broken.Close()
	c := aliyun.NewClient(broken.URL, creds())
	app := account(t, c)
	res, err := verify.Run(context.Background(), verify.Config{Client: c, AppID: app, MaxRequests: 100}, files)
	require.NoError(t, err)
	var b bytes.Buffer
	res.WriteText(&b, "--target real")
	require.True(t, res.Differs(), "%s", b.String())
	out := b.String()
	assert.Contains(t, out, "#4 DescribeLiveMessageGroup: DIFFERS from the answer the application was tested against")
	assert.Contains(t, out, "body.HostId")
	assert.Contains(t, out, "livemsg call --target real --unchecked DescribeLiveMessageGroup AppId="+app+" GroupId=nosuchroom")
	assert.Contains(t, out, "6 exchanges: 4 match, 1 differ, 1 not sent")
	v, err := broken.Backend.Store().Group(app, "room1")
	require.NoError(t, err)
	assert.True(t, v.Deleted, "cleaned up even when it differs")
}

// TestVerifyRefuses: no app, no budget, or a plan over the budget: nothing
// is sent.
func TestVerifyRefuses(t *testing.T) {
	files := recordApp(t)
	provider := mock.NewTestServer(t)
	for _, tc := range []struct {
		name string
		cfg  verify.Config
		want string
	}{
		{"no app", verify.Config{Client: provider.Client(), MaxRequests: 100}, "--app-id"},
		{"no budget", verify.Config{Client: provider.Client(), AppID: "a"}, "(--max-requests N): this verification may send 7"},
		{"over the budget", verify.Config{Client: provider.Client(), AppID: "a", MaxRequests: 6}, "over --max-requests 6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := verify.Run(context.Background(), tc.cfg, files)
			require.ErrorContains(t, err, tc.want)
			assert.Empty(t, provider.Requests(10), "nothing sent")
		})
	}
}

// TestVerifyNeverSendsAdminCalls: a recording with a call of the
// emulator's admin API (here a reset, which would wipe the account's
// state on an emulator) lists it as not sent.
func TestVerifyNeverSendsAdminCalls(t *testing.T) {
	files := recordApp(t)
	reset := *files[0].Interactions[1]
	reset.Request.URL, reset.Request.Method, reset.Request.Form = "http://127.0.0.1/_mock/reset", http.MethodPost, nil
	reset.ID = len(files[0].Interactions)
	files[0].Interactions = append(files[0].Interactions, &reset)
	provider := mock.NewTestServer(t)
	c := provider.Client()
	app := account(t, c)
	res, err := verify.Run(context.Background(), verify.Config{Client: c, AppID: app, MaxRequests: verify.Plan(files)}, files)
	require.NoError(t, err)
	var b bytes.Buffer
	res.WriteText(&b, "--target real")
	assert.Contains(t, b.String(), "#7 admin POST /_mock/reset: not sent: a call of the emulator's admin API")
	assert.Contains(t, b.String(), "7 exchanges: 5 match, 0 differ, 2 not sent")
	_, err = provider.Store().Group(app, "room1")
	require.NoError(t, err, "the account was not reset")
}
