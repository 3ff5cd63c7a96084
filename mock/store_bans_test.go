package mock

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreBans(t *testing.T) {
	type step struct {
		add   bool
		users []string
	}
	mute := func(u ...string) step { return step{true, u} }
	unmute := func(u ...string) step { return step{false, u} }
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
		{"mute the whole group", []step{mute("*")}, BanView{BannedAll: true}},
		{"whole group and one by one", []step{mute("a"), mute("*")}, BanView{BannedAll: true, Banned: []string{"a"}}},
		{"unmute under a whole-group mute exempts", []step{mute("a", "b"), mute("*"), unmute("b", "c")},
			BanView{BannedAll: true, Banned: []string{"a"}, Unbanned: []string{"b", "c"}}},
		{"muting an exempt user again", []step{mute("*"), unmute("b", "c"), mute("b")},
			BanView{BannedAll: true, Banned: []string{"b"}, Unbanned: []string{"c"}}},
		{"* lifts the whole-group mute and all lists", []step{mute("a"), mute("*"), unmute("b"), unmute("*")}, BanView{}},
		{"a new whole-group mute clears exemptions", []step{mute("*"), unmute("b"), mute("*")}, BanView{BannedAll: true}},
		{"unmute with no list", []step{mute("a"), unmute()}, BanView{Banned: []string{"a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, app := newTestStore(t)
			mustGroup(t, s, app, "g")
			for _, st := range tc.steps {
				if st.add {
					require.NoError(t, s.AddBans(app, "g", st.users))
				} else {
					require.NoError(t, s.RemoveBans(app, "g", st.users))
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
