package store

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreBans(t *testing.T) {
	type step struct {
		op    string // mute, unmute, ban (the whole group, except users)
		users []string
	}
	mute := func(u ...string) step { return step{"mute", u} }
	unmute := func(u ...string) step { return step{"unmute", u} }
	ban := func(except ...string) step { return step{"ban", except} }
	for _, tc := range []struct {
		name  string
		steps []step
		want  BanView
	}{
		{"nothing muted", nil, BanView{}},
		{"mute users", []step{mute("b", "a")}, BanView{Banned: []string{"a", "b"}}},
		{"mute twice", []step{mute("a"), mute("a")}, BanView{Banned: []string{"a"}}},
		{"unmute one", []step{mute("a", "b", "c"), unmute("a")}, BanView{Banned: []string{"b", "c"}}},
		{"unmute someone not muted", []step{mute("a"), unmute("z")}, BanView{Banned: []string{"a"}}},
		{"* unmutes all", []step{mute("a", "b"), unmute("*")}, BanView{}},
		// AddLiveMessageGroupBand documents no "*" (the contract refuses it):
		// the store holds no whole-group meaning for it.
		{"* is not a whole-group mute", []step{mute("*")}, BanView{Banned: []string{"*"}}},
		{"mute the whole group", []step{ban()}, BanView{BannedAll: true}},
		{"mute the whole group except some", []step{ban("x", "y")}, BanView{BannedAll: true, Unbanned: []string{"x", "y"}}},
		{"whole group and one by one", []step{mute("a"), ban()}, BanView{BannedAll: true, Banned: []string{"a"}}},
		{"unmute under a whole-group mute exempts", []step{mute("a", "b"), ban(), unmute("b", "c")},
			BanView{BannedAll: true, Banned: []string{"a"}, Unbanned: []string{"b", "c"}}},
		{"muting an exempt user again", []step{ban(), unmute("b", "c"), mute("b")},
			BanView{BannedAll: true, Banned: []string{"b"}, Unbanned: []string{"c"}}},
		{"* lifts the whole-group mute and all lists", []step{mute("a"), ban(), unmute("b"), unmute("*")}, BanView{}},
		{"a new whole-group mute clears exemptions", []step{ban(), unmute("b"), ban()}, BanView{BannedAll: true}},
		{"unmute with no list", []step{mute("a"), unmute()}, BanView{Banned: []string{"a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, app := newTestStore(t)
			mustGroup(t, s, app, "g")
			for _, st := range tc.steps {
				switch st.op {
				case "mute":
					require.NoError(t, s.AddBans(app, "g", st.users))
				case "unmute":
					require.NoError(t, s.RemoveBans(app, "g", st.users))
				default:
					require.NoError(t, s.BanGroup(app, "g", st.users))
				}
			}
			got, err := s.Bans(app, "g")
			require.NoError(t, err)
			want := tc.want
			want.GroupID = "g"
			if want.Banned == nil {
				want.Banned = []string{}
			}
			if want.Unbanned == nil {
				want.Unbanned = []string{}
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestStoreBansNeedAnActiveGroup(t *testing.T) {
	for _, tc := range []struct {
		name    string
		deleted bool
		want    error
	}{
		{"deleted group", true, ErrGroupDeleted},
		{"missing group", false, ErrGroupNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, app := newTestStore(t)
			if tc.deleted {
				mustGroup(t, s, app, "g")
				_, err := s.DeleteGroup(app, "g", "")
				require.NoError(t, err)
			}
			assert.ErrorIs(t, s.AddBans(app, "g", []string{"a"}), tc.want, "mute")
			assert.ErrorIs(t, s.RemoveBans(app, "g", []string{"*"}), tc.want, "unmute")
			assert.ErrorIs(t, s.BanGroup(app, "g", nil), tc.want, "mute the group")
			_, err := s.Bans(app, "g")
			assert.ErrorIs(t, err, tc.want, "mute state")
			assert.ErrorIs(t, s.Join(app, "g", "u"), tc.want, "join")
		})
	}
}

func TestStoreBansEvents(t *testing.T) {
	s, _, app := newTestStore(t)
	mustGroup(t, s, app, "g")
	require.NoError(t, s.AddBans(app, "g", []string{"a", "b"}))
	require.NoError(t, s.RemoveBans(app, "g", []string{"*"}))
	ev := s.Events(0)
	require.Len(t, ev, 3)
	assert.Equal(t, []string{EventUsersMuted, "a,b"}, []string{ev[1].Type, ev[1].Detail})
	assert.Equal(t, []string{EventUsersUnmuted, "*"}, []string{ev[2].Type, ev[2].Detail})
}

func TestStoreMembers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		join    []string
		leave   []string
		deleted bool
		want    []string
	}{
		{"none", nil, nil, false, []string{}},
		{"joined, sorted, once each", []string{"u2", "u1", "u2"}, nil, false, []string{"u1", "u2"}},
		{"left", []string{"u1", "u2"}, []string{"u1", "nobody"}, false, []string{"u2"}},
		{"a deleted group has none", []string{"u1"}, []string{"u1"}, true, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, app := newTestStore(t)
			mustGroup(t, s, app, "g", tc.join...)
			if tc.deleted {
				_, err := s.DeleteGroup(app, "g", "")
				require.NoError(t, err)
			}
			require.NoError(t, s.Leave(app, "g", tc.leave...), "leaving works on a deleted group too")
			got, err := s.Members(app, "g")
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	s, _, app := newTestStore(t)
	_, err := s.Members(app, "nope")
	assert.ErrorIs(t, err, ErrGroupNotFound)
	assert.ErrorIs(t, s.Leave(app, "nope", "u"), ErrGroupNotFound)
}

// TestStoreSuperLargeGroup: more than 2,000 members make a super group,
// which stays one until every user has left (or the group is deleted).
func TestStoreSuperLargeGroup(t *testing.T) {
	s, _, app := newTestStore(t)
	mustGroup(t, s, app, "g")
	users := make([]string, SuperGroupUsers+1)
	for i := range users {
		users[i] = "u" + strconv.Itoa(i)
	}
	require.NoError(t, s.Join(app, "g", users[:SuperGroupUsers]...))
	v, err := s.Group(app, "g")
	require.NoError(t, err)
	assert.False(t, v.SuperLarge, "2,000 members is not yet a super group")
	require.NoError(t, s.Join(app, "g", users[SuperGroupUsers]))
	v, _ = s.Group(app, "g")
	assert.True(t, v.SuperLarge, "2,001 members is a super group")
	require.NoError(t, s.Leave(app, "g", users[1:]...))
	v, _ = s.Group(app, "g")
	assert.True(t, v.SuperLarge, "it stays one while a user is left")
	require.NoError(t, s.Leave(app, "g", users[0]))
	v, _ = s.Group(app, "g")
	assert.False(t, v.SuperLarge, "once everyone left it is a normal group again")
	require.NoError(t, s.Join(app, "g", users...))
	_, err = s.DeleteGroup(app, "g", "")
	require.NoError(t, err)
	v, _ = s.Group(app, "g")
	assert.False(t, v.SuperLarge, "a deleted group has no members")
}

func TestStoreUnbanKeepsUsersMutedOneByOne(t *testing.T) {
	s, _ := storeWithTwoGroups(t)
	require.NoError(t, s.AddBans("a", "g", []string{"u3"}))
	require.NoError(t, s.BanGroup("a", "g", []string{"u1"}))
	require.NoError(t, s.UnbanGroup("a", "g"))
	b, err := s.Bans("a", "g")
	require.NoError(t, err)
	assert.Equal(t, BanView{GroupID: "g", Banned: []string{"u3"}, Unbanned: []string{}}, b)
	assert.ErrorIs(t, s.UnbanGroup("a", "nope"), ErrGroupNotFound)
}

func TestStoreSetBansReplacesTheState(t *testing.T) {
	s, _ := storeWithTwoGroups(t)
	require.NoError(t, s.AddBans("a", "g", []string{"old"}))
	require.NoError(t, s.SetBans("a", "g", true, []string{"u2"}, []string{"u1"}))
	b, _ := s.Bans("a", "g")
	assert.Equal(t, BanView{GroupID: "g", BannedAll: true, Banned: []string{"u2"}, Unbanned: []string{"u1"}}, b)
	require.NoError(t, s.SetBans("a", "g", false, nil, []string{"u1"}))
	b, _ = s.Bans("a", "g")
	assert.Equal(t, BanView{GroupID: "g", Banned: []string{}, Unbanned: []string{}}, b, "no exempt without a whole-group mute")
}
