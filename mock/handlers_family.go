package mock

import (
	"strconv"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// The handlers of the rest of the family (issue 14). Each answers the
// struct of its result type (answers.go); TestAnswerTypesMatchContract
// holds every one to the contract, and TestAnswersMatchContract runs them.

func (e *Emulator) unbanGroup(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	if err := e.store.UnbanGroup(p.Get("AppId"), p.Get("GroupId")); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return onlyRequestID{}, nil
}

func (e *Emulator) modifyBand(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	if err := e.store.SetBans(p.Get("AppId"), p.Get("GroupId"), p.Bool("BannedAll"), p.List("BannnedUsers"), p.List("ExceptUsers")); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return onlyRequestID{}, nil
}

func presence(users []string, in []bool) []userPresence {
	out := make([]userPresence, len(users))
	for i, u := range users {
		out[i] = userPresence{UserID: u, Online: in[i]}
	}
	return out
}

func (e *Emulator) usersInGroup(c call) (usersInGroupAnswer, *contract.Error) {
	p := c.params
	users := p.List("UserIds")
	in, err := e.store.InGroup(p.Get("AppId"), p.Get("GroupId"), users)
	if err != nil {
		return usersInGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return usersInGroupAnswer{Users: presence(users, in)}, nil
}

func (e *Emulator) usersOnline(c call) (usersOnlineAnswer, *contract.Error) {
	p := c.params
	users := p.List("UserIds")
	in, err := e.store.Online(p.Get("AppId"), users)
	if err != nil {
		return usersOnlineAnswer{}, e.storeError(err, "app")
	}
	return usersOnlineAnswer{UserList: presence(users, in)}, nil
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

func (e *Emulator) describeApp(c call) (describeAppAnswer, *contract.Error) {
	d, err := e.store.AppDetails(c.params.Get("AppId"))
	if err != nil {
		return describeAppAnswer{}, e.storeError(err, "app")
	}
	a := describeAppAnswer{AppID: d.ID, AppName: d.Name, AppKey: d.Key, AppSign: d.Sign,
		AuditType: d.AuditType, EventCallbackURL: d.CallbackURL, Disable: d.Disabled,
		CreateTime: contract.SecondsOf(d.CreatedAt), ModifyTime: contract.SecondsOf(d.ModifiedAt),
		MsgLifeCycle: d.MsgLifeCycle, DataCenter: d.DataCenter}
	if d.AuditType == 2 { // "returned when the value of AuditType is 2" ([meta])
		a.AuditURL = new(d.AuditURL)
	}
	return a, nil
}

func (e *Emulator) listApps(c call) (listAppsAnswer, *contract.Error) {
	p := c.params
	// An empty NextPageToken, or -1, is the first page ([meta]).
	page, next, more := e.store.ListApps(c.key.Account, p.Get("DataCenter"), int(p.Int("SortType", 1)),
		int(max(p.Int("NextPageToken", 0), 0)), e.c.Limits().AppPageSize)
	list := make([]appSummary, 0, len(page))
	for _, d := range page {
		list = append(list, appSummary{AppID: d.ID, AppKey: d.Key, AppSign: d.Sign,
			Disable: strconv.FormatBool(d.Disabled), // a string in this list ([meta], [sdk1])
			AppName: d.Name, CreateTime: contract.SecondsOf(d.CreatedAt), ModifyTime: contract.SecondsOf(d.ModifiedAt),
			MsgLifeCycle: d.MsgLifeCycle, DataCenter: d.DataCenter})
	}
	a := listAppsAnswer{HasMore: more, AppList: list}
	if more {
		a.NextPageToken = new(int64(next))
	}
	return a, nil
}

func (e *Emulator) listGroupsByPage(c call) (listGroupsByPageAnswer, *contract.Error) {
	p := c.params
	// [meta]: PageNumber default 1, PageSize default 20.
	number, size := int(p.Int("PageNumber", 1)), int(p.Int("PageSize", int64(e.c.Limits().GroupPageSize)))
	status := int(p.Int("GroupStatus", 0))
	page, _, _, err := e.store.ListGroups(p.Get("AppId"), store.GroupQuery{Status: status, Sort: int(p.Int("SortType", 1)),
		Token: (number - 1) * size, PageSize: size})
	if err != nil {
		return listGroupsByPageAnswer{}, e.storeError(err, "app")
	}
	total, err := e.store.CountGroups(p.Get("AppId"), status)
	if err != nil {
		return listGroupsByPageAnswer{}, e.storeError(err, "app")
	}
	return listGroupsByPageAnswer{TotalCount: total, PageNumber: number, PageSize: size, GroupList: summariesOf(page)}, nil
}

func (e *Emulator) groupUsers(c call) (groupUsersAnswer, *contract.Error) {
	p := c.params
	page, next, err := e.store.GroupUsers(p.Get("AppId"), p.Get("GroupId"), int(p.Int("SortType", 1)),
		p.Int("NextPageToken", 0), int(p.Int("PageSize", 10)))
	if err != nil {
		return groupUsersAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	list := make([]groupUser, 0, len(page))
	for _, m := range page {
		list = append(list, groupUser{UserID: m.UserID, UserInfo: m.Info})
	}
	return groupUsersAnswer{GroupID: p.Get("GroupId"), NextPageToken: next, Hasmore: next != 0, UserList: list}, nil
}

func (e *Emulator) kick(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	if err := e.store.Kick(p.Get("AppId"), p.Get("GroupId"), p.Get("KickoffUser")); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return onlyRequestID{}, nil
}

func (e *Emulator) modifyAudit(c call) (modifyAuditAnswer, *contract.Error) {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) {
		if p.Has("AuditType") {
			s.AuditType = int(p.Int("AuditType", 0))
		}
		if p.Has("AuditUrl") {
			s.AuditURL = p.Get("AuditUrl")
		}
	})
	if err != nil {
		return modifyAuditAnswer{}, e.storeError(err, "app")
	}
	a := modifyAuditAnswer{AppID: d.ID, AppSign: d.Sign, AuditType: d.AuditType,
		// "If custom content moderation is used, the value of this
		// parameter is true by default" ([meta]).
		AuditNeedAuthentication: d.AuditType == 2}
	if d.AuditType == 2 {
		a.AuditURL = new(d.AuditURL)
	}
	return a, nil
}

func (e *Emulator) modifyCallback(c call) (modifyCallbackAnswer, *contract.Error) {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) { s.CallbackURL = p.Get("EventCallbackUrl") })
	if err != nil {
		return modifyCallbackAnswer{}, e.storeError(err, "app")
	}
	// "Default value: true" ([meta]).
	a := modifyCallbackAnswer{AppID: d.ID, AppSign: d.Sign, EventCallbackNeedAuthentication: true}
	if d.CallbackURL != "" { // "not returned if it has an empty value" ([meta])
		a.EventCallbackURL = new(d.CallbackURL)
	}
	return a, nil
}

