package store

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Message is a group message.
type Message struct {
	SenderID, SenderInfo, Body, MsgTid string
	MsgType                            int
	Seq                                int64 // 1, 2, ... per group
	Timestamp                          time.Time
	NoStorage                          bool
}

// MessageQuery selects and pages messages.
type MessageQuery struct {
	Sort       int       // 1 ascending by Seq (also 0), 2 descending
	PageSize   int       // 0 = 10
	Token      int64     // Seq to continue from (inclusive), 0 = start
	Begin, End time.Time // inclusive bounds on Timestamp; zero = open
	MsgType    *int      // nil = every type
}

// MessagePage is one page of messages.
type MessagePage struct {
	Messages []Message
	Next     int64 // Seq of the first message of the next page; 0 when no more
	HasMore  bool
	Total    int64 // messages that match the query, over every page
}

// groupState is what a group gathers once used: members, mute lists,
// messages and counters. Maps stay nil until something goes in them.
type groupState struct {
	members          map[string]struct{}
	joinedAt         map[string]int64  // join order of each member
	info             map[string]string // ModifyLiveMessageUserInfo
	bannedAll        bool
	banned, unbanned map[string]struct{}
	messages         []Message // stored ones, by Seq
	seq              int64     // last Seq given
	sent, joins      int64
	msgTypes         []typeCount // at most MaxMsgTypesPerGroup
	superLarge       bool        // more than SuperGroupUsers joined; until everyone left
}

type typeCount struct {
	msgType int
	sent    int64
}

// Send sends a message to an active group that at least one user has
// joined; it assigns Seq and Timestamp, and a MsgTid when the sender gave
// none (the answer carries the message's MsgTid). A message with NoStorage is counted
// but not kept. Mute lists do not apply: they bind the client SDK's users,
// and this is the server API.
func (s *Store) Send(appID, groupID string, m Message) (Message, error) {
	err := s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		st := g.state
		if st == nil || len(st.members) == 0 {
			return ErrNoMembers
		}
		if err := st.count(m.MsgType); err != nil {
			return err
		}
		st.seq++
		st.sent++
		m.Seq, m.Timestamp = st.seq, now
		if m.MsgTid == "" {
			m.MsgTid = randomID(16)
		}
		st.trim(now, a.retention())
		if !m.NoStorage {
			st.messages = append(st.messages, m)
		}
		s.events.add(now, EventMessageSent, appID, groupID, m.SenderID,
			"seq="+strconv.FormatInt(m.Seq, 10)+" msgType="+strconv.Itoa(m.MsgType))
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	return m, nil
}

// Messages pages through the stored messages of an active group; a deleted
// group's messages come back only once it is recovered.
func (s *Store) Messages(appID, groupID string, q MessageQuery) (MessagePage, error) {
	var p MessagePage
	err := s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		if g.state == nil {
			return nil
		}
		keep := a.retention()
		g.state.trim(now, keep)
		p = pageMessages(g.state.messages, q, func(m *Message) bool {
			return now.Before(m.Timestamp.Add(keep)) &&
				(q.Begin.IsZero() || !m.Timestamp.Before(q.Begin)) &&
				(q.End.IsZero() || !m.Timestamp.After(q.End)) &&
				(q.MsgType == nil || m.MsgType == *q.MsgType)
		})
		return nil
	})
	return p, err
}

// pageMessages takes one page from msgs (ascending by Seq): a binary
// search to the token, then a walk in the asked direction.
func pageMessages(msgs []Message, q MessageQuery, match func(*Message) bool) MessagePage {
	size := q.PageSize
	if size <= 0 {
		size = 10
	}
	var p MessagePage
	for i := range msgs {
		if match(&msgs[i]) {
			p.Total++
		}
	}
	i, step := sort.Search(len(msgs), func(i int) bool { return msgs[i].Seq >= q.Token }), 1
	if q.Sort == 2 {
		step = -1
		i = len(msgs) - 1
		if q.Token > 0 {
			i = sort.Search(len(msgs), func(i int) bool { return msgs[i].Seq > q.Token }) - 1
		}
	}
	for ; i >= 0 && i < len(msgs); i += step {
		if !match(&msgs[i]) {
			continue
		}
		if len(p.Messages) == size {
			p.Next, p.HasMore = msgs[i].Seq, true
			break
		}
		p.Messages = append(p.Messages, msgs[i])
	}
	return p
}

