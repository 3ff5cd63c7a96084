package store

import (
	"fmt"
	"regexp"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTestStore is a store on a clock fixed at epoch, with one app of
// account "acct".
func newTestStore(t testing.TB) (*Store, *OffsetClock, string) {
	t.Helper()
	clock := NewOffsetClock(fixedBase)
	s := NewStore(clock)
	app, err := s.CreateApp(AppSpec{Name: "app", Owner: "acct"})
	require.NoError(t, err)
	return s, clock, app.ID
}

func TestStoreCreateApp(t *testing.T) {
	s := NewStore(NewOffsetClock(fixedBase))
	for _, tc := range []struct {
		name   string
		spec   AppSpec
		wantDC string
	}{
		{"data center defaults to cn-shanghai", AppSpec{Name: "a", Owner: "o"}, "cn-shanghai"},
		{"data center kept", AppSpec{Name: "a", Owner: "o", DataCenter: "ap-southeast-1", MsgLifeCycle: 2}, "ap-southeast-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := s.CreateApp(tc.spec)
			require.NoError(t, err)
			assert.Regexp(t, regexp.MustCompile(`^[a-z0-9]{8}$`), a.ID, "AppId is 8 lower-case letters and digits")
			assert.NotEmpty(t, a.Key)
			assert.NotEmpty(t, a.Sign)
			assert.Equal(t, tc.wantDC, a.DataCenter)
			assert.Equal(t, tc.spec.MsgLifeCycle, a.MsgLifeCycle)
			assert.Equal(t, epoch, a.CreatedAt, "created at the clock's time")
			got, ok := s.App(a.ID)
			assert.True(t, ok)
			assert.Equal(t, a, got)
		})
	}
}

func TestStoreAppCap(t *testing.T) {
	s := NewStore(NewOffsetClock(fixedBase))
	ids := map[string]bool{}
	for range MaxAppsPerAccount {
		a, err := s.CreateApp(AppSpec{Name: "a", Owner: "full"})
		require.NoError(t, err)
		ids[a.ID] = true
	}
	assert.Len(t, ids, MaxAppsPerAccount, "AppIds are unique")
	_, err := s.CreateApp(AppSpec{Name: "a", Owner: "full"})
	assert.ErrorIs(t, err, ErrTooManyApps, "the 301st app of an account")
	_, err = s.CreateApp(AppSpec{Name: "a", Owner: "other"})
	assert.NoError(t, err, "the cap is per account")
	s.Reset()
	_, err = s.CreateApp(AppSpec{Name: "a", Owner: "full"})
	assert.NoError(t, err, "reset frees the account's slots")
}

func TestStoreAppFor(t *testing.T) {
	s, _, app := newTestStore(t)
	for _, tc := range []struct {
		name, owner, app, dc string
		want                 error
	}{
		{"own app", "acct", app, "", nil},
		{"own app in its data center", "acct", app, "cn-shanghai", nil},
		{"another data center", "acct", app, "ap-southeast-1", ErrDataCenter},
		{"another account's app", "other", app, "", ErrAppNotFound},
		{"unknown app", "acct", "nosuchap", "", ErrAppNotFound},
		{"unknown app and a data center", "acct", "nosuchap", "ap-southeast-1", ErrAppNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.AppFor(tc.owner, tc.app, tc.dc)
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, app, got.ID)
		})
	}
}

func TestStoreUnknownApp(t *testing.T) {
	s := NewStore(nil)
	_, err := s.CreateGroup("nope", GroupSpec{ID: "g"})
	assert.ErrorIs(t, err, ErrAppNotFound)
	_, err = s.DeleteGroup("nope", "g", "")
	assert.ErrorIs(t, err, ErrAppNotFound, "a missing app is an error even for delete")
	assert.ErrorIs(t, s.RecoverGroup("nope", "g"), ErrAppNotFound)
	_, err = s.Messages("nope", "g", MessageQuery{})
	assert.ErrorIs(t, err, ErrAppNotFound)
	assert.Equal(t, 0, s.ActiveGroups("nope"))
	_, ok := s.App("nope")
	assert.False(t, ok)
}

func TestStoreReset(t *testing.T) {
	s, _, app := newTestStore(t)
	_, err := s.CreateGroup(app, GroupSpec{ID: "g"})
	require.NoError(t, err)
	last := s.Events(0)
	require.NotEmpty(t, last)
	s.Reset()
	_, ok := s.App(app)
	assert.False(t, ok, "apps are forgotten")
	assert.Empty(t, s.Events(0), "events are forgotten")
	a, err := s.CreateApp(AppSpec{Name: "x", Owner: "acct"})
	require.NoError(t, err)
	_, err = s.CreateGroup(a.ID, GroupSpec{ID: "g"})
	require.NoError(t, err)
	ev := s.Events(last[len(last)-1].Seq)
	require.Len(t, ev, 1, "a reader polling with since sees the new event")
	assert.Greater(t, ev[0].Seq, last[len(last)-1].Seq, "sequence numbers do not restart")
}

// BenchmarkCreate5000 fills an app with 5000 groups through CreateGroup.
func BenchmarkCreate5000(b *testing.B) {
	ids := make([]string, MaxGroupsPerApp)
	for i := range ids {
		ids[i] = fmt.Sprintf("group%04d", i)
	}
	b.ReportAllocs()
	for b.Loop() {
		s := NewStore(NewOffsetClock(fixedBase))
		app, err := s.CreateApp(AppSpec{Name: "a", Owner: "o"})
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range ids {
			if _, err := s.CreateGroup(app.ID, GroupSpec{ID: id, Name: "name", CreatorID: "creator"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*MaxGroupsPerApp), "ns/group")
}

// BenchmarkMemory100x5000 reports the heap held by 100 apps of 5000 groups
// each, made through CreateGroup, then listed once (the listing index).
func BenchmarkMemory100x5000(b *testing.B) {
	for b.Loop() {
		before := heapAlloc()
		s := NewStore(NewOffsetClock(fixedBase))
		for range 100 {
			app, err := s.CreateApp(AppSpec{Name: "a", Owner: "acct"})
			if err != nil {
				b.Fatal(err)
			}
			for g := range MaxGroupsPerApp {
				id := fmt.Sprintf("group%04d", g)
				if _, err := s.CreateGroup(app.ID, GroupSpec{ID: id, Name: "name", CreatorID: "creator"}); err != nil {
					b.Fatal(err)
				}
			}
			if _, _, _, err := s.ListGroups(app.ID, GroupQuery{Sort: 1}); err != nil {
				b.Fatal(err)
			}
		}
		after := heapAlloc()
		b.ReportMetric(float64(after-before)/(1<<20), "MiB/100x5000")
		runtime.KeepAlive(s)
	}
}

// heapAlloc is HeapAlloc after a collection.
func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// mustGroup creates an active group or fails the test.
func mustGroup(t testing.TB, s *Store, app, id string, members ...string) {
	t.Helper()
	res, err := s.CreateGroup(app, GroupSpec{ID: id, CreatorID: "c"})
	require.NoError(t, err)
	require.Equal(t, CreateResult{}, res, "group %s is new", id)
	if len(members) > 0 {
		require.NoError(t, s.Join(app, id, members...))
	}
}

func storeWithTwoGroups(t *testing.T) (*Store, *OffsetClock) {
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
