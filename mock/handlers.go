package mock

import (
	"errors"
	"reflect"
	"strconv"
	"time"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// handler runs one operation of the contract: the store decides, the
// handler translates.
type handler struct {
	run func(e *Emulator, c call) result
	// answer is the codec of the handler's answer type, the A of its
	// function (route): TestAnswerTypesMatchContract holds it to the
	// operation's result type.
	answer *structCodec
	// noApp: the operation names no existing app (it creates one, or lists
	// the account's); every other runs only on an app of the caller's.
	noApp bool
}

// route makes the handler of an operation from its function, which
// answers a struct of answers.go (A) or an error. The codec of A is built
// here, when the package loads: an answer type no encoder can write stops
// the emulator at start.
func route[A any](run func(e *Emulator, c call) (A, *contract.Error)) handler {
	codec := codecOf(reflect.TypeFor[A]())
	return handler{answer: codec, run: func(e *Emulator, c call) result {
		a, err := run(e, c)
		if err != nil {
			return fail(err)
		}
		return result{answer: a, codec: codec}
	}}
}

// appless marks an operation that names no existing app.
func (h handler) appless() handler {
	h.noApp = true
	return h
}

// handlers is the emulator's route table, keyed by the contract's
// operations: TestEveryOperationHasAHandler holds it to the contract both
// ways, and New refuses a contract with an operation it cannot serve.
// Adding an operation is its SDL, one entry here with its function and
// answer struct, and one feature file (docs/adding-an-operation.md).
var handlers = map[string]handler{
	"CreateLiveMessageApp":           route((*Emulator).createApp).appless(),
	"CreateLiveMessageGroup":         route((*Emulator).createGroup),
	"DeleteLiveMessageGroup":         route((*Emulator).deleteGroup),
	"RecoverLiveMessageDeletedGroup": route((*Emulator).recoverGroup),
	"DescribeLiveMessageGroup":       route((*Emulator).describeGroup),
	"ListLiveMessageGroups":          route((*Emulator).listGroups),
	"AddLiveMessageGroupBand":        route(bandWith((*store.Store).AddBans, "BannedUsers")),
	"RemoveLiveMessageGroupBand":     route(bandWith((*store.Store).RemoveBans, "UnbannedUsers")),
	"DescribeLiveMessageGroupBand":   route((*Emulator).describeBand),
	"SendLiveMessageGroup":           route((*Emulator).send),
	"ListLiveMessageGroupMessages":   route((*Emulator).listMessages),
	"BanLiveMessageGroup":            route(bandWith((*store.Store).BanGroup, "ExceptUsers")),
	"UnbanLiveMessageGroup":          route((*Emulator).unbanGroup),
	"ModifyLiveMessageGroupBand":     route((*Emulator).modifyBand),
	"CheckLiveMessageUsersInGroup":   route((*Emulator).usersInGroup),
	"CheckLiveMessageUsersOnline":    route((*Emulator).usersOnline),
	"DeleteLiveMessageGroupMessage":  route((*Emulator).deleteGroupMessage),
	"DeleteLiveMessageUserMessage":   route((*Emulator).deleteUserMessage),
	"DescribeLiveMessageApp":         route((*Emulator).describeApp),
	"ListLiveMessageApps":            route((*Emulator).listApps).appless(),
	"ListLiveMessageGroupByPage":     route((*Emulator).listGroupsByPage),
	"ListLiveMessageGroupUsers":      route((*Emulator).groupUsers),
	"KickLiveMessageGroupUser":       route((*Emulator).kick),
	"ModifyLiveMessageAppAudit":      route((*Emulator).modifyAudit),
	"ModifyLiveMessageAppCallback":   route((*Emulator).modifyCallback),
	"ModifyLiveMessageAppDisable":    route((*Emulator).modifyDisable),
	"ModifyLiveMessageGroup":         route((*Emulator).modifyGroup),
	"SendLiveMessageUser":            route((*Emulator).sendUser),
	"ModifyLiveMessageUserInfo":      route((*Emulator).modifyUserInfo),
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
			return fail(e.storeError(err, "AppId "+clip(p.Get("AppId"))))
		}
		// An @appLevel operation answers on a disabled app; every other
		// refuses it.
		if !c.op.AppLevel && e.store.Disabled(p.Get("AppId")) {
			return fail(e.storeError(store.ErrAppDisabled, "AppId "+clip(p.Get("AppId"))))
		}
	}
	return h.run(e, c)
}

// storeError maps a store error to the documented code. A product code's
// message is dynamic (the error tables give "%s."): it says what was wrong
// and with what, never only the table's description.
func (e *Emulator) storeError(err error, what string) *contract.Error {
	switch {
	case errors.Is(err, store.ErrAppNotFound), errors.Is(err, store.ErrGroupNotFound), errors.Is(err, store.ErrGroupDeleted):
		return e.c.Err(contract.CodeResourceNotExist, "The specified resource does not exist: "+what+" ("+err.Error()+").")
	case errors.Is(err, store.ErrTooManyGroups):
		return e.c.Err(contract.CodeErrorTooManyGroups, "The app already holds "+strconv.Itoa(store.MaxGroupsPerApp)+
			" groups that are not deleted, the most an AppId may hold at the same time: "+what+" was not added.")
	case errors.Is(err, store.ErrDataCenter):
		return e.c.Invalid("DataCenter", "the app is not in that data center")
	case errors.Is(err, store.ErrGroupNotDeleted), errors.Is(err, store.ErrNoMembers), errors.Is(err, store.ErrTooManyMsgTypes), errors.Is(err, store.ErrTooManyApps),
		errors.Is(err, store.ErrAppDisabled), errors.Is(err, store.ErrSuperGroup), errors.Is(err, store.ErrNotOnline):
		return e.c.Err(contract.CodeInputInvalid, "Illegal input parameters: "+what+": "+err.Error()+".")
	}
	return e.c.Err(contract.CodeServerError, "An unknown error occurred on "+what+": "+err.Error()+".")
}

