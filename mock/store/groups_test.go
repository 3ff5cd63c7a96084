package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreCreateGroup(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(s *Store, c *OffsetClock, app string)
		want  CreateResult
	}{
		{"new id", func(*Store, *OffsetClock, string) {}, CreateResult{}},
		{"active id", func(s *Store, _ *OffsetClock, app string) {
			_, _ = s.CreateGroup(app, GroupSpec{ID: "g", Name: "first"})
		}, CreateResult{AlreadyExists: true}},
		{"deleted id", func(s *Store, _ *OffsetClock, app string) {
			_, _ = s.CreateGroup(app, GroupSpec{ID: "g", Name: "first"})
			_, _ = s.DeleteGroup(app, "g", "op")
		}, CreateResult{AlreadyDeleted: true}},
		{"purged id is free again", func(s *Store, c *OffsetClock, app string) {
			_, _ = s.CreateGroup(app, GroupSpec{ID: "g", Name: "first"})
			_, _ = s.DeleteGroup(app, "g", "op")
			c.Advance(RecoverWindow)
		}, CreateResult{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, c, app := newTestStore(t)
			tc.setup(s, c, app)
			before, _ := s.Group(app, "g")
			res, err := s.CreateGroup(app, GroupSpec{ID: "g", Name: "second", Info: "i", CreatorID: "c", Admins: []string{"a1"}})
			require.NoError(t, err)
			assert.Equal(t, tc.want, res)
			v, err := s.Group(app, "g")
			require.NoError(t, err)
			if res != (CreateResult{}) {
				assert.Equal(t, before, v, "a taken id changes nothing")
				return
			}
			assert.Equal(t, GroupView{ID: "g", Name: "second", Info: "i", CreatorID: "c", Admins: []string{"a1"},
				CreatedAt: c.Now(), MsgTypes: map[string]int64{}}, v)
		})
	}
}

func TestStoreDeleteGroup(t *testing.T) {
	for _, tc := range []struct {
		name        string
		setup       func(s *Store, app string)
		wantExisted bool
		wantBy      string
	}{
		{"active group", func(s *Store, app string) { mustGroup(t, s, app, "g") }, true, "op2"},
		{"already deleted: first deletion kept", func(s *Store, app string) {
			mustGroup(t, s, app, "g")
			_, _ = s.DeleteGroup(app, "g", "op1")
		}, true, "op1"},
		{"never created", func(*Store, string) {}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, c, app := newTestStore(t)
			tc.setup(s, app)
			when := c.Now()
			c.Advance(time.Minute)
			existed, err := s.DeleteGroup(app, "g", "op2")
			require.NoError(t, err)
			assert.Equal(t, tc.wantExisted, existed)
			v, err := s.Group(app, "g")
			if !tc.wantExisted {
				assert.ErrorIs(t, err, ErrGroupNotFound, "deleting a missing group creates nothing")
				return
			}
			require.NoError(t, err)
			assert.True(t, v.Deleted)
			assert.Equal(t, tc.wantBy, v.DeletedBy)
			if tc.wantBy == "op1" {
				assert.Equal(t, when, v.DeletedAt, "time of the first deletion")
			} else {
				assert.Equal(t, c.Now(), v.DeletedAt)
			}
			assert.Equal(t, 0, s.ActiveGroups(app))
		})
	}
}

