package target

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
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
}

func TestAppID(t *testing.T) {
	t.Setenv(EnvAppID, "fromenv")
	assert.Equal(t, "flag", AppID("flag"))
	assert.Equal(t, "fromenv", AppID(""))
}
