package mock_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// TestAdminClient drives every call of the one admin client against a
// running emulator and reads each effect back through the admin API.
func TestAdminClient(t *testing.T) {
	srv := mock.NewServer(mock.WithApps(mock.AppSeed{ID: "appadmin1"}))
	defer srv.Close()
	ctx := context.Background()
	var lines []string
	a := mock.NewAdmin(srv.URL)
	a.Log = func(l string) { lines = append(lines, l) }

	const secret = "adminclientsecret0123456789"
	require.NoError(t, a.AddKey(ctx, mock.Key{ID: "LTAIadminclient0000000001", Secret: secret, Account: "acct9"}))
	require.NotContains(t, strings.Join(lines, "\n"), secret, "a key's secret reached the log")
	require.NotContains(t, strings.Join(lines, "\n"), "LTAIadminclient0000000001", "a full key id reached the log")

	require.NoError(t, a.SeedGroups(ctx, "appadmin1", "seeded", 3))
	n, err := a.ActiveGroups(ctx, "appadmin1")
	require.NoError(t, err)
	require.Equal(t, 3, n)

	require.NoError(t, a.Join(ctx, "appadmin1", "seeded1", "u1", "u2"))
	var members struct{ Members []string }
	require.NoError(t, a.Send(ctx, "GET", "/groups/appadmin1/seeded1/members", nil, &members))
	require.ElementsMatch(t, []string{"u1", "u2"}, members.Members)

	require.NoError(t, a.Advance(ctx, "acct9", time.Hour))
	require.NoError(t, a.Advance(ctx, "", 2*time.Hour))
	var clock struct{ Offset string }
	require.NoError(t, a.Send(ctx, "GET", "/clock", nil, &clock))
	require.Equal(t, (2 * time.Hour).String(), clock.Offset, "the clock moved")
	evs, err := a.Events(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, evs)

	require.NoError(t, a.Reset(ctx))
	_, err = a.ActiveGroups(ctx, "appadmin1")
	require.ErrorContains(t, err, "404", "reset left the app")

	err = a.Fault(ctx, "", "NoSuchOperation", contract.CodeInternalError, 1)
	require.ErrorContains(t, err, "400", "a refused call is an error quoting the status")
}

// TestOwnPaths: the admin API and the health check are the emulator's
// own; the RPC endpoint and a path that only starts like the prefix are
// not.
func TestOwnPaths(t *testing.T) {
	for path, own := range map[string]bool{"/_mock": true, "/_mock/reset": true, "/healthz": true,
		"/": false, "/_mockery": false, "/healthz/x": false} {
		require.Equal(t, own, mock.IsOwnPath(path), path)
	}
	require.False(t, mock.IsAdminPath("/healthz"))
}