func TestStoreDeleteNotifiesMembersAndKeepsMessages(t *testing.T) {
	s, _, app := newTestStore(t)
	mustGroup(t, s, app, "g", "u2", "u1")
	_, err := s.Send(app, "g", Message{SenderID: "u1", Body: "kept"})
	require.NoError(t, err)
	require.NoError(t, s.AddBans(app, "g", []string{"u2"}))
	since := s.Events(0)[len(s.Events(0))-1].Seq
	_, err = s.DeleteGroup(app, "g", "ops")
	require.NoError(t, err)

	var got []string
	for _, e := range s.Events(since) {
		got = append(got, e.Type+":"+e.UserID+":"+e.Detail)
	}
	assert.Equal(t, []string{"group.closed::ops", "member.notified:u1:group closed", "member.notified:u2:group closed"}, got,
		"one close event, then one notice per member")
	members, err := s.Members(app, "g")
	require.NoError(t, err)
	assert.Empty(t, members, "the members are gone with the group")

	require.NoError(t, s.RecoverGroup(app, "g"))
	page, err := s.Messages(app, "g", MessageQuery{})
	require.NoError(t, err)
	require.Len(t, page.Messages, 1, "messages come back with the group")
	bans, err := s.Bans(app, "g")
	require.NoError(t, err)
	assert.Equal(t, []string{"u2"}, bans.Banned, "mute lists come back with the group")
	_, err = s.Send(app, "g", Message{SenderID: "u1"})
	assert.ErrorIs(t, err, ErrNoMembers, "a recovered group has no members until users join again")
}

func TestStoreRecoverWindow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after time.Duration
		want  error
	}{
		{"just deleted", 0, nil},
		{"one second before 30 days", RecoverWindow - time.Second, nil},
		{"at 30 days", RecoverWindow, ErrGroupNotFound},
		{"one second after 30 days", RecoverWindow + time.Second, ErrGroupNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, clock, app := newTestStore(t)
			mustGroup(t, s, app, "g", "u1")
			_, err := s.Send(app, "g", Message{SenderID: "u1", Body: "kept"})
			require.NoError(t, err)
			_, err = s.DeleteGroup(app, "g", "op")
			require.NoError(t, err)
			clock.Advance(tc.after)
			err = s.RecoverGroup(app, "g")
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
				_, err = s.Group(app, "g")
				assert.ErrorIs(t, err, ErrGroupNotFound, "the purged group is gone")
				_, err = s.Messages(app, "g", MessageQuery{})
				assert.ErrorIs(t, err, ErrGroupNotFound, "its messages too")
				mustGroup(t, s, app, "g")
				page, err := s.Messages(app, "g", MessageQuery{})
				require.NoError(t, err)
				assert.Empty(t, page.Messages, "a new group of the same id has none of the old messages")
				return
			}
			require.NoError(t, err)
			v, err := s.Group(app, "g")
			require.NoError(t, err)
			assert.False(t, v.Deleted)
			assert.Empty(t, v.DeletedBy)
			page, err := s.Messages(app, "g", MessageQuery{PageSize: 10})
			require.NoError(t, err)
			require.Len(t, page.Messages, 1, "messages come back with the group")
			assert.Equal(t, "kept", page.Messages[0].Body)
		})
	}
}

func TestStoreRecoverGroupErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s *Store, app string)
		want  error
	}{
		{"never created", func(*testing.T, *Store, string) {}, ErrGroupNotFound},
		{"active", func(t *testing.T, s *Store, app string) { mustGroup(t, s, app, "g") }, ErrGroupNotDeleted},
		{"at the cap", func(t *testing.T, s *Store, app string) {
			mustGroup(t, s, app, "g")
			_, _ = s.DeleteGroup(app, "g", "")
			made, err := s.SeedGroups(app, "seed", MaxGroupsPerApp)
			require.NoError(t, err, "deleted groups do not count toward the cap")
			require.Equal(t, MaxGroupsPerApp, made)
		}, ErrTooManyGroups},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, app := newTestStore(t)
			tc.setup(t, s, app)
			before, beforeErr := s.Group(app, "g")
			active := s.ActiveGroups(app)
			assert.ErrorIs(t, s.RecoverGroup(app, "g"), tc.want)
			after, afterErr := s.Group(app, "g")
			assert.Equal(t, before, after, "a refused recovery changes nothing")
			assert.Equal(t, beforeErr, afterErr)
			assert.Equal(t, active, s.ActiveGroups(app))
		})
	}
}

