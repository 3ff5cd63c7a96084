package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreSend(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s *Store, app string)
		msg   Message
		want  error
	}{
		{"to a group with a member", func(t *testing.T, s *Store, app string) { mustGroup(t, s, app, "g", "u1") }, Message{SenderID: "u1"}, nil},
		{"from a non-member (the server API may)", func(t *testing.T, s *Store, app string) { mustGroup(t, s, app, "g", "u1") }, Message{SenderID: "server"}, nil},
		{"from a muted user (mute binds clients only)", func(t *testing.T, s *Store, app string) {
			mustGroup(t, s, app, "g", "u1")
			require.NoError(t, s.AddBans(app, "g", []string{"*"}))
		}, Message{SenderID: "u1"}, nil},
		{"to a group nobody joined", func(t *testing.T, s *Store, app string) { mustGroup(t, s, app, "g") }, Message{SenderID: "u1"}, ErrNoMembers},
		{"to a group everybody left", func(t *testing.T, s *Store, app string) {
			mustGroup(t, s, app, "g", "u1")
			require.NoError(t, s.Leave(app, "g", "u1"))
		}, Message{SenderID: "u1"}, ErrNoMembers},
		{"to a deleted group", func(t *testing.T, s *Store, app string) {
			mustGroup(t, s, app, "g", "u1")
			_, _ = s.DeleteGroup(app, "g", "")
		}, Message{SenderID: "u1"}, ErrGroupDeleted},
		{"to a missing group", func(*testing.T, *Store, string) {}, Message{SenderID: "u1"}, ErrGroupNotFound},
		{"a 30th type", func(t *testing.T, s *Store, app string) { sendTypes(t, s, app, 29) }, Message{MsgType: 100}, nil},
		{"a known type after 30", func(t *testing.T, s *Store, app string) { sendTypes(t, s, app, 30) }, Message{MsgType: 5}, nil},
		{"a 31st type", func(t *testing.T, s *Store, app string) { sendTypes(t, s, app, 30) }, Message{MsgType: 100}, ErrTooManyMsgTypes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, c, app := newTestStore(t)
			tc.setup(t, s, app)
			before, _ := s.Group(app, "g")
			got, err := s.Send(app, "g", tc.msg)
			after, _ := s.Group(app, "g")
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
				assert.Equal(t, before, after, "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, before.MsgAmount+1, got.Seq, "Seq counts every message of the group")
			assert.Equal(t, c.Now(), got.Timestamp)
			assert.Equal(t, before.MsgAmount+1, after.MsgAmount)
		})
	}
}

// sendTypes makes group g with a member and sends one message of each of
// the types 0..n-1.
func sendTypes(t *testing.T, s *Store, app string, n int) {
	t.Helper()
	mustGroup(t, s, app, "g", "u1")
	for i := range n {
		_, err := s.Send(app, "g", Message{SenderID: "u1", MsgType: i})
		require.NoError(t, err)
	}
}

