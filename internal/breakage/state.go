package breakage

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// stateBreaks break the state read back: a write answered OK whose effect a
// later read does not show, or a read that misstates what was written.
func stateBreaks() []Provider {
	r := contract.OpDescribeLiveMessageGroup
	return []Provider{
		{Name: "a deleted group is described as active (Delete=false)", Op: r, Reply: setBool(r, "Delete", true),
			Witness: Witness{Calls: seq(group(), call(contract.OpDeleteLiveMessageGroup, "GroupId", "g1"), describe("g1")), Faithful: answers("Delete", "true")}},
		{Name: "a recovery answers OK and does not recover", Op: contract.OpRecoverLiveMessageDeletedGroup, Route: recoverNothing, Reply: rememberDeletes,
			Witness: Witness{Calls: seq(group(), call(contract.OpDeleteLiveMessageGroup, "GroupId", "g1"), call(contract.OpRecoverLiveMessageDeletedGroup, "GroupId", "g1"), describe("g1")), Faithful: answers("Delete", "false")}},
		{Name: "a muted user is missing from the band list", Op: contract.OpDescribeLiveMessageGroupBand, Reply: emptyList(contract.OpDescribeLiveMessageGroupBand, "BannedUserList"),
			Witness: Witness{Calls: seq(group(), call(contract.OpAddLiveMessageGroupBand, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, "u1"), band()), Faithful: answers("BannedUserList.#", "1")}},
		{Name: "a whole-group ban answers OK and bans nothing", Op: contract.OpBanLiveMessageGroup, Route: substitute(contract.OpBanLiveMessageGroup, contract.OpUnbanLiveMessageGroup), Reply: rootOf(contract.OpBanLiveMessageGroup, contract.OpUnbanLiveMessageGroup),
			Witness: Witness{Calls: seq(group(), call(contract.OpBanLiveMessageGroup, "GroupId", "g1"), band()), Faithful: answers("IsbannedAll", "true")}},
		{Name: "an unban also unmutes the users muted one by one", Op: contract.OpUnbanLiveMessageGroup, Route: unbanAll, Reply: rootOf(contract.OpUnbanLiveMessageGroup, contract.OpRemoveLiveMessageGroupBand),
			Witness: Witness{Calls: seq(group(), call(contract.OpAddLiveMessageGroupBand, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, "u1"), call(contract.OpUnbanLiveMessageGroup, "GroupId", "g1"), band()), Faithful: answers("BannedUserList.#", "1")}},
		{Name: `"*" in UnbannedUsers unmutes nobody`, Op: contract.OpRemoveLiveMessageGroupBand, Rewrite: on(contract.OpRemoveLiveMessageGroupBand, func(p url.Values) {
			if items, st := listOf(p, "UnbannedUsers"); len(items) == 1 && items[0] == contract.Default().Wildcard() {
				setList(p, "UnbannedUsers", []string{"nobody"}, st)
			}
		}), Witness: Witness{Calls: seq(group(), call(contract.OpAddLiveMessageGroupBand, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, "u1"),
			call(contract.OpRemoveLiveMessageGroupBand, "GroupId", "g1").list("UnbannedUsers", aliyun.ListRepeated, contract.Default().Wildcard()), band()), Faithful: answers("BannedUserList.#", "0")}},
		{Name: "ModifyLiveMessageGroupBand ignores ExceptUsers", Op: contract.OpModifyLiveMessageGroupBand, Rewrite: dropParam(contract.OpModifyLiveMessageGroupBand, "ExceptUsers"),
			Witness: Witness{Calls: seq(group(), call(contract.OpModifyLiveMessageGroupBand, "GroupId", "g1", "BannedAll", "true").list("ExceptUsers", aliyun.ListRepeated, "u1"), band()), Faithful: answers("UnbannedUserList.#", "1")}},
		{Name: "a GroupInfo change answers OK and is not applied", Op: contract.OpModifyLiveMessageGroup, Rewrite: swapParam(contract.OpModifyLiveMessageGroup, "ModifyInfo", "true", "false"),
			Witness: Witness{Calls: seq(group(), call(contract.OpModifyLiveMessageGroup, "GroupId", "g1", "ModifyInfo", "true", "GroupInfo", "new"), describe("g1")), Faithful: answers("GroupInfo", "new")}},
		{Name: "a deleted group message is still listed", Op: contract.OpDeleteLiveMessageGroupMessage, Rewrite: elsewhere(contract.OpDeleteLiveMessageGroupMessage, "MessageId"), Reply: echoBack(contract.OpDeleteLiveMessageGroupMessage, "MessageId"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1"), call(contract.OpDeleteLiveMessageGroupMessage, "GroupId", "g1", "MessageId", "m1"), messages()), Faithful: answers("MessageList.#", "0")}},
		{Name: "a kick answers OK and the user stays a member", Op: contract.OpKickLiveMessageGroupUser, Rewrite: elsewhere(contract.OpKickLiveMessageGroupUser, "KickoffUser"),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.OpKickLiveMessageGroupUser, "GroupId", "g1", "KickoffUser", "u1"), inGroup("u1")), Faithful: answers("Users.0.Online", "false")}},
		{Name: "GroupName is not stored at creation", Op: contract.OpCreateLiveMessageGroup, Rewrite: dropParam(contract.OpCreateLiveMessageGroup, "GroupName"),
			Witness: Witness{Calls: seq(group().with(func(r *aliyun.Request) { r.Params["GroupName"] = "named" }), describe("g1")), Faithful: answers("GroupName", "named")}},
		{Name: "creating an existing group answers AlreadyExists=false", Op: contract.OpCreateLiveMessageGroup, Reply: setBool(contract.OpCreateLiveMessageGroup, "AlreadyExists", true),
			Witness: Witness{Calls: seq(group(), group()), Faithful: answers("AlreadyExists", "true")}},
		{Name: "the OperatorId of a deletion is not kept as Deletor", Op: contract.OpDeleteLiveMessageGroup, Rewrite: dropParam(contract.OpDeleteLiveMessageGroup, "OperatorId"),
			Witness: Witness{Calls: seq(group(), call(contract.OpDeleteLiveMessageGroup, "GroupId", "g1", "OperatorId", "op1"), describe("g1")), Faithful: answers("Deletor", "op1")}},
		{Name: "every group message is sent as NoStorage (never listed)", Op: contract.OpSendLiveMessageGroup, Rewrite: on(contract.OpSendLiveMessageGroup, func(p url.Values) { p.Set("NoStorage", "true") }),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1"), messages()), Faithful: answers("MessageList.#", "1")}},
		{Name: "the MsgType of a group message is not kept", Op: contract.OpSendLiveMessageGroup, Rewrite: dropParam(contract.OpSendLiveMessageGroup, "MsgType"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "MsgType", "7"), messages()), Faithful: answers("MessageList.0.MsgType", "7")}},
		{Name: "the MsgTid sent to a user is not kept", Op: contract.OpSendLiveMessageUser, Rewrite: dropParam(contract.OpSendLiveMessageUser, "MsgTid"),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.OpSendLiveMessageUser, "SenderId", "u2", "ReceiverId", "u1", "Body", "hi", "MsgTid", "m1")), Faithful: answers("MsgTid", "m1")}},
		{Name: "AuditType 1 (built-in moderation) is set as 0", Op: contract.OpModifyLiveMessageAppAudit, Rewrite: swapParam(contract.OpModifyLiveMessageAppAudit, "AuditType", "1", "0"),
			Witness: Witness{Calls: seq(call(contract.OpModifyLiveMessageAppAudit, "AuditType", "1"), describeApp()), Faithful: answers("AuditType", "1")}},
		{Name: "disabling an app answers OK and leaves it enabled", Op: contract.OpModifyLiveMessageAppDisable, Rewrite: swapParam(contract.OpModifyLiveMessageAppDisable, "Disable", "true", "false"),
			Witness: Witness{Calls: seq(call(contract.OpModifyLiveMessageAppDisable, "Disable", "true"), describeApp()), Faithful: answers("Disable", "true")}},
		{Name: "ModifyLiveMessageUserInfo answers an empty SuccessList for a member", Op: contract.OpModifyLiveMessageUserInfo, Reply: emptyList(contract.OpModifyLiveMessageUserInfo, "SuccessList"),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.OpModifyLiveMessageUserInfo, "UserId", "u1", "UserMetaInfo", "x")), Faithful: answers("SuccessList.#", "1")}},
		{Name: "a member is reported offline", Op: contract.OpCheckLiveMessageUsersOnline, Reply: setBool(contract.OpCheckLiveMessageUsersOnline, "Online", true),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.OpCheckLiveMessageUsersOnline).list("UserIds", aliyun.ListRepeated, "u1")), Faithful: answers("UserList.0.Online", "true")}},
		{Name: "MsgLifeCycle is not stored at app creation", Op: contract.OpCreateLiveMessageApp, Rewrite: dropParam(contract.OpCreateLiveMessageApp, "MsgLifeCycle"),
			Witness: Witness{Calls: seq(call(contract.OpCreateLiveMessageApp, "AppName", "second", "MsgLifeCycle", "1"), call(contract.OpListLiveMessageApps, "SortType", "2")), Faithful: answers("AppList.0.MsgLifeCycle", "1")}},
		{Name: "DescribeLiveMessageApp answers an empty EventCallbackUrl", Op: contract.OpDescribeLiveMessageApp, Reply: replyOn(contract.OpDescribeLiveMessageApp, func(x *Exchange) {
			x.Body = callbackURL.ReplaceAll(x.Body, []byte(`"EventCallbackUrl":""`))
		}), Witness: Witness{Calls: seq(call(contract.OpModifyLiveMessageAppCallback, "EventCallbackUrl", "https://example.com/cb"), describeApp()), Faithful: answers("EventCallbackUrl", "https://example.com/cb")}},
		{Name: "a member's UserInfo is not listed", Op: contract.OpListLiveMessageGroupUsers, Reply: replyOn(contract.OpListLiveMessageGroupUsers, func(x *Exchange) {
			x.Body = userInfo.ReplaceAll(x.Body, []byte(`"UserInfo":""`))
		}), Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.OpModifyLiveMessageUserInfo, "UserId", "u1", "UserMetaInfo", "x"), groupUsers("1")), Faithful: answers("UserList.0.UserInfo", "x")}},
	}
}