func TestStoreCap(t *testing.T) {
	s, _, app := newTestStore(t)
	made, err := s.SeedGroups(app, "seed", MaxGroupsPerApp-1)
	require.NoError(t, err)
	require.Equal(t, MaxGroupsPerApp-1, made)
	mustGroup(t, s, app, "last")
	_, err = s.CreateGroup(app, GroupSpec{ID: "over"})
	assert.ErrorIs(t, err, ErrTooManyGroups, "the 5001st group")
	res, err := s.CreateGroup(app, GroupSpec{ID: "last"})
	assert.NoError(t, err, "an existing id at the cap is no error")
	assert.True(t, res.AlreadyExists)
	_, err = s.DeleteGroup(app, "last", "")
	require.NoError(t, err)
	mustGroup(t, s, app, "over") // a deletion frees a slot
	assert.ErrorIs(t, s.RecoverGroup(app, "last"), ErrTooManyGroups, "recovery checks the cap too")
	_, err = s.SeedGroups(app, "more", 1)
	assert.ErrorIs(t, err, ErrTooManyGroups, "seeding stops at the cap")
	assert.Equal(t, MaxGroupsPerApp, s.ActiveGroups(app))
}

func TestStoreCapIsAtomic(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prefill int
		recover bool
	}{
		{"create", MaxGroupsPerApp - 100, false},
		{"create and recover", MaxGroupsPerApp - 100, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, app := newTestStore(t)
			for i := range 50 {
				mustGroup(t, s, app, fmt.Sprintf("del%d", i))
				_, err := s.DeleteGroup(app, fmt.Sprintf("del%d", i), "")
				require.NoError(t, err)
			}
			_, err := s.SeedGroups(app, "seed", tc.prefill)
			require.NoError(t, err)
			var wg sync.WaitGroup
			var admitted, refused atomic.Int64
			for w := range 50 {
				wg.Go(func() {
					for i := range 10 {
						_, err := s.CreateGroup(app, GroupSpec{ID: fmt.Sprintf("w%dg%d", w, i)})
						count(err, &admitted, &refused)
					}
					if tc.recover {
						count(s.RecoverGroup(app, fmt.Sprintf("del%d", w)), &admitted, &refused)
					}
				})
			}
			wg.Wait()
			assert.Equal(t, MaxGroupsPerApp, s.ActiveGroups(app), "exactly the cap, never more")
			assert.Equal(t, int64(100), admitted.Load(), "only the free slots were taken")
			page, _, _, err := s.ListGroups(app, GroupQuery{Status: 1, PageSize: 2 * MaxGroupsPerApp})
			require.NoError(t, err)
			assert.Len(t, page, MaxGroupsPerApp, "the listing agrees with the count")
		})
	}
}

func count(err error, admitted, refused *atomic.Int64) {
	switch {
	case err == nil:
		admitted.Add(1)
	case errors.Is(err, ErrTooManyGroups):
		refused.Add(1)
	}
}

func TestStoreListGroups(t *testing.T) {
	s, c, app := newTestStore(t)
	for _, id := range []string{"b", "a", "c", "d", "e"} { // a and b share a creation time
		mustGroup(t, s, app, id)
		if id != "b" {
			c.Advance(time.Second)
		}
	}
	for _, id := range []string{"c", "e"} {
		_, err := s.DeleteGroup(app, id, "")
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name     string
		q        GroupQuery
		want     []string
		wantNext int
	}{
		{"all ascending", GroupQuery{Sort: 1}, []string{"a", "b", "c", "d", "e"}, 0},
		{"all descending", GroupQuery{Sort: 2}, []string{"e", "d", "c", "b", "a"}, 0},
		{"active", GroupQuery{Status: 1, Sort: 1}, []string{"a", "b", "d"}, 0},
		{"deleted", GroupQuery{Status: 2, Sort: 2}, []string{"e", "c"}, 0},
		{"first page", GroupQuery{Sort: 1, PageSize: 2}, []string{"a", "b"}, 2},
		{"second page", GroupQuery{Sort: 1, PageSize: 2, Token: 2}, []string{"c", "d"}, 4},
		{"last page", GroupQuery{Sort: 1, PageSize: 2, Token: 4}, []string{"e"}, 0},
		{"exact last page", GroupQuery{Status: 1, Sort: 2, PageSize: 3}, []string{"d", "b", "a"}, 0},
		{"past the end", GroupQuery{Sort: 1, Token: 9}, nil, 0},
		{"negative token", GroupQuery{Sort: 1, Token: -1, PageSize: 1}, []string{"a"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, next, more, err := s.ListGroups(app, tc.q)
			require.NoError(t, err)
			var ids []string
			for _, g := range page {
				ids = append(ids, g.ID)
			}
			assert.Equal(t, tc.want, ids)
			assert.Equal(t, tc.wantNext, next)
			assert.Equal(t, tc.wantNext != 0, more, "hasMore")
		})
	}
}