// count counts a message of type t, refusing a new type beyond the limit.
func (st *groupState) count(t int) error {
	for i := range st.msgTypes {
		if st.msgTypes[i].msgType == t {
			st.msgTypes[i].sent++
			return nil
		}
	}
	if len(st.msgTypes) >= MaxMsgTypesPerGroup {
		return ErrTooManyMsgTypes
	}
	st.msgTypes = append(st.msgTypes, typeCount{msgType: t, sent: 1})
	return nil
}

// trim drops the oldest messages once they are keep old.
func (st *groupState) trim(now time.Time, keep time.Duration) {
	cut := 0
	for cut < len(st.messages) && !now.Before(st.messages[cut].Timestamp.Add(keep)) {
		cut++
	}
	switch {
	case cut == 0:
	case cut == len(st.messages):
		st.messages = nil
	case cut > cap(st.messages)/2: // copy, so the dropped ones can be collected
		st.messages = append([]Message(nil), st.messages[cut:]...)
	default:
		clear(st.messages[:cut])
		st.messages = st.messages[cut:]
	}
}

// stateOf returns g's state, making it on first use.
func stateOf(g *group) *groupState {
	if g.state == nil {
		g.state = &groupState{}
	}
	return g.state
}

// ErrNotOnline: a message to a user who is not online.
var ErrNotOnline = errors.New("the receiver is not online")

// UserMessage is a message sent to one user (SendLiveMessageUser).
type UserMessage struct {
	SenderID, SenderInfo, ReceiverID, Body, MsgTid string
	MsgType                                        int
	Timestamp                                      time.Time
}

// DeleteGroupMessage deletes (recalls) a stored message of an active group
// by its MsgTid; a message that is not there is no error ("the ID of the
// deleted or non-existent message").
func (s *Store) DeleteGroupMessage(appID, groupID, msgTid string) (deleted bool, err error) {
	err = s.withGroup(appID, groupID, func(_ *app, g *group, _ time.Time) error {
		if g.state == nil {
			return nil
		}
		n := len(g.state.messages)
		g.state.messages = slices.DeleteFunc(g.state.messages, func(m Message) bool { return m.MsgTid == msgTid })
		deleted = len(g.state.messages) < n
		return nil
	})
	return deleted, err
}

// SendUser sends a message to one user, who must be online (ErrNotOnline);
// it assigns a MsgTid when the sender gave none.
func (s *Store) SendUser(appID string, m UserMessage) (UserMessage, error) {
	err := s.withApp(appID, func(a *app, now time.Time) error {
		if !a.online(m.ReceiverID) {
			return ErrNotOnline
		}
		m.Timestamp = now
		if m.MsgTid == "" {
			m.MsgTid = randomID(16)
		}
		if a.userMsgs == nil {
			a.userMsgs = map[string][]UserMessage{}
		}
		a.userMsgs[m.ReceiverID] = append(a.userMsgs[m.ReceiverID], m)
		return nil
	})
	return m, err
}

// UserMessages returns the messages sent to a user that are not deleted.
func (s *Store) UserMessages(appID, receiver string) ([]UserMessage, error) {
	var out []UserMessage
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		out = slices.Clone(a.userMsgs[receiver])
		return nil
	})
	return out, err
}

// DeleteUserMessage deletes a message sent to a user; one that is not
// there is no error.
func (s *Store) DeleteUserMessage(appID, receiver, msgTid string) (deleted bool, err error) {
	err = s.withApp(appID, func(a *app, _ time.Time) error {
		list := a.userMsgs[receiver]
		n := len(list)
		list = slices.DeleteFunc(list, func(m UserMessage) bool { return m.MsgTid == msgTid })
		deleted = len(list) < n
		if len(list) == 0 {
			delete(a.userMsgs, receiver)
		} else {
			a.userMsgs[receiver] = list
		}
		return nil
	})
	return deleted, err
}