var (
	callbackURL = regexp.MustCompile(`"EventCallbackUrl":"[^"]*"`)
	userInfo    = regexp.MustCompile(`"UserInfo":"[^"]*"`)
)

// substitute sends the operation of action to as that of action from: the
// provider answers one and does the other.
func substitute(from, to string) func(*Exchange) {
	return func(x *Exchange) {
		if x.Action == from && x.Params.Has("Action") {
			x.Params.Set("Action", to)
		}
	}
}

// rootOf renames the XML root of an answer from the substitute's
// operation to the one asked.
func rootOf(asked, done string) func(*Exchange) {
	return replyOn(asked, func(x *Exchange) {
		x.Body = bytes.ReplaceAll(x.Body, []byte(done+"Response>"), []byte(asked+"Response>"))
	})
}

// unbanAll lifts a whole-group mute by unmuting everybody.
func unbanAll(x *Exchange) {
	if x.Action == contract.OpUnbanLiveMessageGroup && x.Params.Has("Action") {
		x.Params.Set("Action", contract.OpRemoveLiveMessageGroupBand)
		x.Params.Set("UnbannedUsers", contract.Default().Wildcard())
	}
}

func groupKey(p url.Values) string { return "deleted/" + p.Get("AppId") + "/" + p.Get("GroupId") }