func TestStoreListGroupsDefaultPageAndOrderAfterClockMovesBack(t *testing.T) {
	s, c, app := newTestStore(t)
	for i := range 25 {
		mustGroup(t, s, app, fmt.Sprintf("g%02d", i))
		c.Advance(time.Second)
	}
	page, next, more, err := s.ListGroups(app, GroupQuery{Sort: 1})
	require.NoError(t, err)
	assert.Len(t, page, 20, "20 groups a page by default")
	assert.True(t, more)
	assert.Equal(t, 20, next)
	c.Set(epoch.Add(-time.Hour))
	mustGroup(t, s, app, "early")
	page, _, _, err = s.ListGroups(app, GroupQuery{Sort: 1, PageSize: 1})
	require.NoError(t, err)
	assert.Equal(t, "early", page[0].ID, "a group created after the clock went back sorts first")
}

func TestStorePurgeOrder(t *testing.T) {
	s, c, app := newTestStore(t)
	for _, id := range []string{"a", "b", "c", "d"} {
		mustGroup(t, s, app, id)
	}
	for _, id := range []string{"a", "b", "c", "d"} {
		_, err := s.DeleteGroup(app, id, "")
		require.NoError(t, err)
		c.Advance(24 * time.Hour)
	}
	require.NoError(t, s.RecoverGroup(app, "b"), "a recovered group leaves the purge queue")
	c.Set(epoch.Add(RecoverWindow + 24*time.Hour)) // a and b's deletion times are past
	exists := func(id string) bool { _, err := s.Group(app, id); return err == nil }
	assert.False(t, exists("a"), "a purged")
	assert.True(t, exists("b"), "b was recovered")
	assert.True(t, exists("c"), "c deleted a day later, not yet")
	c.Advance(48 * time.Hour)
	assert.False(t, exists("c"))
	assert.False(t, exists("d"))
	var purged []string
	for _, e := range s.Events(0) {
		if e.Type == EventGroupPurged {
			purged = append(purged, e.GroupID)
		}
	}
	assert.Equal(t, []string{"a", "c", "d"}, purged)
}

func TestStoreGroupView(t *testing.T) {
	s, _, app := newTestStore(t)
	_, err := s.CreateGroup(app, GroupSpec{ID: "g", Admins: []string{"x"}})
	require.NoError(t, err)
	require.NoError(t, s.Join(app, "g", "u1", "u2", "u1"))
	require.NoError(t, s.Leave(app, "g", "u2"))
	require.NoError(t, s.Join(app, "g", "u2"))
	for _, m := range []Message{{MsgType: 1}, {MsgType: 1, NoStorage: true}, {MsgType: 7}} {
		_, err := s.Send(app, "g", m)
		require.NoError(t, err)
	}
	v, err := s.Group(app, "g")
	require.NoError(t, err)
	assert.Equal(t, int64(3), v.TotalTimes, "three joins")
	assert.Equal(t, int64(2), v.OnlineUsers)
	assert.Equal(t, int64(3), v.MsgAmount, "stored or not, every message counts")
	assert.Equal(t, map[string]int64{"1": 2, "7": 1}, v.MsgTypes)
	v.Admins[0] = "changed"
	again, _ := s.Group(app, "g")
	assert.Equal(t, []string{"x"}, again.Admins, "a view is a copy")
}