func (e *Emulator) createApp(c call) (createAppAnswer, *contract.Error) {
	p := c.params
	a, err := e.store.CreateApp(store.AppSpec{Name: p.Get("AppName"), DataCenter: p.Get("DataCenter"),
		Owner: c.key.Account, MsgLifeCycle: int(p.Int("MsgLifeCycle", 0)),
		Settings: store.AppSettings{AuditType: int(p.Int("AuditType", 0)), AuditURL: p.Get("AuditUrl"), CallbackURL: p.Get("EventCallbackUrl")}})
	if err != nil {
		return createAppAnswer{}, e.storeError(err, "app")
	}
	return createAppAnswer{AppID: a.ID, AppKey: a.Key, AppSign: a.Sign, DataCenter: a.DataCenter}, nil
}

func (e *Emulator) createGroup(c call) (createGroupAnswer, *contract.Error) {
	p := c.params
	res, err := e.store.CreateGroup(p.Get("AppId"), store.GroupSpec{ID: p.Get("GroupId"), Name: p.Get("GroupName"),
		Info: p.Get("GroupInfo"), CreatorID: p.Get("CreatorId"), Admins: p.List("Administrators")})
	if err != nil {
		return createGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return createGroupAnswer{GroupID: p.Get("GroupId"), AlreadyExists: res.AlreadyExists, AlreadyDelete: res.AlreadyDeleted}, nil
}

func (e *Emulator) deleteGroup(c call) (deleteGroupAnswer, *contract.Error) {
	p := c.params
	if _, err := e.store.DeleteGroup(p.Get("AppId"), p.Get("GroupId"), p.Get("OperatorId")); err != nil {
		return deleteGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return deleteGroupAnswer{GroupID: p.Get("GroupId")}, nil
}

func (e *Emulator) recoverGroup(c call) (recoverGroupAnswer, *contract.Error) {
	p := c.params
	if err := e.store.RecoverGroup(p.Get("AppId"), p.Get("GroupId")); err != nil {
		return recoverGroupAnswer{}, e.storeError(err, "deleted group "+p.Get("GroupId"))
	}
	return recoverGroupAnswer{GroupID: p.Get("GroupId")}, nil
}

func (e *Emulator) describeGroup(c call) (describeGroupAnswer, *contract.Error) {
	p := c.params
	g, err := e.store.Group(p.Get("AppId"), p.Get("GroupId"))
	if err != nil {
		return describeGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	// The counters are "returned only if the group exists", Deletatime and
	// Deletor "only if the group was deleted" ([meta]
	// describe_live_message_group_response_body_model.go): a deleted group
	// (until it is purged) has the second, not the first.
	a := describeGroupAnswer{groupSummary: summaryOf(g), SuperLargeGroup: g.SuperLarge}
	if g.Deleted {
		a.groupDeletion = &groupDeletion{Deletatime: contract.SecondsOf(g.DeletedAt), Deletor: g.DeletedBy}
	} else {
		a.groupCounters = &groupCounters{TotalTimes: g.TotalTimes, OnlineUserCounts: g.OnlineUsers, MsgAmount: g.MsgTypes}
	}
	return a, nil
}

func summaryOf(g store.GroupView) groupSummary {
	return groupSummary{GroupID: g.ID, GroupName: g.Name, GroupInfo: g.Info, CreatorID: g.CreatorID,
		Createtime: contract.SecondsOf(g.CreatedAt), Delete: g.Deleted, AdminList: g.Admins}
}

func summariesOf(page []store.GroupView) []groupSummary {
	list := make([]groupSummary, 0, len(page))
	for _, g := range page {
		list = append(list, summaryOf(g))
	}
	return list
}

func (e *Emulator) listGroups(c call) (listGroupsAnswer, *contract.Error) {
	p := c.params
	// An empty NextPageToken, or -1, is the first page ([doc], [meta]).
	page, next, more, err := e.store.ListGroups(p.Get("AppId"), store.GroupQuery{Status: int(p.Int("GroupStatus", 0)),
		Sort: int(p.Int("SortType", 1)), Token: int(max(p.Int("NextPageToken", 0), 0)), PageSize: e.c.Limits().GroupPageSize})
	if err != nil {
		return listGroupsAnswer{}, e.storeError(err, "app")
	}
	a := listGroupsAnswer{Hasmore: more, GroupList: summariesOf(page)}
	if more {
		a.NextpageToken = new(strconv.Itoa(next))
	}
	return a, nil
}

// bandWith is the handler of an operation that applies a list of users to
// a group's mute state and answers only its RequestId.
func bandWith(apply func(s *store.Store, app, group string, users []string) error, param string) func(*Emulator, call) (onlyRequestID, *contract.Error) {
	return func(e *Emulator, c call) (onlyRequestID, *contract.Error) {
		p := c.params
		if err := apply(e.store, p.Get("AppId"), p.Get("GroupId"), p.List(param)); err != nil {
			return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
		}
		return onlyRequestID{}, nil
	}
}

func (e *Emulator) describeBand(c call) (describeBandAnswer, *contract.Error) {
	p := c.params
	b, err := e.store.Bans(p.Get("AppId"), p.Get("GroupId"))
	if err != nil {
		return describeBandAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return describeBandAnswer{GroupID: b.GroupID, IsbannedAll: b.BannedAll, BannedUserList: b.Banned, UnbannedUserList: b.Unbanned}, nil
}

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

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
