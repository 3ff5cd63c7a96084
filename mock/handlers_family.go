package mock

import (
	"strconv"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// The handlers of the rest of the family (issue 14). Each answers the
// fields of its result type in the contract; TestAnswersMatchContract runs
// every one and checks the answer against the contract.

func (e *Emulator) unbanGroup(c call) result {
	p := c.params
	if err := e.store.UnbanGroup(p.Get("AppId"), p.Get("GroupId")); err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{})
}

func (e *Emulator) modifyBand(c call) result {
	p := c.params
	if err := e.store.SetBans(p.Get("AppId"), p.Get("GroupId"), p.Bool("BannedAll"), p.List("BannnedUsers"), p.List("ExceptUsers")); err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{})
}

func presence(users []string, in []bool) []any {
	out := make([]any, len(users))
	for i, u := range users {
		out[i] = map[string]any{"UserId": u, "Online": in[i]}
	}
	return out
}

func (e *Emulator) usersInGroup(c call) result {
	p := c.params
	users := p.List("UserIds")
	in, err := e.store.InGroup(p.Get("AppId"), p.Get("GroupId"), users)
	if err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"Users": presence(users, in)})
}

func (e *Emulator) usersOnline(c call) result {
	p := c.params
	users := p.List("UserIds")
	in, err := e.store.Online(p.Get("AppId"), users)
	if err != nil {
		return e.storeError(err, "app")
	}
	return ok(map[string]any{"UserList": presence(users, in)})
}

func (e *Emulator) deleteGroupMessage(c call) result {
	p := c.params
	if _, err := e.store.DeleteGroupMessage(p.Get("AppId"), p.Get("GroupId"), p.Get("MessageId")); err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{"GroupId": p.Get("GroupId"), "MessageId": p.Get("MessageId")})
}

func (e *Emulator) deleteUserMessage(c call) result {
	p := c.params
	if _, err := e.store.DeleteUserMessage(p.Get("AppId"), p.Get("ReceiverId"), p.Get("MessageId")); err != nil {
		return e.storeError(err, "app")
	}
	return ok(map[string]any{})
}

func (e *Emulator) describeApp(c call) result {
	d, err := e.store.AppDetails(c.params.Get("AppId"))
	if err != nil {
		return e.storeError(err, "app")
	}
	f := map[string]any{"AppId": d.ID, "AppName": d.Name, "AppKey": d.Key, "AppSign": d.Sign,
		"AuditType": d.AuditType, "EventCallbackUrl": d.CallbackURL, "Disable": d.Disabled,
		"CreateTime": contract.SecondsOf(d.CreatedAt), "ModifyTime": contract.SecondsOf(d.ModifiedAt),
		"MsgLifeCycle": d.MsgLifeCycle, "DataCenter": d.DataCenter}
	if d.AuditType == 2 { // "returned when the value of AuditType is 2" ([meta])
		f["AuditUrl"] = d.AuditURL
	}
	return ok(f)
}

func (e *Emulator) listApps(c call) result {
	p := c.params
	// An empty NextPageToken, or -1, is the first page ([meta]).
	page, next, more := e.store.ListApps(c.key.Account, p.Get("DataCenter"), int(p.Int("SortType", 1)),
		int(max(p.Int("NextPageToken", 0), 0)), e.c.Limits().AppPageSize)
	list := make([]any, 0, len(page))
	for _, d := range page {
		list = append(list, map[string]any{"AppId": d.ID, "AppKey": d.Key, "AppSign": d.Sign,
			"Disable": strconv.FormatBool(d.Disabled), // a string in this list ([meta], [sdk1])
			"AppName": d.Name, "CreateTime": contract.SecondsOf(d.CreatedAt), "ModifyTime": contract.SecondsOf(d.ModifiedAt),
			"MsgLifeCycle": d.MsgLifeCycle, "DataCenter": d.DataCenter})
	}
	f := map[string]any{"HasMore": more, "AppList": list}
	if more {
		f["NextPageToken"] = int64(next)
	}
	return ok(f)
}

