package store

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventLog(t *testing.T) {
	for _, tc := range []struct {
		name  string
		added int
		since int64
		want  []int64 // Seqs
	}{
		{"empty", 0, 0, []int64{}},
		{"all", 3, 0, []int64{1, 2, 3}},
		{"negative since is all", 3, -5, []int64{1, 2, 3}},
		{"after a seq", 3, 1, []int64{2, 3}},
		{"up to date", 3, 3, []int64{}},
		{"ahead", 3, 9, []int64{}},
		{"full", 4, 0, []int64{1, 2, 3, 4}},
		{"wrapped: the oldest are gone", 6, 0, []int64{3, 4, 5, 6}},
		{"wrapped, after a kept seq", 6, 4, []int64{5, 6}},
		{"wrapped, after a dropped seq", 6, 1, []int64{3, 4, 5, 6}},
		{"wrapped twice", 11, 8, []int64{9, 10, 11}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newEventLog(4)
			for i := range tc.added {
				l.add(epoch, EventMessageSent, "app", "g", "", fmt.Sprint(i+1))
			}
			got := []int64{}
			for _, e := range l.since(tc.since) {
				got = append(got, e.Seq)
				assert.Equal(t, fmt.Sprint(e.Seq), e.Detail, "event %d is the one added %d-th", e.Seq, e.Seq)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEventLogIsBounded(t *testing.T) {
	s, _, app := newTestStore(t)
	mustGroup(t, s, app, "g", "u1")
	for range MaxEvents + 10 {
		_, err := s.Send(app, "g", Message{SenderID: "u1", Body: "x"})
		require.NoError(t, err)
	}
	ev := s.Events(0)
	assert.Len(t, ev, MaxEvents, "the log keeps the last MaxEvents")
	last := ev[len(ev)-1]
	assert.Equal(t, EventMessageSent, last.Type)
	assert.Equal(t, "u1", last.UserID)
	assert.Equal(t, app, last.AppID)
	assert.Equal(t, "g", last.GroupID)
	assert.Equal(t, epoch, last.Time)
}

func TestEventsConcurrent(t *testing.T) {
	s, _, app := newTestStore(t)
	var wg sync.WaitGroup
	for w := range 20 {
		wg.Go(func() {
			for i := range 20 {
				_, _ = s.CreateGroup(app, GroupSpec{ID: fmt.Sprintf("w%dg%d", w, i)})
				_ = s.Events(int64(i))
			}
		})
	}
	wg.Wait()
	ev := s.Events(0)
	require.Len(t, ev, 400, "one event per group created")
	for i, e := range ev {
		assert.Equal(t, int64(i+1), e.Seq, "sequence numbers have no gaps")
	}
}