// rememberDeletes notes the groups deleted, and forgets them once made or
// recovered (the recovery recoverNothing fakes excepted).
func rememberDeletes(x *Exchange) {
	if x.Status != http.StatusOK {
		return
	}
	switch x.Action {
	case contract.OpDeleteLiveMessageGroup:
		x.Memo.Set(groupKey(x.Params), "yes")
	case contract.OpCreateLiveMessageGroup:
		x.Memo.Set(groupKey(x.Params), "")
	case contract.OpRecoverLiveMessageDeletedGroup:
		x.Body = bytes.ReplaceAll(x.Body, []byte(contract.OpDeleteLiveMessageGroup+"Response>"), []byte(contract.OpRecoverLiveMessageDeletedGroup+"Response>"))
	}
}

// recoverNothing answers the recovery of a group it saw deleted with a
// second deletion, which answers the same fields and changes nothing.
func recoverNothing(x *Exchange) {
	if x.Action == contract.OpRecoverLiveMessageDeletedGroup && x.Memo.Get(groupKey(x.Params)) != "" {
		substitute(contract.OpRecoverLiveMessageDeletedGroup, contract.OpDeleteLiveMessageGroup)(x)
	}
}

// elsewhere points a parameter at another id of the same length bound,
// so the call is carried out on nothing.
func elsewhere(action, name string) func(string, url.Values) {
	return on(action, func(p url.Values) {
		if v := p.Get(name); v != "" {
			p.Set(name, other(v, param(action, name).MaxLength))
		}
	})
}

func other(v string, max int) string {
	if len(v) < max {
		return v + "z"
	}
	return v[:len(v)-1]
}

// echoBack writes the id the caller sent where the answer echoes the one
// elsewhere sent instead.
func echoBack(action, name string) func(*Exchange) {
	return replyOn(action, func(x *Exchange) {
		v := x.Params.Get(name)
		o := other(v, param(action, name).MaxLength)
		x.Body = bytes.ReplaceAll(x.Body, []byte(`"`+name+`":"`+o+`"`), []byte(`"`+name+`":"`+v+`"`))
		x.Body = bytes.ReplaceAll(x.Body, []byte(`<`+name+`>`+o+`<`), []byte(`<`+name+`>`+v+`<`))
	})
}
