package mock

import "time"

// Message is a group message.
type Message struct {
	SenderID, SenderInfo, Body, MsgTid string
	MsgType                            int
	Seq                                int64
	Timestamp                          time.Time
	NoStorage                          bool
}

// MessageQuery selects and pages messages.
type MessageQuery struct {
	Sort       int   // 1 oldest first, 2 newest first
	PageSize   int   // 10..50
	Token      int64 // offset of the page, 0 = first
	Begin, End time.Time
	MsgType    *int
}

// MessagePage is one page of messages.
type MessagePage struct {
	Messages []Message
	Next     int64 // 0 when there is no more
	HasMore  bool
	Total    int64
}

// Send sends a message to an active group that someone has joined.
func (s *Store) Send(appID, groupID string, m Message) (Message, error) {
	err := s.withApp(appID, func(a *app, now time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		if len(g.members) == 0 {
			return ErrNoMembers
		}
		if _, seen := g.msgTypes[m.MsgType]; !seen {
			if len(g.msgTypes) >= MaxMsgTypesPerGroup {
				return ErrTooManyMsgTypes
			}
			if g.msgTypes == nil {
				g.msgTypes = map[int]int64{}
			}
		}
		g.msgTypes[m.MsgType]++
		g.seq++
		g.msgAmount++
		m.Seq, m.Timestamp = g.seq, now
		if !m.NoStorage {
			g.messages = append(g.messages, m)
		}
		s.events.add(now, "message.sent", appID, groupID, m.SenderID, m.Body)
		return nil
	})
	return m, err
}

// Messages lists the messages kept for an active group.
func (s *Store) Messages(appID, groupID string, q MessageQuery) (MessagePage, error) {
	var p MessagePage
	err := s.withApp(appID, func(a *app, now time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		cut := 0
		for cut < len(g.messages) && !now.Before(g.messages[cut].Timestamp.Add(MessageRetention)) {
			cut++
		}
		g.messages = g.messages[cut:]
		var sel []Message
		for _, m := range g.messages {
			if (!q.Begin.IsZero() && m.Timestamp.Before(q.Begin)) || (!q.End.IsZero() && m.Timestamp.After(q.End)) ||
				(q.MsgType != nil && m.MsgType != *q.MsgType) {
				continue
			}
			sel = append(sel, m)
		}
		if q.Sort == 2 {
			for i, j := 0, len(sel)-1; i < j; i, j = i+1, j-1 {
				sel[i], sel[j] = sel[j], sel[i]
			}
		}
		p.Total = int64(len(sel))
		start := int(min(q.Token, int64(len(sel))))
		end := min(start+max(q.PageSize, 1), len(sel))
		p.Messages = append([]Message(nil), sel[start:end]...)
		if end < len(sel) {
			p.Next, p.HasMore = int64(end), true
		}
		return nil
	})
	return p, err
}