func (e *Emulator) modifyDisable(c call) (modifyDisableAnswer, *contract.Error) {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) { s.Disabled = p.Bool("Disable") })
	if err != nil {
		return modifyDisableAnswer{}, e.storeError(err, "app")
	}
	return modifyDisableAnswer{AppID: d.ID, AppSign: d.Sign, Disable: d.Disabled}, nil
}

func (e *Emulator) modifyGroup(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	var info *string
	if p.Bool("ModifyInfo") {
		v := p.Get("GroupInfo")
		info = &v
	}
	if err := e.store.ModifyGroup(p.Get("AppId"), p.Get("GroupId"), p.List("AdminList"), p.Bool("ModifyAdmin"), info); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
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

func (e *Emulator) modifyUserInfo(c call) (modifyUserInfoAnswer, *contract.Error) {
	p := c.params
	groups, err := e.store.SetUserInfo(p.Get("AppId"), p.Get("UserId"), p.Get("UserMetaInfo"))
	if err != nil {
		return modifyUserInfoAnswer{}, e.storeError(err, "app")
	}
	success := make([]userInfoSuccess, 0, len(groups))
	for _, g := range groups {
		success = append(success, userInfoSuccess{GroupID: g, Success: true})
	}
	return modifyUserInfoAnswer{SuccessList: success, FailList: []userInfoFailure{}}, nil
}
