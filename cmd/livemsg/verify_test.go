package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
)

// TestRecordThenVerify: livemsg mock --record keeps what an application
// sent; livemsg verify --target real replays it on a faithful provider
// (exit 0, the groups it made deleted) and on one that answers without
// HostId (exit 1, the exchange and a livemsg call line).
func TestRecordThenVerify(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "traffic")
	addr, lines, stop := startMock(t, "--record", dir)
	ctx := context.Background()
	app := aliyun.NewClient(addr, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	made, err := app.Do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "myapp"}})
	require.NoError(t, err)
	id := made.Fields["AppId"].(string)
	for _, r := range []aliyun.Request{
		{Action: contract.OpCreateLiveMessageGroup, Params: map[string]string{"AppId": id, "GroupId": "room1", "CreatorId": "alice"}},
		{Action: contract.OpDescribeLiveMessageGroup, Params: map[string]string{"AppId": id, "GroupId": "nosuchroom"}},
	} {
		_, err := app.Do(ctx, r)
		require.NoError(t, err)
	}
	var rest []byte
	read := make(chan struct{})
	go func() { rest, _ = io.ReadAll(lines); close(read) }()
	require.Equal(t, exitOK, stop())
	<-read
	assert.Contains(t, string(rest), "recorded: "+dir)

	useEmulatorKey(t)
	verifyOn := func(t *testing.T, endpoint string) (int, string, string, string) {
		c := aliyun.NewClient(endpoint, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
		acct, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "account"}})
		require.NoError(t, err)
		appID := acct.Fields["AppId"].(string)
		code, stdout, stderr := run(t, "verify", "--target", "real", "--endpoint", endpoint, "--app-id", appID,
			"--i-know-this-calls-the-real-service", "--max-requests", "10", "--out", t.TempDir(), dir)
		return code, stdout, stderr, appID
	}

	t.Run("faithful", func(t *testing.T) {
		provider := mock.NewTestServer(t)
		code, stdout, stderr, appID := verifyOn(t, provider.URL)
		require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		assert.Contains(t, stdout, "3 exchanges: 2 match, 0 differ, 1 not sent")
		g, err := provider.Store().Group(appID, "room1")
		require.NoError(t, err)
		assert.True(t, g.Deleted, "nothing left on the account")
	})
	t.Run("broken", func(t *testing.T) {
		var p breakage.Provider
		for _, b := range breakage.All() {
			if strings.Contains(b.Name, "HostId") {
				p = b
			}
		}
		broken := p.Start()
		defer broken.Close()
		code, stdout, stderr, appID := verifyOn(t, broken.URL)
		require.Equal(t, exitFailed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		assert.Contains(t, stdout, "#3 DescribeLiveMessageGroup: DIFFERS")
		assert.Contains(t, stdout, "livemsg call --target real --endpoint "+broken.URL+" --unchecked DescribeLiveMessageGroup AppId="+appID+" GroupId=nosuchroom")
		g, err := broken.Backend.Store().Group(appID, "room1")
		require.NoError(t, err)
		assert.True(t, g.Deleted, "nothing left on the account")
	})
	t.Run("over the budget", func(t *testing.T) {
		code, _, stderr := run(t, "verify", "--target", "real", "--app-id", "a", "--i-know-this-calls-the-real-service", "--max-requests", "2", dir)
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "the recordings may send 3 requests")
	})
}
