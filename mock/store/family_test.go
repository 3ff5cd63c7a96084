package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func familyStore(t *testing.T) (*Store, *OffsetClock) {
	t.Helper()
	clock := NewOffsetClock(nil)
	s := NewStore(clock)
	_, err := s.CreateApp(AppSpec{ID: "a", Owner: "acct"})
	require.NoError(t, err)
	for _, g := range []string{"g", "h"} {
		_, err = s.CreateGroup("a", GroupSpec{ID: g})
		require.NoError(t, err)
	}
	return s, clock
}

func TestStoreUnbanKeepsUsersMutedOneByOne(t *testing.T) {
	s, _ := familyStore(t)
	require.NoError(t, s.AddBans("a", "g", []string{"u3"}))
	require.NoError(t, s.BanGroup("a", "g", []string{"u1"}))
	require.NoError(t, s.UnbanGroup("a", "g"))
	b, err := s.Bans("a", "g")
	require.NoError(t, err)
	assert.Equal(t, BanView{GroupID: "g", Banned: []string{"u3"}, Unbanned: []string{}}, b)
	assert.ErrorIs(t, s.UnbanGroup("a", "nope"), ErrGroupNotFound)
}

func TestStoreSetBansReplacesTheState(t *testing.T) {
	s, _ := familyStore(t)
	require.NoError(t, s.AddBans("a", "g", []string{"old"}))
	require.NoError(t, s.SetBans("a", "g", true, []string{"u2"}, []string{"u1"}))
	b, _ := s.Bans("a", "g")
	assert.Equal(t, BanView{GroupID: "g", BannedAll: true, Banned: []string{"u2"}, Unbanned: []string{"u1"}}, b)
	require.NoError(t, s.SetBans("a", "g", false, nil, []string{"u1"}))
	b, _ = s.Bans("a", "g")
	assert.Equal(t, BanView{GroupID: "g", Banned: []string{}, Unbanned: []string{}}, b, "no exempt without a whole-group mute")
}

func TestStoreGroupUsersPagesByJoinOrder(t *testing.T) {
	s, _ := familyStore(t)
	require.NoError(t, s.Join("a", "g", "c", "a1", "b"))
	page, next, err := s.GroupUsers("a", "g", 1, 0, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "a1"}, ids(page))
	assert.Equal(t, int64(3), next)
	page, next, err = s.GroupUsers("a", "g", 1, next, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, ids(page))
	assert.Zero(t, next)
	page, _, _ = s.GroupUsers("a", "g", 2, 0, 10)
	assert.Equal(t, []string{"b", "a1", "c"}, ids(page))
	require.NoError(t, s.Kick("a", "g", "a1"))
	require.NoError(t, s.Kick("a", "g", "nobody"), "kicking a non-member is no error")
	page, _, _ = s.GroupUsers("a", "g", 1, 0, 10)
	assert.Equal(t, []string{"c", "b"}, ids(page))
	_, err = s.DeleteGroup("a", "h", "")
	require.NoError(t, err)
	assert.ErrorIs(t, s.Kick("a", "h", "c"), ErrGroupDeleted)
}

func TestStoreGroupUsersRefusesASuperGroup(t *testing.T) {
	s, _ := familyStore(t)
	users := make([]string, SuperGroupUsers+1)
	for i := range users {
		users[i] = "u" + string(rune('a'+i%26)) + time.Duration(i).String()
	}
	require.NoError(t, s.Join("a", "g", users...))
	_, _, err := s.GroupUsers("a", "g", 1, 0, 10)
	assert.ErrorIs(t, err, ErrSuperGroup)
}

func ids(ms []Member) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.UserID)
	}
	return out
}

func TestStorePresenceAndUserInfo(t *testing.T) {
	s, _ := familyStore(t)
	require.NoError(t, s.Join("a", "g", "u1", "u2"))
	require.NoError(t, s.Join("a", "h", "u1"))
	in, err := s.InGroup("a", "h", []string{"u1", "u2"})
	require.NoError(t, err)
	assert.Equal(t, []bool{true, false}, in)
	groups, err := s.SetUserInfo("a", "u1", "nick")
	require.NoError(t, err)
	assert.Equal(t, []string{"g", "h"}, groups)
	page, _, _ := s.GroupUsers("a", "h", 1, 0, 10)
	assert.Equal(t, "nick", page[0].Info)
	_, err = s.DeleteGroup("a", "g", "")
	require.NoError(t, err)
	on, err := s.Online("a", []string{"u1", "u2"})
	require.NoError(t, err)
	assert.Equal(t, []bool{true, false}, on, "u2's only group was deleted")
}

func TestStoreUserMessagesAndRecall(t *testing.T) {
	s, _ := familyStore(t)
	_, err := s.SendUser("a", UserMessage{SenderID: "x", ReceiverID: "u1", Body: "hi"})
	assert.ErrorIs(t, err, ErrNotOnline)
	require.NoError(t, s.Join("a", "g", "u1"))
	m, err := s.SendUser("a", UserMessage{SenderID: "x", ReceiverID: "u1", Body: "hi"})
	require.NoError(t, err)
	assert.NotEmpty(t, m.MsgTid, "a MsgTid is assigned")
	gone, err := s.DeleteUserMessage("a", "u1", m.MsgTid)
	require.NoError(t, err)
	assert.True(t, gone)
	gone, _ = s.DeleteUserMessage("a", "u1", m.MsgTid)
	assert.False(t, gone, "deleting again finds nothing")

	_, err = s.Send("a", "g", Message{SenderID: "u1", Body: "keep", MsgTid: "k"})
	require.NoError(t, err)
	_, err = s.Send("a", "g", Message{SenderID: "u1", Body: "oops", MsgTid: "r"})
	require.NoError(t, err)
	gone, err = s.DeleteGroupMessage("a", "g", "r")
	require.NoError(t, err)
	assert.True(t, gone)
	p, _ := s.Messages("a", "g", MessageQuery{PageSize: 10})
	require.Len(t, p.Messages, 1)
	assert.Equal(t, "keep", p.Messages[0].Body)
}

func TestStoreAppSettingsAndList(t *testing.T) {
	s, clock := familyStore(t)
	clock.Advance(time.Minute)
	_, err := s.CreateApp(AppSpec{ID: "b", Owner: "acct", DataCenter: "ap-southeast-1"})
	require.NoError(t, err)
	_, err = s.CreateApp(AppSpec{ID: "c", Owner: "other"})
	require.NoError(t, err)
	d, err := s.ModifyApp("a", func(st *AppSettings) { st.Disabled, st.AuditType = true, 2 })
	require.NoError(t, err)
	assert.True(t, d.Disabled)
	assert.True(t, s.Disabled("a"))
	assert.False(t, s.Disabled("b"))
	page, next, more := s.ListApps("acct", "", 2, 0, 1)
	require.Len(t, page, 1)
	assert.Equal(t, "b", page[0].ID, "newest first")
	assert.True(t, more)
	page, _, more = s.ListApps("acct", "", 2, next, 1)
	assert.Equal(t, "a", page[0].ID)
	assert.False(t, more)
	page, _, _ = s.ListApps("acct", "ap-southeast-1", 1, 0, 10)
	require.Len(t, page, 1, "one app in that data center; another account's never")
	n, err := s.CountGroups("a", 1)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}
