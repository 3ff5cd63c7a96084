package target

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/mock"
)

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("embedded emulator", func(t *testing.T) {
		tg, err := Open(ctx, Spec{Kind: Mock})
		require.NoError(t, err)
		defer tg.Close()
		assert.NotNil(t, tg.Embedded)
		assert.Equal(t, tg.Endpoint+"/_mock", tg.Admin)
		assert.False(t, tg.IsReal())
	})
	t.Run("external emulator", func(t *testing.T) {
		srv := mock.NewServer()
		defer srv.Close()
		tg, err := Open(ctx, Spec{Kind: Mock, Endpoint: srv.URL + "/"})
		require.NoError(t, err)
		assert.Equal(t, srv.URL, tg.Endpoint, "trailing slash dropped")
		assert.Contains(t, tg.Describe(), "external emulator")
	})
	t.Run("real target has no admin API", func(t *testing.T) {
		tg, err := Open(ctx, Spec{Kind: Real, Endpoint: "127.0.0.1:1", Credentials: aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"}})
		require.NoError(t, err)
		assert.Empty(t, tg.Admin)
		assert.True(t, tg.IsReal())
		assert.Equal(t, "https://127.0.0.1:1", tg.Endpoint, "a bare host means https")
	})
	for _, tc := range []struct {
		name string
		spec Spec
	}{
		{"unknown kind", Spec{Kind: "moon"}},
		{"not a URL", Spec{Kind: Mock, Endpoint: "ftp://x"}},
		{"unreachable emulator", Spec{Kind: Mock, Endpoint: "http://127.0.0.1:1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(ctx, tc.spec)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrConfig), "a configuration error (exit 2): %v", err)
		})
	}
	t.Run("real target without credentials", func(t *testing.T) {
		t.Setenv(aliyun.EnvAccessKeyID, "")
		t.Setenv(aliyun.EnvAccessKeySecret, "")
		_, err := Open(ctx, Spec{Kind: Real})
		require.ErrorIs(t, err, ErrConfig)
		assert.Contains(t, err.Error(), aliyun.EnvAccessKeyID)
	})
	t.Run("real target with the lookup's credentials only", func(t *testing.T) {
		t.Setenv(aliyun.EnvAccessKeyID, "process-id")
		t.Setenv(aliyun.EnvAccessKeySecret, "process-secret")
		_, err := Open(ctx, Spec{Kind: Real, Getenv: func(string) string { return "" }})
		require.ErrorIs(t, err, ErrConfig, "the lookup says no credentials, whatever the process has")
		assert.Contains(t, err.Error(), aliyun.EnvAccessKeySecret)
		vars := map[string]string{aliyun.EnvAccessKeyID: "lookup-id", aliyun.EnvAccessKeySecret: "lookup-secret"}
		tg, err := Open(ctx, Spec{Kind: Real, Endpoint: "http://127.0.0.1:1", Getenv: func(k string) string { return vars[k] }})
		require.NoError(t, err)
		defer tg.Close()
		assert.Equal(t, "lookup-id", tg.Client.Credentials().AccessKeyID, "the client signs with the lookup's key")
	})
}

func TestAppID(t *testing.T) {
	t.Setenv(EnvAppID, "fromenv")
	assert.Equal(t, "flag", AppID("flag", nil))
	assert.Equal(t, "fromenv", AppID("", nil), "nil reads the process's environment")
	own := func(k string) string { return map[string]string{EnvAppID: "fromlookup"}[k] }
	assert.Equal(t, "fromlookup", AppID("", own))
	assert.Equal(t, "flag", AppID("flag", own))
}

// TestOpenWiresRetries: the spec's retries reach the client, with the
// contract's rules (a read is resent after a reset) and one budget that
// the clients made from it share and count in.
func TestOpenWiresRetries(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	read := contract.OpDescribeLiveMessageGroup
	flaky := faultproxy.NewResettingWhere(t, srv.URL, 2, func(r *http.Request) bool { return faultproxy.Action(r) == read })
	tg, err := Open(context.Background(), Spec{Kind: Mock, Endpoint: flaky.URL, Retries: 2, RetryBudget: 5})
	require.NoError(t, err)
	req := aliyun.Request{Action: read, Params: map[string]string{"AppId": "a", "GroupId": "g"}}
	for range 2 {
		resp, err := tg.Client.WithCredentials(tg.Client.Credentials()).Do(context.Background(), req)
		require.NoError(t, err, "the reset request is resent")
		assert.Equal(t, contract.CodeResourceNotExist, resp.Code, "answered: the app does not exist")
	}
	assert.Equal(t, int64(1), flaky.Reset.Load())
	assert.Equal(t, 2, tg.RetriesPerCall)
	assert.Equal(t, 5, tg.Retries.Limit())
	assert.Equal(t, map[string]int{read: 1}, tg.Retries.ByOperation())

	none, err := Open(context.Background(), Spec{Kind: Mock, Endpoint: flaky.URL})
	require.NoError(t, err)
	_, err = none.Client.Do(context.Background(), req)
	_, err2 := none.Client.Do(context.Background(), req)
	assert.True(t, errors.Is(err, aliyun.ErrTransport) || errors.Is(err2, aliyun.ErrTransport), "no retries by default: one of two fails")
	assert.Zero(t, none.Retries.Spent())
}
