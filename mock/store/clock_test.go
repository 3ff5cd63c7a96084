package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func fixedBase() time.Time { return epoch }

func TestClock(t *testing.T) {
	for _, tc := range []struct {
		name       string
		move       func(c *OffsetClock)
		wantNow    time.Time
		wantOffset time.Duration
	}{
		{"starts on its base", func(*OffsetClock) {}, epoch, 0},
		{"advance adds up", func(c *OffsetClock) { c.Advance(time.Hour); c.Advance(2 * time.Hour) }, epoch.Add(3 * time.Hour), 3 * time.Hour},
		{"set moves to a time", func(c *OffsetClock) { c.Set(epoch.Add(-24 * time.Hour)) }, epoch.Add(-24 * time.Hour), -24 * time.Hour},
		{"set after advance", func(c *OffsetClock) { c.Advance(time.Hour); c.Set(epoch.Add(time.Minute)) }, epoch.Add(time.Minute), time.Minute},
		{"reset goes back", func(c *OffsetClock) { c.Advance(time.Hour); c.AdvanceFor("a", time.Hour); c.Reset() }, epoch, 0},
		{"an account's advance leaves the clock", func(c *OffsetClock) { c.AdvanceFor("a", time.Hour) }, epoch, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewOffsetClock(fixedBase)
			tc.move(c)
			assert.Equal(t, tc.wantNow, c.Now(), "Now")
			assert.Equal(t, tc.wantOffset, c.Offset(), "Offset")
			assert.Equal(t, c.Now(), c.NowFor("other"), "an account that did not move sees Now")
		})
	}
}

func TestClockAdvanceReturnsNewNow(t *testing.T) {
	c := NewOffsetClock(fixedBase)
	assert.Equal(t, epoch.Add(time.Minute), c.Advance(time.Minute))
	assert.Equal(t, epoch.Add(2*time.Minute), c.AdvanceFor("a", time.Minute), "the account's time includes the global offset")
	assert.Equal(t, epoch.Add(2*time.Minute), c.NowFor("a"))
	assert.Equal(t, epoch.Add(time.Minute), c.NowFor("b"), "b's clock did not move")
}

func TestClockNilBaseIsRealTime(t *testing.T) {
	c := NewOffsetClock(nil)
	assert.WithinDuration(t, time.Now(), c.Now(), time.Second)
	c.Advance(48 * time.Hour)
	assert.WithinDuration(t, time.Now().Add(48*time.Hour), c.Now(), time.Second)
}

// plainClock is a Clock without per-account time.
type plainClock struct{ c *OffsetClock }

func (p plainClock) Now() time.Time { return p.c.Now() }

func TestClockStoreUsesAccountTime(t *testing.T) {
	for _, tc := range []struct {
		name      string
		perAcct   bool
		wantGoneA bool
		wantGoneB bool
	}{
		{"OffsetClock: each app on its owner's time", true, true, false},
		{"plain Clock: one time for all", false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			oc := NewOffsetClock(fixedBase)
			var clock Clock = oc
			if !tc.perAcct {
				clock = plainClock{oc}
			}
			s := NewStore(clock)
			gone := map[string]bool{}
			apps := map[string]string{}
			for _, owner := range []string{"a", "b"} {
				app, err := s.CreateApp(AppSpec{Name: "app", Owner: owner})
				if !assert.NoError(t, err) {
					return
				}
				apps[owner] = app.ID
				_, _ = s.CreateGroup(app.ID, GroupSpec{ID: "g"})
				_, _ = s.DeleteGroup(app.ID, "g", "")
			}
			oc.AdvanceFor("a", RecoverWindow)
			for owner, id := range apps {
				_, err := s.Group(id, "g")
				gone[owner] = err != nil
			}
			assert.Equal(t, tc.wantGoneA, gone["a"], "a's group purged")
			assert.Equal(t, tc.wantGoneB, gone["b"], "b's group purged")
		})
	}
}
