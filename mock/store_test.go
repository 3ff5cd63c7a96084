package mock

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestStore(t *testing.T) (*Store, *OffsetClock, string) {
	t.Helper()
	clock := NewOffsetClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })
	s := NewStore(clock)
	app, err := s.CreateApp(AppSpec{Name: "app", Owner: "acct"})
	require.NoError(t, err)
	return s, clock, app.ID
}

func TestStoreRecoverWindow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after time.Duration
		want  error
	}{
		{"one second before 30 days", RecoverWindow - time.Second, nil},
		{"at 30 days", RecoverWindow, ErrGroupNotFound},
		{"one second after 30 days", RecoverWindow + time.Second, ErrGroupNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, clock, app := newTestStore(t)
			_, err := s.CreateGroup(app, GroupSpec{ID: "g", CreatorID: "c"})
			require.NoError(t, err)
			require.NoError(t, s.Join(app, "g", "u1"))
			_, err = s.Send(app, "g", Message{SenderID: "u1", Body: "kept"})
			require.NoError(t, err)
			existed, err := s.DeleteGroup(app, "g", "op")
			require.NoError(t, err)
			require.True(t, existed)
			clock.Advance(tc.after)
			err = s.RecoverGroup(app, "g")
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
				_, err = s.Group(app, "g")
				assert.ErrorIs(t, err, ErrGroupNotFound, "the purged group is gone")
				return
			}
			require.NoError(t, err)
			page, err := s.Messages(app, "g", MessageQuery{PageSize: 10})
			require.NoError(t, err)
			require.Len(t, page.Messages, 1, "messages come back with the group")
			assert.Equal(t, "kept", page.Messages[0].Body)
		})
	}
}

func TestStoreCapIsAtomic(t *testing.T) {
	s, _, app := newTestStore(t)
	_, err := s.SeedGroups(app, "seed", MaxGroupsPerApp-100)
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	refused := 0
	for w := 0; w < 50; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				_, err := s.CreateGroup(app, GroupSpec{ID: fmt.Sprintf("w%dg%d", w, i)})
				if errors.Is(err, ErrTooManyGroups) {
					mu.Lock()
					refused++
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
	n, err := s.ActiveGroups(app)
	require.NoError(t, err)
	assert.Equal(t, MaxGroupsPerApp, n, "exactly the cap, never more")
	assert.Equal(t, 400, refused)
}

func TestStoreCapOnRecoverAndDeletedDoNotCount(t *testing.T) {
	s, _, app := newTestStore(t)
	_, err := s.CreateGroup(app, GroupSpec{ID: "old"})
	require.NoError(t, err)
	_, err = s.DeleteGroup(app, "old", "")
	require.NoError(t, err)
	_, err = s.SeedGroups(app, "seed", MaxGroupsPerApp)
	require.NoError(t, err, "deleted groups do not count toward the cap")
	assert.ErrorIs(t, s.RecoverGroup(app, "old"), ErrTooManyGroups)
	_, err = s.CreateGroup(app, GroupSpec{ID: "new"})
	assert.ErrorIs(t, err, ErrTooManyGroups)
	v, err := s.Group(app, "old")
	require.NoError(t, err)
	assert.True(t, v.Deleted, "a refused recovery changes nothing")
}

func TestStoreUnmute(t *testing.T) {
	s, _, app := newTestStore(t)
	_, err := s.CreateGroup(app, GroupSpec{ID: "g"})
	require.NoError(t, err)
	require.NoError(t, s.AddBans(app, "g", []string{"a", "b", "c"}))
	require.NoError(t, s.RemoveBans(app, "g", []string{"a"}))
	v, _ := s.Bans(app, "g")
	assert.Equal(t, []string{"b", "c"}, v.Banned)
	require.NoError(t, s.AddBans(app, "g", []string{"*"}))
	require.NoError(t, s.RemoveBans(app, "g", []string{"b"}))
	v, _ = s.Bans(app, "g")
	assert.True(t, v.BannedAll)
	assert.Equal(t, []string{"b"}, v.Unbanned, "unmuting under a whole-group mute exempts the user")
	require.NoError(t, s.RemoveBans(app, "g", []string{"*"}))
	v, _ = s.Bans(app, "g")
	assert.False(t, v.BannedAll)
	assert.Empty(t, v.Banned, "* unmutes everybody")
}

func TestStoreDeleteNotifiesMembers(t *testing.T) {
	s, _, app := newTestStore(t)
	_, err := s.CreateGroup(app, GroupSpec{ID: "g"})
	require.NoError(t, err)
	require.NoError(t, s.Join(app, "g", "u1", "u2"))
	_, err = s.DeleteGroup(app, "g", "ops")
	require.NoError(t, err)
	var notified []string
	for _, e := range s.Events(0) {
		if e.Type == "member.notified" {
			notified = append(notified, e.UserID)
		}
	}
	assert.Equal(t, []string{"u1", "u2"}, notified)
	_, err = s.Send(app, "g", Message{SenderID: "u1"})
	assert.ErrorIs(t, err, ErrGroupDeleted, "a deleted group takes no messages")
}

func TestAccountClocksAreIndependent(t *testing.T) {
	c := NewOffsetClock(nil)
	before := c.NowFor("b")
	c.AdvanceFor("a", 48*time.Hour)
	assert.WithinDuration(t, before, c.NowFor("b"), time.Second, "b's clock did not move")
	assert.WithinDuration(t, before.Add(48*time.Hour), c.NowFor("a"), time.Second)
}

// BenchmarkMemory100x5000 reports the heap held by 100 apps of 5000 groups.
func BenchmarkMemory100x5000(b *testing.B) {
	for range b.N {
		s := NewStore(NewOffsetClock(nil))
		before := heap()
		for a := 0; a < 100; a++ {
			app, err := s.CreateApp(AppSpec{Name: "a", Owner: fmt.Sprintf("acct%d", a/300)})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.SeedGroups(app.ID, "group", MaxGroupsPerApp); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(heap()-before)/(1<<20), "MiB/100x5000")
		if len(s.apps) != 100 {
			b.Fatal("lost apps")
		}
	}
}
