package mock_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// call makes a signed call with the server's ready client.
func call(t *testing.T, srv *mock.Server, action string, params map[string]string) *aliyun.Response {
	t.Helper()
	resp, err := srv.Client().Do(context.Background(), aliyun.Request{Action: action, Params: params})
	require.NoError(t, err)
	return resp
}

// TestNewTestServerClosesWithTheTest: the server listens while its test
// runs and is closed by the test's cleanup.
func TestNewTestServerClosesWithTheTest(t *testing.T) {
	var host string
	t.Run("user", func(t *testing.T) {
		srv := mock.NewTestServer(t)
		host = srv.Host()
		assert.Equal(t, "http://"+host, srv.URL)
		resp := call(t, srv, "DescribeLiveMessageGroup", map[string]string{"AppId": "none", "GroupId": "g1"})
		assert.Equal(t, "ResourceNotExist", resp.Code, "the ready client signs with the default key")
	})
	_, err := net.DialTimeout("tcp", host, time.Second)
	assert.Error(t, err, "closed once the test that started it ended")
}

// fakeTB records what NewTestServer does with its test.
type fakeTB struct {
	cleanups []func()
	fatal    string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Cleanup(fn func())                 { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }

// TestNewTestServerFailsTheTestOnABadSeed: a seed that cannot be created
// fails the test with the reason, and no server is left behind.
func TestNewTestServerFailsTheTestOnABadSeed(t *testing.T) {
	cases := []struct {
		name  string
		seeds []mock.AppSeed
		want  string
	}{
		{"AppId twice", []mock.AppSeed{{ID: "a1"}, {ID: "a1"}}, `seed app "a1": AppId in use`},
		{"no AppId", []mock.AppSeed{{Name: "x"}}, "needs an ID"},
		{"group twice", []mock.AppSeed{{ID: "a2", Groups: []mock.GroupSeed{{ID: "g"}, {ID: "g"}}}}, `group "g": seeded twice`},
		{"no GroupId", []mock.AppSeed{{ID: "a3", Groups: []mock.GroupSeed{{}}}}, "needs an ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb := &fakeTB{}
			srv := mock.NewTestServer(tb, mock.WithApps(tc.seeds...))
			assert.Nil(t, srv)
			assert.Contains(t, tb.fatal, tc.want)
			assert.Empty(t, tb.cleanups, "nothing started, nothing to clean up")
		})
	}
	assert.Panics(t, func() { mock.NewServer(mock.WithApps(mock.AppSeed{})) }, "NewServer panics on a bad seed, as New does")
}

// TestSeedingNeedsNoOwner: seeded apps, groups, members and muted users
// are what the default key sees through the API, with no owner given.
func TestSeedingNeedsNoOwner(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{
		{ID: "g1", CreatorID: "alice", Admins: []string{"bob"}, Members: []string{"u1", "u2"}, Muted: []string{"u2"}},
		{ID: "g2", Muted: []string{store.Wildcard}},
	}}))
	d := call(t, srv, "DescribeLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g1"})
	require.True(t, d.OK(), "%s", d.Body)
	assert.Equal(t, "alice", d.Fields["CreatorId"])
	assert.Equal(t, []any{"bob"}, d.Fields["AdminList"])
	b := call(t, srv, "DescribeLiveMessageGroupBand", map[string]string{"AppId": "app1", "GroupId": "g1"})
	assert.Equal(t, []any{"u2"}, b.Fields["BannedUserList"])
	b2 := call(t, srv, "DescribeLiveMessageGroupBand", map[string]string{"AppId": "app1", "GroupId": "g2"})
	assert.Equal(t, true, b2.Fields["IsbannedAll"], "* mutes the whole group")
	members, err := srv.Store().Members("app1", "g1")
	require.NoError(t, err)
	assert.Equal(t, []string{"u1", "u2"}, members)
	s := call(t, srv, "SendLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g1", "SenderId": "u1", "MsgType": "1", "Body": "hi"})
	assert.True(t, s.OK(), "a seeded member sends: %s", s.Body)

	// Seeding later, and the store's own CreateApp, default to the default account too.
	require.NoError(t, srv.Seed(mock.AppSeed{ID: "app2", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", map[string]string{"AppId": "app2", "GroupId": "g1"}).OK())
	app, err := srv.Store().CreateApp(store.AppSpec{Name: "plain"})
	require.NoError(t, err)
	assert.Equal(t, mock.DefaultAccount, app.Owner)
	c := call(t, srv, "CreateLiveMessageGroup", map[string]string{"AppId": app.ID, "GroupId": "g1", "CreatorId": "c1"})
	assert.True(t, c.OK(), "an app made without an owner is the default key's: %s", c.Body)

	// An app of another account stays invisible to the default key.
	require.NoError(t, srv.Seed(mock.AppSeed{ID: "other", Owner: "999", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	assert.Equal(t, "ResourceNotExist", call(t, srv, "DescribeLiveMessageGroup", map[string]string{"AppId": "other", "GroupId": "g1"}).Code)
}

// TestControlFromGo: faults, limits, the clock and a reset, driven by
// methods, act on the calls as the admin API's do.
func TestControlFromGo(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	describe := map[string]string{"AppId": "app1", "GroupId": "g1"}

	require.NoError(t, srv.ArmFault(mock.Fault{Operation: "DescribeLiveMessageGroup", Code: "ServerError", Times: 1}))
	assert.Len(t, srv.Faults(), 1)
	assert.Equal(t, "ServerError", call(t, srv, "DescribeLiveMessageGroup", describe).Code, "the armed fault")
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", describe).OK(), "once only")
	require.NoError(t, srv.ArmFault(mock.Fault{Operation: "DescribeLiveMessageGroup", Code: "NoAuth"}))
	srv.ClearFaults("DescribeLiveMessageGroup")
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", describe).OK(), "cleared")
	for _, bad := range []mock.Fault{{Operation: "Nope", Code: "ServerError"}, {Operation: "DescribeLiveMessageGroup", Code: "Nope"},
		{Operation: "DescribeLiveMessageGroup"}, {Operation: "DescribeLiveMessageGroup", Latency: "2m"}} {
		assert.Error(t, srv.ArmFault(bad), "%+v", bad)
	}

	require.NoError(t, srv.SetQPS("DescribeLiveMessageGroup", 1))
	assert.Equal(t, 1, srv.QPS()["DescribeLiveMessageGroup"])
	codes := []string{call(t, srv, "DescribeLiveMessageGroup", describe).Code, call(t, srv, "DescribeLiveMessageGroup", describe).Code}
	assert.Contains(t, codes, "Throttling.User", "a second call within the second is over a limit of 1")
	assert.Error(t, srv.SetQPS("Nope", 1))
	assert.Error(t, srv.SetQPS("DescribeLiveMessageGroup", -1))
	require.NoError(t, srv.SetQPS("DescribeLiveMessageGroup", 0))

	require.True(t, call(t, srv, "DeleteLiveMessageGroup", describe).OK())
	srv.Clock().Advance(store.RecoverWindow)
	assert.Equal(t, "ResourceNotExist", call(t, srv, "RecoverLiveMessageDeletedGroup", describe).Code, "purged 30 days later")

	srv.Reset()
	_, ok := srv.Store().App("app1")
	assert.False(t, ok, "the reset forgot the apps")
	assert.Zero(t, srv.Clock().Offset(), "and the clock's offset")
	assert.Equal(t, 0, srv.QPS()["DescribeLiveMessageGroup"], "limits stay")
}
