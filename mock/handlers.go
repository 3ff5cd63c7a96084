package mock

import (
	"errors"
	"strconv"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// dispatch runs an operation: the store decides, the handler translates.
func (e *Emulator) dispatch(c call) result {
	if c.action == "CreateLiveMessageApp" {
		return e.createApp(c)
	}
	p := c.params
	if _, err := e.store.AppFor(c.key.Account, p.Get("AppId"), p.Get("DataCenter")); err != nil {
		return e.storeError(err, "AppId "+clip(p.Get("AppId")))
	}
	switch c.action {
	case "CreateLiveMessageGroup":
		return e.createGroup(c)
	case "DeleteLiveMessageGroup":
		return e.deleteGroup(c)
	case "RecoverLiveMessageDeletedGroup":
		return e.recoverGroup(c)
	case "DescribeLiveMessageGroup":
		return e.describeGroup(c)
	case "ListLiveMessageGroups":
		return e.listGroups(c)
	case "AddLiveMessageGroupBand":
		return e.band(c, e.store.AddBans, "BannedUsers")
	case "RemoveLiveMessageGroupBand":
		return e.band(c, e.store.RemoveBans, "UnbannedUsers")
	case "DescribeLiveMessageGroupBand":
		return e.describeBand(c)
	case "SendLiveMessageGroup":
		return e.send(c)
	case "ListLiveMessageGroupMessages":
		return e.listMessages(c)
	}
	return fail(e.c.Err(contract.CodeInvalidActionNotFound, ""))
}

// storeError maps a store error to the documented code. A product code's
// message is dynamic (the error tables give "%s."): it says what was wrong
// and with what, never only the table's description.
func (e *Emulator) storeError(err error, what string) result {
	switch {
	case errors.Is(err, ErrAppNotFound), errors.Is(err, ErrGroupNotFound), errors.Is(err, ErrGroupDeleted):
		return fail(e.c.Err(contract.CodeResourceNotExist, "The specified resource does not exist: "+what+" ("+err.Error()+")."))
	case errors.Is(err, ErrTooManyGroups):
		return fail(e.c.Err(contract.CodeErrorTooManyGroups, "The app already holds "+strconv.Itoa(MaxGroupsPerApp)+
			" groups that are not deleted, the most an AppId may hold at the same time: "+what+" was not added."))
	case errors.Is(err, ErrDataCenter):
		return fail(e.c.Invalid("DataCenter", "the app is not in that data center"))
	case errors.Is(err, ErrGroupNotDeleted), errors.Is(err, ErrNoMembers), errors.Is(err, ErrTooManyMsgTypes), errors.Is(err, ErrTooManyApps):
		return fail(e.c.Err(contract.CodeInputInvalid, "Illegal input parameters: "+what+": "+err.Error()+"."))
	}
	return fail(e.c.Err(contract.CodeServerError, "An unknown error occurred on "+what+": "+err.Error()+"."))
}

func (e *Emulator) createApp(c call) result {
	p := c.params
	a, err := e.store.CreateApp(AppSpec{Name: p.Get("AppName"), DataCenter: p.Get("DataCenter"),
		Owner: c.key.Account, MsgLifeCycle: int(p.Int("MsgLifeCycle", 0))})
	if err != nil {
		return e.storeError(err, "app")
	}
	return ok(map[string]any{"AppId": a.ID, "AppKey": a.Key, "AppSign": a.Sign, "DataCenter": a.DataCenter})
}

func (e *Emulator) createGroup(c call) result {
	p := c.params
	res, err := e.store.CreateGroup(p.Get("AppId"), GroupSpec{ID: p.Get("GroupId"), Name: p.Get("GroupName"),
		Info: p.Get("GroupInfo"), CreatorID: p.Get("CreatorId"), Admins: p.List("Administrators")})
	if err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"GroupId": p.Get("GroupId"), "AlreadyExists": res.AlreadyExists, "AlreadyDelete": res.AlreadyDeleted})
}

func (e *Emulator) deleteGroup(c call) result {
	p := c.params
	if _, err := e.store.DeleteGroup(p.Get("AppId"), p.Get("GroupId"), p.Get("OperatorId")); err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"GroupId": p.Get("GroupId")})
}

