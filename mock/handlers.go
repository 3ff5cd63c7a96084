package mock

import (
	"errors"
	"strconv"
	"time"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// handler runs one operation of the contract: the store decides, the
// handler translates.
type handler struct {
	run func(e *Emulator, c call) result
	// noApp: the operation names no existing app (it creates one, or lists
	// the account's); every other runs only on an app of the caller's.
	noApp bool
}

// handlers is the emulator's route table, keyed by the contract's
// operations: TestEveryOperationHasAHandler holds it to the contract both
// ways, and New refuses a contract with an operation it cannot serve.
// Adding an operation is its SDL, one entry here and one feature file
// (docs/adding-an-operation.md).
var handlers = map[string]handler{
	"CreateLiveMessageApp":           {run: (*Emulator).createApp, noApp: true},
	"CreateLiveMessageGroup":         {run: (*Emulator).createGroup},
	"DeleteLiveMessageGroup":         {run: (*Emulator).deleteGroup},
	"RecoverLiveMessageDeletedGroup": {run: (*Emulator).recoverGroup},
	"DescribeLiveMessageGroup":       {run: (*Emulator).describeGroup},
	"ListLiveMessageGroups":          {run: (*Emulator).listGroups},
	"AddLiveMessageGroupBand":        {run: bandWith((*store.Store).AddBans, "BannedUsers")},
	"RemoveLiveMessageGroupBand":     {run: bandWith((*store.Store).RemoveBans, "UnbannedUsers")},
	"DescribeLiveMessageGroupBand":   {run: (*Emulator).describeBand},
	"SendLiveMessageGroup":           {run: (*Emulator).send},
	"ListLiveMessageGroupMessages":   {run: (*Emulator).listMessages},
	"BanLiveMessageGroup":            {run: bandWith((*store.Store).BanGroup, "ExceptUsers")},
	"UnbanLiveMessageGroup":          {run: (*Emulator).unbanGroup},
	"ModifyLiveMessageGroupBand":     {run: (*Emulator).modifyBand},
	"CheckLiveMessageUsersInGroup":   {run: (*Emulator).usersInGroup},
	"CheckLiveMessageUsersOnline":    {run: (*Emulator).usersOnline},
	"DeleteLiveMessageGroupMessage":  {run: (*Emulator).deleteGroupMessage},
	"DeleteLiveMessageUserMessage":   {run: (*Emulator).deleteUserMessage},
	"DescribeLiveMessageApp":         {run: (*Emulator).describeApp},
	"ListLiveMessageApps":            {run: (*Emulator).listApps, noApp: true},
	"ListLiveMessageGroupByPage":     {run: (*Emulator).listGroupsByPage},
	"ListLiveMessageGroupUsers":      {run: (*Emulator).groupUsers},
	"KickLiveMessageGroupUser":       {run: (*Emulator).kick},
	"ModifyLiveMessageAppAudit":      {run: (*Emulator).modifyAudit},
	"ModifyLiveMessageAppCallback":   {run: (*Emulator).modifyCallback},
	"ModifyLiveMessageAppDisable":    {run: (*Emulator).modifyDisable},
	"ModifyLiveMessageGroup":         {run: (*Emulator).modifyGroup},
	"SendLiveMessageUser":            {run: (*Emulator).sendUser},
	"ModifyLiveMessageUserInfo":      {run: (*Emulator).modifyUserInfo},
}

// unserved returns the operations of a contract the route table has no
// handler for.
func unserved(c *contract.Contract) []string {
	var out []string
	for _, op := range c.Operations() {
		if _, ok := handlers[op.Name]; !ok {
			out = append(out, op.Name)
		}
	}
	return out
}

// dispatch runs an operation through its handler, after checking that the
// app exists, is the caller's, is in the data center asked and, unless the
// operation is about the app itself, is not disabled.
func (e *Emulator) dispatch(c call) result {
	h, found := handlers[c.action]
	if !found {
		return fail(e.c.Err(contract.CodeInvalidActionNotFound, "Specified api "+clip(c.action)+" is not served."))
	}
	if !h.noApp {
		p := c.params
		if _, err := e.store.AppFor(c.key.Account, p.Get("AppId"), p.Get("DataCenter")); err != nil {
			return e.storeError(err, "AppId "+clip(p.Get("AppId")))
		}
		// An @appLevel operation answers on a disabled app; every other
		// refuses it.
		if !c.op.AppLevel && e.store.Disabled(p.Get("AppId")) {
			return e.storeError(store.ErrAppDisabled, "AppId "+clip(p.Get("AppId")))
		}
	}
	return h.run(e, c)
}

// storeError maps a store error to the documented code. A product code's
// message is dynamic (the error tables give "%s."): it says what was wrong
// and with what, never only the table's description.
func (e *Emulator) storeError(err error, what string) result {
	switch {
	case errors.Is(err, store.ErrAppNotFound), errors.Is(err, store.ErrGroupNotFound), errors.Is(err, store.ErrGroupDeleted):
		return fail(e.c.Err(contract.CodeResourceNotExist, "The specified resource does not exist: "+what+" ("+err.Error()+")."))
	case errors.Is(err, store.ErrTooManyGroups):
		return fail(e.c.Err(contract.CodeErrorTooManyGroups, "The app already holds "+strconv.Itoa(store.MaxGroupsPerApp)+
			" groups that are not deleted, the most an AppId may hold at the same time: "+what+" was not added."))
	case errors.Is(err, store.ErrDataCenter):
		return fail(e.c.Invalid("DataCenter", "the app is not in that data center"))
	case errors.Is(err, store.ErrGroupNotDeleted), errors.Is(err, store.ErrNoMembers), errors.Is(err, store.ErrTooManyMsgTypes), errors.Is(err, store.ErrTooManyApps),
		errors.Is(err, store.ErrAppDisabled), errors.Is(err, store.ErrSuperGroup), errors.Is(err, store.ErrNotOnline):
		return fail(e.c.Err(contract.CodeInputInvalid, "Illegal input parameters: "+what+": "+err.Error()+"."))
	}
	return fail(e.c.Err(contract.CodeServerError, "An unknown error occurred on "+what+": "+err.Error()+"."))
}

func (e *Emulator) createApp(c call) result {
	p := c.params
	a, err := e.store.CreateApp(store.AppSpec{Name: p.Get("AppName"), DataCenter: p.Get("DataCenter"),
		Owner: c.key.Account, MsgLifeCycle: int(p.Int("MsgLifeCycle", 0)),
		Settings: store.AppSettings{AuditType: int(p.Int("AuditType", 0)), AuditURL: p.Get("AuditUrl"), CallbackURL: p.Get("EventCallbackUrl")}})
	if err != nil {
		return e.storeError(err, "app")
	}
	return ok(map[string]any{"AppId": a.ID, "AppKey": a.Key, "AppSign": a.Sign, "DataCenter": a.DataCenter})
}

func (e *Emulator) createGroup(c call) result {
	p := c.params
	res, err := e.store.CreateGroup(p.Get("AppId"), store.GroupSpec{ID: p.Get("GroupId"), Name: p.Get("GroupName"),
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

func groupFields(g store.GroupView) map[string]any {
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
	page, next, more, err := e.store.ListGroups(p.Get("AppId"), store.GroupQuery{Status: int(p.Int("GroupStatus", 0)),
		Sort: int(p.Int("SortType", 1)), Token: int(max(p.Int("NextPageToken", 0), 0)), PageSize: e.c.Limits().GroupPageSize})
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

// bandWith is the handler of an operation that applies a list of users to
// a group's mute state and answers only its RequestId.
func bandWith(apply func(s *store.Store, app, group string, users []string) error, param string) func(*Emulator, call) result {
	return func(e *Emulator, c call) result {
		p := c.params
		if err := apply(e.store, p.Get("AppId"), p.Get("GroupId"), p.List(param)); err != nil {
			return e.storeError(err, "group "+p.Get("GroupId"))
		}
		return ok(map[string]any{})
	}
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
	m, err := e.store.Send(p.Get("AppId"), p.Get("GroupId"), store.Message{SenderID: p.Get("SenderId"),
		SenderInfo: p.Get("SenderMetaInfo"), Body: p.Get("Body"), MsgTid: p.Get("MsgTid"),
		MsgType: int(p.Int("MsgType", 0)), NoStorage: p.Bool("NoStorage")})
	if err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"MsgTid": m.MsgTid})
}

func (e *Emulator) listMessages(c call) result {
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