func TestStoreSendNoStorage(t *testing.T) {
	s, _, app := newTestStore(t)
	mustGroup(t, s, app, "g", "u1")
	for _, m := range []Message{{Body: "a"}, {Body: "b", NoStorage: true}, {Body: "c"}} {
		_, err := s.Send(app, "g", m)
		require.NoError(t, err)
	}
	page, err := s.Messages(app, "g", MessageQuery{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a:1", "c:3"}, bodies(page), "b took a Seq but was not kept")
	assert.Equal(t, int64(2), page.Total)
	v, _ := s.Group(app, "g")
	assert.Equal(t, int64(3), v.MsgAmount, "b is counted")
}

func bodies(p MessagePage) []string {
	var out []string
	for _, m := range p.Messages {
		out = append(out, fmt.Sprintf("%s:%d", m.Body, m.Seq))
	}
	return out
}

func TestStoreMessages(t *testing.T) {
	s, c, app := newTestStore(t)
	mustGroup(t, s, app, "g", "u1")
	start := c.Now()
	for i := 1; i <= 7; i++ { // m1..m7, one second apart, types 1 (odd) and 2 (even)
		_, err := s.Send(app, "g", Message{SenderID: "u1", Body: fmt.Sprintf("m%d", i), MsgType: 2 - i%2})
		require.NoError(t, err)
		c.Advance(time.Second)
	}
	at := func(i int) time.Time { return start.Add(time.Duration(i-1) * time.Second) } // time of m_i
	two := 2
	for _, tc := range []struct {
		name      string
		q         MessageQuery
		want      []string
		wantNext  int64
		wantTotal int64
	}{
		{"ascending, default page of 10", MessageQuery{Sort: 1}, []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"}, 0, 7},
		{"sort 0 is ascending", MessageQuery{PageSize: 2}, []string{"m1", "m2"}, 3, 7},
		{"ascending first page", MessageQuery{Sort: 1, PageSize: 3}, []string{"m1", "m2", "m3"}, 4, 7},
		{"ascending next page", MessageQuery{Sort: 1, PageSize: 3, Token: 4}, []string{"m4", "m5", "m6"}, 7, 7},
		{"ascending last page", MessageQuery{Sort: 1, PageSize: 3, Token: 7}, []string{"m7"}, 0, 7},
		{"descending first page", MessageQuery{Sort: 2, PageSize: 3}, []string{"m7", "m6", "m5"}, 4, 7},
		{"descending next page", MessageQuery{Sort: 2, PageSize: 3, Token: 4}, []string{"m4", "m3", "m2"}, 1, 7},
		{"descending last page", MessageQuery{Sort: 2, PageSize: 3, Token: 1}, []string{"m1"}, 0, 7},
		{"exactly one page", MessageQuery{Sort: 1, PageSize: 7}, []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"}, 0, 7},
		{"by type", MessageQuery{Sort: 1, MsgType: &two}, []string{"m2", "m4", "m6"}, 0, 3},
		{"by type, paged", MessageQuery{Sort: 2, PageSize: 2, MsgType: &two}, []string{"m6", "m4"}, 2, 3},
		{"from a time, inclusive", MessageQuery{Sort: 1, Begin: at(5)}, []string{"m5", "m6", "m7"}, 0, 3},
		{"up to a time, inclusive", MessageQuery{Sort: 1, End: at(2)}, []string{"m1", "m2"}, 0, 2},
		{"between", MessageQuery{Sort: 2, Begin: at(3), End: at(4)}, []string{"m4", "m3"}, 0, 2},
		{"empty range", MessageQuery{Sort: 1, Begin: at(5), End: at(4)}, nil, 0, 0},
		{"token past the end", MessageQuery{Sort: 1, Token: 99}, nil, 0, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.Messages(app, "g", tc.q)
			require.NoError(t, err)
			var got []string
			for _, m := range page.Messages {
				got = append(got, m.Body)
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantNext, page.Next, "Next")
			assert.Equal(t, tc.wantNext != 0, page.HasMore, "HasMore")
			assert.Equal(t, tc.wantTotal, page.Total, "Total")
		})
	}
}

func TestStoreMessagesOfGroups(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s *Store, c *OffsetClock, app string)
		want  error
		n     int
	}{
		{"a new group has none", func(t *testing.T, s *Store, _ *OffsetClock, app string) { mustGroup(t, s, app, "g") }, nil, 0},
		{"a deleted group's are not listable", func(t *testing.T, s *Store, _ *OffsetClock, app string) {
			sendTypes(t, s, app, 2)
			_, _ = s.DeleteGroup(app, "g", "")
		}, ErrGroupDeleted, 0},
		{"a recovered group's are back", func(t *testing.T, s *Store, c *OffsetClock, app string) {
			sendTypes(t, s, app, 2)
			_, _ = s.DeleteGroup(app, "g", "")
			c.Advance(RecoverWindow - time.Second)
			require.NoError(t, s.RecoverGroup(app, "g"))
		}, nil, 2},
		{"kept just under 30 days", func(t *testing.T, s *Store, c *OffsetClock, app string) {
			sendTypes(t, s, app, 2)
			c.Advance(MessageRetention - time.Second)
		}, nil, 2},
		{"dropped at 30 days", func(t *testing.T, s *Store, c *OffsetClock, app string) {
			sendTypes(t, s, app, 2)
			c.Advance(MessageRetention)
		}, nil, 0},
		{"only the old ones dropped", func(t *testing.T, s *Store, c *OffsetClock, app string) {
			sendTypes(t, s, app, 2)
			c.Advance(MessageRetention - time.Second)
			_, err := s.Send(app, "g", Message{SenderID: "u1"})
			require.NoError(t, err)
			c.Advance(time.Second)
		}, nil, 1},
		{"a missing group", func(*testing.T, *Store, *OffsetClock, string) {}, ErrGroupNotFound, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, c, app := newTestStore(t)
			tc.setup(t, s, c, app)
			page, err := s.Messages(app, "g", MessageQuery{PageSize: 50})
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			assert.Len(t, page.Messages, tc.n)
			assert.Equal(t, int64(tc.n), page.Total)
		})
	}
}

func TestStoreMessageLifeCycle(t *testing.T) {
	for _, tc := range []struct {
		lifeCycle int
		kept      time.Duration
	}{
		{0, 30 * 24 * time.Hour},
		{1, 90 * 24 * time.Hour},
		{2, 180 * 24 * time.Hour},
	} {
		t.Run(fmt.Sprintf("MsgLifeCycle %d", tc.lifeCycle), func(t *testing.T) {
			c := NewOffsetClock(fixedBase)
			s := NewStore(c)
			a, err := s.CreateApp(AppSpec{Name: "app", Owner: "o", MsgLifeCycle: tc.lifeCycle})
			require.NoError(t, err)
			mustGroup(t, s, a.ID, "g", "u1")
			_, err = s.Send(a.ID, "g", Message{SenderID: "u1"})
			require.NoError(t, err)
			c.Advance(tc.kept - time.Second)
			page, err := s.Messages(a.ID, "g", MessageQuery{})
			require.NoError(t, err)
			assert.Len(t, page.Messages, 1, "kept until then")
			c.Advance(time.Second)
			page, err = s.Messages(a.ID, "g", MessageQuery{})
			require.NoError(t, err)
			assert.Empty(t, page.Messages, "gone after")
		})
	}
}

func TestStoreMessagesTrimKeepsOrder(t *testing.T) {
	s, c, app := newTestStore(t)
	mustGroup(t, s, app, "g", "u1")
	for day := range 40 { // one message a day; each send trims what expired
		_, err := s.Send(app, "g", Message{SenderID: "u1", Body: fmt.Sprint(day)})
		require.NoError(t, err)
		c.Advance(24 * time.Hour)
	}
	page, err := s.Messages(app, "g", MessageQuery{Sort: 1, PageSize: 50})
	require.NoError(t, err)
	require.Len(t, page.Messages, 29, "the last 29 days, today's message is 1 day old")
	assert.Equal(t, "11", page.Messages[0].Body)
	assert.Equal(t, int64(12), page.Messages[0].Seq)
}

func TestStoreUserMessagesAndRecall(t *testing.T) {
	s, _ := storeWithTwoGroups(t)
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
