package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreGroupUsersPagesByJoinOrder(t *testing.T) {
	s, _ := storeWithTwoGroups(t)
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
	s, _ := storeWithTwoGroups(t)
	users := make([]string, SuperGroupUsers+1)
	for i := range users {
		users[i] = "u" + string(rune('a'+i%26)) + time.Duration(i).String()
	}
	require.NoError(t, s.Join("a", "g", users...))
	_, _, err := s.GroupUsers("a", "g", 1, 0, 10)
	assert.ErrorIs(t, err, ErrSuperGroup)
}

func TestStorePresenceAndUserInfo(t *testing.T) {
	s, _ := storeWithTwoGroups(t)
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
func ids(ms []Member) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.UserID)
	}
	return out
}
