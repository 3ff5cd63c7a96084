package mock

import (
	"time"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// The operations on messages: send to a group or a user, list a group's,
// delete one of a group's or a user's.

func (e *Emulator) send(c call) (sendAnswer, *contract.Error) {
	p := c.params
	// MsgType is optional ([meta]); a message sent without one is of type 0.
	m, err := e.store.Send(p.Get("AppId"), p.Get("GroupId"), store.Message{SenderID: p.Get("SenderId"),
		SenderInfo: p.Get("SenderMetaInfo"), Body: p.Get("Body"), MsgTid: p.Get("MsgTid"),
		MsgType: int(p.Int("MsgType", 0)), NoStorage: p.Bool("NoStorage")})
	if err != nil {
		return sendAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return sendAnswer{MsgTid: m.MsgTid}, nil
}

func (e *Emulator) listMessages(c call) (listMessagesAnswer, *contract.Error) {
	p := c.params
	q := store.MessageQuery{Sort: int(p.Int("SortType", 1)), PageSize: int(p.Int("PageSize", 10)), Token: p.Int("NextPageToken", 0)}
	if p.Has("BeginTime") {
		q.Begin = time.Unix(p.Int("BeginTime", 0), 0)
	}
	if p.Has("EndTime") {
		q.End = time.Unix(p.Int("EndTime", 0), 0)
	}
	if p.Has("MsgType") {
		t := int(p.Int("MsgType", 0))
		q.MsgType = &t
	}
	page, err := e.store.Messages(p.Get("AppId"), p.Get("GroupId"), q)
	if err != nil {
		return listMessagesAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	list := make([]groupMessage, 0, len(page.Messages))
	for _, m := range page.Messages {
		list = append(list, groupMessage{Body: m.Body, Timestamp: contract.SecondsOf(m.Timestamp), MsgTid: m.MsgTid,
			MsgType: m.MsgType, SeqNumber: m.Seq, TotalMessages: page.Total,
			Sender: messageSender{UserID: m.SenderID, UserInfo: m.SenderInfo}})
	}
	return listMessagesAnswer{GroupID: p.Get("GroupId"), NextPageToken: page.Next, Hasmore: page.HasMore, MessageList: list}, nil
}

func (e *Emulator) deleteGroupMessage(c call) (deleteGroupMessageAnswer, *contract.Error) {
	p := c.params
	if _, err := e.store.DeleteGroupMessage(p.Get("AppId"), p.Get("GroupId"), p.Get("MessageId")); err != nil {
		return deleteGroupMessageAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return deleteGroupMessageAnswer{GroupID: p.Get("GroupId"), MessageID: p.Get("MessageId")}, nil
}

func (e *Emulator) deleteUserMessage(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	if _, err := e.store.DeleteUserMessage(p.Get("AppId"), p.Get("ReceiverId"), p.Get("MessageId")); err != nil {
		return onlyRequestID{}, e.storeError(err, "app")
	}
	return onlyRequestID{}, nil
}

func (e *Emulator) sendUser(c call) (sendUserAnswer, *contract.Error) {
	p := c.params
	m, err := e.store.SendUser(p.Get("AppId"), store.UserMessage{SenderID: p.Get("SenderId"), SenderInfo: p.Get("SenderInfo"),
		ReceiverID: p.Get("ReceiverId"), Body: p.Get("Body"), MsgTid: p.Get("MsgTid"), MsgType: int(p.Int("MsgType", 0))})
	if err != nil {
		return sendUserAnswer{}, e.storeError(err, "receiver "+clip(p.Get("ReceiverId")))
	}
	return sendUserAnswer{MsgTid: m.MsgTid}, nil
}

type sendAnswer struct {
	MsgTid string `json:"MsgTid"`
}

type messageSender struct {
	UserID   string `json:"UserId"`
	UserInfo string `json:"UserInfo"`
}

type groupMessage struct {
	Body          string               `json:"Body"`
	Timestamp     contract.UnixSeconds `json:"Timestamp"`
	MsgTid        string               `json:"MsgTid"`
	MsgType       int                  `json:"MsgType"`
	SeqNumber     int64                `json:"SeqNumber"`
	TotalMessages int64                `json:"TotalMessages"`
	Sender        messageSender        `json:"Sender"`
}

type listMessagesAnswer struct {
	GroupID       string         `json:"GroupId"`
	NextPageToken int64          `json:"NextPageToken"`
	Hasmore       bool           `json:"Hasmore"`
	MessageList   []groupMessage `json:"MessageList"`
}

type deleteGroupMessageAnswer struct {
	GroupID   string `json:"GroupId"`
	MessageID string `json:"MessageId"`
}

type sendUserAnswer struct {
	MsgTid string `json:"MsgTid"`
}