func (e *Emulator) listGroupsByPage(c call) result {
	p := c.params
	// [meta]: PageNumber default 1, PageSize default 20.
	number, size := int(p.Int("PageNumber", 1)), int(p.Int("PageSize", int64(e.c.Limits().GroupPageSize)))
	status := int(p.Int("GroupStatus", 0))
	page, _, _, err := e.store.ListGroups(p.Get("AppId"), store.GroupQuery{Status: status, Sort: int(p.Int("SortType", 1)),
		Token: (number - 1) * size, PageSize: size})
	if err != nil {
		return e.storeError(err, "app")
	}
	total, err := e.store.CountGroups(p.Get("AppId"), status)
	if err != nil {
		return e.storeError(err, "app")
	}
	list := make([]any, 0, len(page))
	for _, g := range page {
		list = append(list, groupFields(g))
	}
	return ok(map[string]any{"TotalCount": total, "PageNumber": number, "PageSize": size, "GroupList": list})
}

func (e *Emulator) groupUsers(c call) result {
	p := c.params
	page, next, err := e.store.GroupUsers(p.Get("AppId"), p.Get("GroupId"), int(p.Int("SortType", 1)),
		p.Int("NextPageToken", 0), int(p.Int("PageSize", 10)))
	if err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	list := make([]any, 0, len(page))
	for _, m := range page {
		list = append(list, map[string]any{"UserId": m.UserID, "UserInfo": m.Info})
	}
	return ok(map[string]any{"GroupId": p.Get("GroupId"), "NextPageToken": next, "Hasmore": next != 0, "UserList": list})
}

func (e *Emulator) kick(c call) result {
	p := c.params
	if err := e.store.Kick(p.Get("AppId"), p.Get("GroupId"), p.Get("KickoffUser")); err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{})
}

func (e *Emulator) modifyAudit(c call) result {
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
		return e.storeError(err, "app")
	}
	f := map[string]any{"AppId": d.ID, "AppSign": d.Sign, "AuditType": d.AuditType,
		// "If custom content moderation is used, the value of this
		// parameter is true by default" ([meta]).
		"AuditNeedAuthentication": d.AuditType == 2}
	if d.AuditType == 2 {
		f["AuditUrl"] = d.AuditURL
	}
	return ok(f)
}

func (e *Emulator) modifyCallback(c call) result {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) { s.CallbackURL = p.Get("EventCallbackUrl") })
	if err != nil {
		return e.storeError(err, "app")
	}
	// "Default value: true" ([meta]).
	f := map[string]any{"AppId": d.ID, "AppSign": d.Sign, "EventCallbackNeedAuthentication": true}
	if d.CallbackURL != "" { // "not returned if it has an empty value" ([meta])
		f["EventCallbackUrl"] = d.CallbackURL
	}
	return ok(f)
}

func (e *Emulator) modifyDisable(c call) result {
	p := c.params
	d, err := e.store.ModifyApp(p.Get("AppId"), func(s *store.AppSettings) { s.Disabled = p.Bool("Disable") })
	if err != nil {
		return e.storeError(err, "app")
	}
	return ok(map[string]any{"AppId": d.ID, "AppSign": d.Sign, "Disable": d.Disabled})
}

func (e *Emulator) modifyGroup(c call) result {
	p := c.params
	var info *string
	if p.Bool("ModifyInfo") {
		v := p.Get("GroupInfo")
		info = &v
	}
	if err := e.store.ModifyGroup(p.Get("AppId"), p.Get("GroupId"), p.List("AdminList"), p.Bool("ModifyAdmin"), info); err != nil {
		return e.storeError(err, "group "+p.Get("GroupId"))
	}
	return ok(map[string]any{})
}

func (e *Emulator) sendUser(c call) result {
	p := c.params
	m, err := e.store.SendUser(p.Get("AppId"), store.UserMessage{SenderID: p.Get("SenderId"), SenderInfo: p.Get("SenderInfo"),
		ReceiverID: p.Get("ReceiverId"), Body: p.Get("Body"), MsgTid: p.Get("MsgTid"), MsgType: int(p.Int("MsgType", 0))})
	if err != nil {
		return e.storeError(err, "receiver "+clip(p.Get("ReceiverId")))
	}
	return ok(map[string]any{"MsgTid": m.MsgTid})
}

func (e *Emulator) modifyUserInfo(c call) result {
	p := c.params
	groups, err := e.store.SetUserInfo(p.Get("AppId"), p.Get("UserId"), p.Get("UserMetaInfo"))
	if err != nil {
		return e.storeError(err, "app")
	}
	success := make([]any, 0, len(groups))
	for _, g := range groups {
		success = append(success, map[string]any{"GroupId": g, "Success": true})
	}
	return ok(map[string]any{"SuccessList": success, "FailList": []any{}})
}
