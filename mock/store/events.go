package store

import (
	"sync"
	"time"

	"github.com/livemsg/livemsg/internal/ring"
)

// Event types of the event log.
const (
	EventGroupCreated   = "group.created"
	EventGroupClosed    = "group.closed" // Detail: the operator
	EventGroupRecovered = "group.recovered"
	EventGroupPurged    = "group.purged"
	EventMemberNotified = "member.notified" // one per member of a closed group
	EventMemberJoined   = "member.joined"
	EventMemberLeft     = "member.left"
	EventMessageSent    = "message.sent" // UserID: the sender
	EventUsersMuted     = "users.muted"  // Detail: the users, comma-separated
	EventUsersUnmuted   = "users.unmuted"
)

// Event is an entry of the event log the admin API shows: what the service
// would have pushed to clients (a closed group's notice to each member) and
// what changed.
type Event struct {
	Seq     int64     `json:"seq"`
	Time    time.Time `json:"time"`
	Type    string    `json:"type"`
	AppID   string    `json:"appId"`
	GroupID string    `json:"groupId"`
	UserID  string    `json:"userId,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// Events returns the events kept (the last MaxEvents) whose Seq is after
// since, oldest first; never nil.
func (s *Store) Events(since int64) []Event { return s.events.since(since) }

// eventLog is a ring of the last max events. Seq numbers start at 1 and
// never repeat, not even across a reset.
type eventLog struct {
	mu     sync.Mutex
	seq    int64 // Seq of the newest event
	events ring.Ring[Event]
}

func newEventLog(max int) *eventLog { return &eventLog{events: ring.New[Event](max)} }

func (l *eventLog) add(t time.Time, typ, app, group, user, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	l.events.Push(Event{Seq: l.seq, Time: t, Type: typ, AppID: app, GroupID: group, UserID: user, Detail: detail})
}

func (l *eventLog) since(seq int64) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.events.Len()
	skip := int64(n) - (l.seq - max(seq, 0)) // kept events at or before seq
	if skip >= int64(n) {
		return []Event{}
	}
	skip = max(skip, 0)
	out := make([]Event, 0, int64(n)-skip)
	for i := int(skip); i < n; i++ {
		out = append(out, l.events.At(i))
	}
	return out
}

func (l *eventLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events.Clear()
}
