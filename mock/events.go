package mock

import (
	"sync"
	"time"
)

// Event is an entry of the event log the admin API shows: what the
// service would have pushed to clients (a closed group's notice to each
// member) and what changed.
type Event struct {
	Seq     int64     `json:"seq"`
	Time    time.Time `json:"time"`
	Type    string    `json:"type"`
	AppID   string    `json:"appId"`
	GroupID string    `json:"groupId"`
	UserID  string    `json:"userId,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

type eventLog struct {
	mu     sync.Mutex
	max    int
	seq    int64
	events []Event
}

func newEventLog(max int) *eventLog { return &eventLog{max: max} }

func (l *eventLog) add(t time.Time, typ, app, group, user, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	l.events = append(l.events, Event{Seq: l.seq, Time: t, Type: typ, AppID: app, GroupID: group, UserID: user, Detail: detail})
	if len(l.events) > l.max {
		l.events = append(l.events[:0:0], l.events[len(l.events)-l.max:]...)
	}
}

func (l *eventLog) since(seq int64) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []Event{}
	for _, e := range l.events {
		if e.Seq > seq {
			out = append(out, e)
		}
	}
	return out
}

func (l *eventLog) reset() {
	l.mu.Lock()
	l.events = nil
	l.mu.Unlock()
}

// Events returns the events after seq.
func (s *Store) Events(since int64) []Event { return s.events.since(since) }