func (e *Emulator) recoverGroup(c call) result {
	p := c.params
	if err := e.store.RecoverGroup(p.Get("AppId"), p.Get("GroupId")); err != nil {
		return e.storeError(err, "deleted group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"GroupId": p.Get("GroupId")})
}

func (e *Emulator) describeGroup(c call) result {
	p := c.params
	g, err := e.store.Group(p.Get("AppId"), p.Get("GroupId"))
	if err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	// The counters are "returned only if the group exists", Deletatime and
	// Deletor "only if the group was deleted" ([meta]
	// describe_live_message_group_response_body_model.go): a deleted group
	// (until it is purged) has the second, not the first.
	f := groupFields(g)
	f["SuperLargeGroup"] = g.SuperLarge
	if g.Deleted {
		f["Deletatime"] = contract.SecondsOf(g.DeletedAt)
		f["Deletor"] = g.DeletedBy
	} else {
		f["TotalTimes"] = g.TotalTimes
		f["OnlineUserCounts"] = g.OnlineUsers
		f["MsgAmount"] = g.MsgTypes
	}
	return ok(f)
}

func groupFields(g GroupView) map[string]any {
	admins := g.Admins
	if admins == nil {
		admins = []string{}
	}
	// Sized for a describe answer (these, its counters, deletion and the
	// RequestId), so the map is not grown while it is filled.
	f := make(map[string]any, 16)
	f["GroupId"], f["GroupName"], f["GroupInfo"], f["CreatorId"] = g.ID, g.Name, g.Info, g.CreatorID
	f["Createtime"], f["Delete"], f["AdminList"] = contract.SecondsOf(g.CreatedAt), g.Deleted, admins
	return f
}

func (e *Emulator) listGroups(c call) result {
	p := c.params
	// An empty NextPageToken, or -1, is the first page ([doc], [meta]).
	page, next, more, err := e.store.ListGroups(p.Get("AppId"), GroupQuery{Status: int(p.Int("GroupStatus", 0)),
		Sort: int(p.Int("SortType", 1)), Token: int(max(p.Int("NextPageToken", 0), 0)), PageSize: 20})
	if err != nil {
		return e.storeError(err, "app")
	}
	list := make([]any, 0, len(page))
	for _, g := range page {
		list = append(list, groupFields(g))
	}
	f := map[string]any{"Hasmore": more, "GroupList": list}
	if more {
		f["NextpageToken"] = strconv.Itoa(next)
	}
	return ok(f)
}

func (e *Emulator) band(c call, apply func(app, group string, users []string) error, param string) result {
	p := c.params
	if err := apply(p.Get("AppId"), p.Get("GroupId"), p.List(param)); err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{})
}

func (e *Emulator) describeBand(c call) result {
	p := c.params
	b, err := e.store.Bans(p.Get("AppId"), p.Get("GroupId"))
	if err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"GroupId": b.GroupID, "IsbannedAll": b.BannedAll,
		"BannedUserList": nonNil(b.Banned), "UnbannedUserList": nonNil(b.Unbanned)})
}

func (e *Emulator) send(c call) result {
	p := c.params
	// MsgType is optional ([meta]); a message sent without one is of type 0.
	m, err := e.store.Send(p.Get("AppId"), p.Get("GroupId"), Message{SenderID: p.Get("SenderId"),
		SenderInfo: p.Get("SenderMetaInfo"), Body: p.Get("Body"), MsgTid: p.Get("MsgTid"),
		MsgType: int(p.Int("MsgType", 0)), NoStorage: p.Bool("NoStorage")})
	if err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"MsgTid": m.MsgTid})
}

func (e *Emulator) listMessages(c call) result {
	p := c.params
	q := MessageQuery{Sort: int(p.Int("SortType", 1)), PageSize: int(p.Int("PageSize", 10)), Token: p.Int("NextPageToken", 0)}
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
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	list := make([]any, 0, len(page.Messages))
	for _, m := range page.Messages {
		list = append(list, map[string]any{"Body": m.Body, "Timestamp": contract.SecondsOf(m.Timestamp), "MsgTid": m.MsgTid,
			"MsgType": m.MsgType, "SeqNumber": m.Seq, "TotalMessages": page.Total,
			"Sender": map[string]any{"UserId": m.SenderID, "UserInfo": m.SenderInfo}})
	}
	return ok(map[string]any{"GroupId": p.Get("GroupId"), "NextPageToken": page.Next, "Hasmore": page.HasMore, "MessageList": list})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
