package breakage

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// skew is the documented clock skew of a signed timestamp (docs/fidelity.md
// row 21).
const skew = 15 * time.Minute

// All returns the broken providers that explore and parity are tested
// against (explore/explore_test.go, parity/parity_test.go): each is found
// by today's explore within its default budget.
func All() []Provider {
	return []Provider{
		{Name: fmt.Sprintf("%d users accepted when comma-separated", contract.Default().Limits().UsersPerCall+1), Class: Boundary, Op: op(contract.RoleMute), Rewrite: truncateCommaLists,
			Witness: Witness{Calls: seq(group(), call(contract.RoleMute, "GroupId", "g1").list("BannedUsers", aliyun.ListComma, ids(contract.Default().Limits().UsersPerCall+1)...)), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: op(contract.RoleListGroups) + " sort order ignored", Class: List, Op: op(contract.RoleListGroups), Rewrite: swapParam(contract.RoleListGroups, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), call(contract.RoleListGroups, "SortType", "2")), Faithful: answers("GroupList.0.GroupId", "g2")}},
		{Name: "answers without HostId", Class: Envelope, Answer: func(_ http.Header, b []byte) []byte {
			b = jsonHostID.ReplaceAll(b, nil)
			return xmlHostID.ReplaceAll(b, nil)
		}, Witness: Witness{Calls: seq(describe("nosuch")), Faithful: Check{Has: `"HostId"`}}},
		{Name: "JSON answered to Format=XML", Class: Envelope, Rewrite: func(_ string, p url.Values) {
			if strings.EqualFold(p.Get("Format"), "XML") {
				p.Set("Format", "JSON")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(xmlFormat)), Faithful: Check{Has: "<?xml"}}},
		{Name: "one RequestId for every answer", Class: Envelope, Answer: func(h http.Header, b []byte) []byte {
			const rid = "5B1C0A55-7E3A-4C1D-9F00-000000000001"
			if h.Get("X-Acs-Request-Id") != "" {
				h.Set("X-Acs-Request-Id", rid)
			}
			b = jsonRequestID.ReplaceAll(b, []byte(`"RequestId":"`+rid+`"`))
			return xmlRequestID.ReplaceAll(b, []byte(`<RequestId>`+rid+`</RequestId>`))
		}, Witness: Witness{Calls: seq(describeApp(), describeApp()), Faithful: Check{Func: func(prev, last *aliyun.Response) error {
			if prev.RequestID == last.RequestID {
				return fmt.Errorf("two answers share the RequestId %s", last.RequestID)
			}
			return nil
		}}}},
		{Name: "Timestamp more than 15 minutes off accepted", Class: Auth, Options: []mock.Option{func(c *mock.Config) { c.MaxSkew = 48 * time.Hour }},
			Witness: Witness{Calls: seq(describeApp().with(skewed(-2 * skew))), Faithful: refused(contract.CodeInvalidTimeStampExpired)}},
		{Name: "Content-Type text/plain", Class: Envelope, Answer: func(h http.Header, b []byte) []byte {
			h.Set("Content-Type", "text/plain;charset=utf-8")
			return b
		}, Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Header: "Content-Type", HeaderValue: "application/json"}}},
	}
}

var (
	jsonHostID    = regexp.MustCompile(`"HostId":"[^"]*",?`)
	xmlHostID     = regexp.MustCompile(`<HostId>[^<]*</HostId>`)
	jsonRequestID = regexp.MustCompile(`"RequestId":"[^"]*"`)
	xmlRequestID  = regexp.MustCompile(`<RequestId>[^<]*</RequestId>`)
)

// truncateCommaLists keeps the first MaxItems (UsersPerCall) items of a
// list sent comma-separated: the provider silently accepts one user more.
func truncateCommaLists(action string, p url.Values) {
	op, ok := contract.Default().Operation(action)
	if !ok {
		return
	}
	for _, prm := range op.Params {
		v := p.Get(prm.Name)
		if !prm.List || prm.MaxItems == 0 || strings.HasPrefix(strings.TrimSpace(v), "[") {
			continue
		}
		if items := strings.Split(v, ","); len(items) > prm.MaxItems {
			p.Set(prm.Name, strings.Join(items[:prm.MaxItems], ","))
		}
	}
}

func xmlFormat(r *aliyun.Request) { r.Format = "XML" }

// skewed signs a call with a timestamp d from now.
func skewed(d time.Duration) func(r *aliyun.Request) {
	return func(r *aliyun.Request) { r.Overrides["Timestamp"] = "{now" + d.String() + "}" }
}

// Catalogue returns every broken provider: All, then the catalogue of
// issue 19 across the 29 operations and the six classes.
func Catalogue() []Provider {
	out := append(All(), catalogue()...)
	for i := range out {
		out[i].Explained = explained[out[i].Name]
	}
	return out
}

func catalogue() []Provider {
	var out []Provider
	parts := map[Class][]Provider{State: stateBreaks(), List: listBreaks(), Encoding: encodingBreaks(),
		Boundary: boundaryBreaks(), Envelope: envelopeBreaks(), Auth: authBreaks()}
	for _, c := range Classes() {
		for _, p := range parts[c] {
			p.Class = c
			out = append(out, p)
		}
	}
	return out
}

func stateBreaks() []Provider {
	r := contract.RoleDescribeGroup
	return []Provider{
		{Name: "a deleted group is described as active (Delete=false)", Op: op(r), Reply: setBool(r, "Delete", true),
			Witness: Witness{Calls: seq(group(), call(contract.RoleDeleteGroup, "GroupId", "g1"), describe("g1")), Faithful: answers("Delete", "true")}},
		{Name: "a recovery answers OK and does not recover", Op: op(contract.RoleRecoverGroup), Route: recoverNothing, Reply: rememberDeletes,
			Witness: Witness{Calls: seq(group(), call(contract.RoleDeleteGroup, "GroupId", "g1"), call(contract.RoleRecoverGroup, "GroupId", "g1"), describe("g1")), Faithful: answers("Delete", "false")}},
		{Name: "a muted user is missing from the band list", Op: op(contract.RoleDescribeBand), Reply: emptyList(contract.RoleDescribeBand, "BannedUserList"),
			Witness: Witness{Calls: seq(group(), call(contract.RoleMute, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, "u1"), band()), Faithful: answers("BannedUserList.#", "1")}},
		{Name: "a whole-group ban answers OK and bans nothing", Op: op(contract.RoleBanGroup), Route: substitute(contract.RoleBanGroup, contract.RoleUnbanGroup), Reply: rootOf(contract.RoleBanGroup, contract.RoleUnbanGroup),
			Witness: Witness{Calls: seq(group(), call(contract.RoleBanGroup, "GroupId", "g1"), band()), Faithful: answers("IsbannedAll", "true")}},
		{Name: "an unban also unmutes the users muted one by one", Op: op(contract.RoleUnbanGroup), Route: unbanAll, Reply: rootOf(contract.RoleUnbanGroup, contract.RoleUnmute),
			Witness: Witness{Calls: seq(group(), call(contract.RoleMute, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, "u1"), call(contract.RoleUnbanGroup, "GroupId", "g1"), band()), Faithful: answers("BannedUserList.#", "1")}},
		{Name: `"*" in UnbannedUsers unmutes nobody`, Op: op(contract.RoleUnmute), Rewrite: on(contract.RoleUnmute, func(p url.Values) {
			if items, st := listOf(p, "UnbannedUsers"); len(items) == 1 && items[0] == contract.Default().Wildcard() {
				setList(p, "UnbannedUsers", []string{"nobody"}, st)
			}
		}), Witness: Witness{Calls: seq(group(), call(contract.RoleMute, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, "u1"),
			call(contract.RoleUnmute, "GroupId", "g1").list("UnbannedUsers", aliyun.ListRepeated, contract.Default().Wildcard()), band()), Faithful: answers("BannedUserList.#", "0")}},
		{Name: "ModifyLiveMessageGroupBand ignores ExceptUsers", Op: op(contract.RoleModifyBand), Rewrite: dropParam(contract.RoleModifyBand, "ExceptUsers"),
			Witness: Witness{Calls: seq(group(), call(contract.RoleModifyBand, "GroupId", "g1", "BannedAll", "true").list("ExceptUsers", aliyun.ListRepeated, "u1"), band()), Faithful: answers("UnbannedUserList.#", "1")}},
		{Name: "a GroupInfo change answers OK and is not applied", Op: op(contract.RoleModifyGroup), Rewrite: swapParam(contract.RoleModifyGroup, "ModifyInfo", "true", "false"),
			Witness: Witness{Calls: seq(group(), call(contract.RoleModifyGroup, "GroupId", "g1", "ModifyInfo", "true", "GroupInfo", "new"), describe("g1")), Faithful: answers("GroupInfo", "new")}},
		{Name: "a deleted group message is still listed", Op: op(contract.RoleDeleteGroupMsg), Rewrite: elsewhere(contract.RoleDeleteGroupMsg, "MessageId"), Reply: echoBack(contract.RoleDeleteGroupMsg, "MessageId"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1"), call(contract.RoleDeleteGroupMsg, "GroupId", "g1", "MessageId", "m1"), messages()), Faithful: answers("MessageList.#", "0")}},
		{Name: "a kick answers OK and the user stays a member", Op: op(contract.RoleKick), Rewrite: elsewhere(contract.RoleKick, "KickoffUser"),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.RoleKick, "GroupId", "g1", "KickoffUser", "u1"), inGroup("u1")), Faithful: answers("Users.0.Online", "false")}},
		{Name: "GroupName is not stored at creation", Op: op(contract.RoleCreateGroup), Rewrite: dropParam(contract.RoleCreateGroup, "GroupName"),
			Witness: Witness{Calls: seq(group().with(func(r *aliyun.Request) { r.Params["GroupName"] = "named" }), describe("g1")), Faithful: answers("GroupName", "named")}},
		{Name: "creating an existing group answers AlreadyExists=false", Op: op(contract.RoleCreateGroup), Reply: setBool(contract.RoleCreateGroup, "AlreadyExists", true),
			Witness: Witness{Calls: seq(group(), group()), Faithful: answers("AlreadyExists", "true")}},
		{Name: "the OperatorId of a deletion is not kept as Deletor", Op: op(contract.RoleDeleteGroup), Rewrite: dropParam(contract.RoleDeleteGroup, "OperatorId"),
			Witness: Witness{Calls: seq(group(), call(contract.RoleDeleteGroup, "GroupId", "g1", "OperatorId", "op1"), describe("g1")), Faithful: answers("Deletor", "op1")}},
		{Name: "every group message is sent as NoStorage (never listed)", Op: op(contract.RoleSendGroup), Rewrite: on(contract.RoleSendGroup, func(p url.Values) { p.Set("NoStorage", "true") }),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1"), messages()), Faithful: answers("MessageList.#", "1")}},
		{Name: "the MsgType of a group message is not kept", Op: op(contract.RoleSendGroup), Rewrite: dropParam(contract.RoleSendGroup, "MsgType"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "MsgType", "7"), messages()), Faithful: answers("MessageList.0.MsgType", "7")}},
		{Name: "the MsgTid sent to a user is not kept", Op: op(contract.RoleSendUser), Rewrite: dropParam(contract.RoleSendUser, "MsgTid"),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.RoleSendUser, "SenderId", "u2", "ReceiverId", "u1", "Body", "hi", "MsgTid", "m1")), Faithful: answers("MsgTid", "m1")}},
		{Name: "AuditType 1 (built-in moderation) is set as 0", Op: op(contract.RoleModifyAppAudit), Rewrite: swapParam(contract.RoleModifyAppAudit, "AuditType", "1", "0"),
			Witness: Witness{Calls: seq(call(contract.RoleModifyAppAudit, "AuditType", "1"), describeApp()), Faithful: answers("AuditType", "1")}},
		{Name: "disabling an app answers OK and leaves it enabled", Op: op(contract.RoleModifyAppDisable), Rewrite: swapParam(contract.RoleModifyAppDisable, "Disable", "true", "false"),
			Witness: Witness{Calls: seq(call(contract.RoleModifyAppDisable, "Disable", "true"), describeApp()), Faithful: answers("Disable", "true")}},
		{Name: "ModifyLiveMessageUserInfo answers an empty SuccessList for a member", Op: op(contract.RoleModifyUserInfo), Reply: emptyList(contract.RoleModifyUserInfo, "SuccessList"),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.RoleModifyUserInfo, "UserId", "u1", "UserMetaInfo", "x")), Faithful: answers("SuccessList.#", "1")}},
		{Name: "a member is reported offline", Op: op(contract.RoleCheckOnline), Reply: setBool(contract.RoleCheckOnline, "Online", true),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.RoleCheckOnline).list("UserIds", aliyun.ListRepeated, "u1")), Faithful: answers("UserList.0.Online", "true")}},
		{Name: "MsgLifeCycle is not stored at app creation", Op: op(contract.RoleCreateApp), Rewrite: dropParam(contract.RoleCreateApp, "MsgLifeCycle"),
			Witness: Witness{Calls: seq(call(contract.RoleCreateApp, "AppName", "second", "MsgLifeCycle", "1"), call(contract.RoleListApps, "SortType", "2")), Faithful: answers("AppList.0.MsgLifeCycle", "1")}},
		{Name: "DescribeLiveMessageApp answers an empty EventCallbackUrl", Op: op(contract.RoleDescribeApp), Reply: replyOn(contract.RoleDescribeApp, func(x *Exchange) {
			x.Body = callbackURL.ReplaceAll(x.Body, []byte(`"EventCallbackUrl":""`))
		}), Witness: Witness{Calls: seq(call(contract.RoleModifyAppCallback, "EventCallbackUrl", "https://example.com/cb"), describeApp()), Faithful: answers("EventCallbackUrl", "https://example.com/cb")}},
		{Name: "a member's UserInfo is not listed", Op: op(contract.RoleListGroupUsers), Reply: replyOn(contract.RoleListGroupUsers, func(x *Exchange) {
			x.Body = userInfo.ReplaceAll(x.Body, []byte(`"UserInfo":""`))
		}), Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.RoleModifyUserInfo, "UserId", "u1", "UserMetaInfo", "x"), groupUsers("1")), Faithful: answers("UserList.0.UserInfo", "x")}},
	}
}

var (
	callbackURL = regexp.MustCompile(`"EventCallbackUrl":"[^"]*"`)
	userInfo    = regexp.MustCompile(`"UserInfo":"[^"]*"`)
)

func inGroup(users ...string) Call {
	return call(contract.RoleCheckInGroup, "GroupId", "g1").list("UserIds", aliyun.ListRepeated, users...)
}

func groupUsers(sort string) Call {
	return call(contract.RoleListGroupUsers, "GroupId", "g1", "SortType", sort, "PageSize", strconv.FormatInt(minInt(contract.RoleListGroupUsers, "PageSize"), 10))
}

func byPage(kv ...string) Call {
	return call(contract.RoleListGroupsByPage, append([]string{"SortType", "1"}, kv...)...)
}

func listBreaks() []Provider {
	lg, bp, lm := contract.RoleListGroups, contract.RoleListGroupsByPage, contract.RoleListMessages
	pageSize := contract.Default().Limits().GroupPageSize
	return []Provider{
		{Name: "GroupStatus=1 also lists deleted groups", Op: op(lg), Rewrite: swapParam(lg, "GroupStatus", "1", "0"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), call(contract.RoleDeleteGroup, "GroupId", "g2"), call(lg, "SortType", "1", "GroupStatus", "1")), Faithful: answers("GroupList.#", "1")}},
		{Name: "the next page of groups skips one (a gap)", Op: op(lg), Reply: number(lg, "NextpageToken", func(n int64, _ []byte) int64 { return n + 1 }),
			Witness: Witness{Calls: seq(groups(pageSize+1), call(lg, "SortType", "1")), Faithful: answers("NextpageToken", strconv.Itoa(pageSize))}},
		{Name: "GroupStatus=2 also lists existing groups", Op: op(bp), Rewrite: swapParam(bp, "GroupStatus", "2", "0"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), call(contract.RoleDeleteGroup, "GroupId", "g2"), byPage("GroupStatus", "2")), Faithful: answers("GroupList.#", "1")}},
		{Name: "ListLiveMessageGroupByPage sort order ignored", Op: op(bp), Rewrite: swapParam(bp, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), byPage().with(func(r *aliyun.Request) { r.Params["SortType"] = "2" })), Faithful: answers("GroupList.0.GroupId", "g2")}},
		{Name: "a page holds one group fewer than PageSize (pages overlap)", Op: op(bp), Rewrite: shiftParam(bp, "PageSize", -1, func(n int64) bool { return n >= minInt(bp, "PageSize") }),
			Reply: replyOn(bp, func(x *Exchange) {
				if n, err := strconv.ParseInt(x.Params.Get("PageSize"), 10, 64); err == nil && n-1 >= minInt(bp, "PageSize") {
					x.Body = pageSizeField.ReplaceAll(x.Body, []byte(`${1}`+strconv.FormatInt(n, 10)))
				}
			}), Witness: Witness{Calls: seq(groups(3), byPage("PageSize", "2")), Faithful: answers("GroupList.#", "2")}},
		{Name: "TotalCount is the count of the page, not of every group", Op: op(bp), Reply: number(bp, "TotalCount", func(_ int64, body []byte) int64 {
			return int64(bytes.Count(body, []byte(`"GroupId":`)) + bytes.Count(body, []byte(`<GroupId>`)))
		}), Witness: Witness{Calls: seq(groups(2), byPage("PageSize", "1")), Faithful: answers("TotalCount", "2")}},
		{Name: "ListLiveMessageGroupMessages sort order ignored", Op: op(lm), Rewrite: swapParam(lm, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1"), send("m2"), messages().with(func(r *aliyun.Request) { r.Params["SortType"] = "2" })), Faithful: answers("MessageList.0.MsgTid", "m2")}},
		{Name: "the MsgType filter of the message list is ignored", Op: op(lm), Rewrite: dropParam(lm, "MsgType"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "MsgType", "1"), send("m2", "MsgType", "2"), messages("MsgType", "2")), Faithful: answers("MessageList.#", "1")}},
		{Name: "a message page holds one message more than PageSize", Op: op(lm), Rewrite: shiftParam(lm, "PageSize", 1, func(n int64) bool { return n <= maxInt(lm, "PageSize") }),
			Witness: Witness{Calls: seq(group(), joined("u1"), sends(int(minInt(lm, "PageSize"))+1), messages()), Faithful: answers("MessageList.#", strconv.FormatInt(minInt(lm, "PageSize"), 10))}},
		{Name: "ListLiveMessageGroupUsers sort order ignored", Op: op(contract.RoleListGroupUsers), Rewrite: swapParam(contract.RoleListGroupUsers, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group(), joined("u1"), joined("u2"), groupUsers("2")), Faithful: answers("UserList.0.UserId", "u2")}},
		{Name: "ListLiveMessageApps sort order ignored", Op: op(contract.RoleListApps), Rewrite: swapParam(contract.RoleListApps, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(call(contract.RoleCreateApp, "AppName", "second"), call(contract.RoleListApps, "SortType", "2")), Faithful: answers("AppList.0.AppName", "second")}},
		{Name: "ListLiveMessageApps ignores DataCenter (lists every data center)", Op: op(contract.RoleListApps), Rewrite: dropParam(contract.RoleListApps, "DataCenter"),
			Witness: Witness{Calls: seq(call(contract.RoleCreateApp, "AppName", "second", "DataCenter", "ap-southeast-1"), call(contract.RoleListApps, "SortType", "1", "DataCenter", "ap-southeast-1")), Faithful: answers("AppList.#", "1")}},
	}
}

var pageSizeField = regexp.MustCompile(`("PageSize":|<PageSize>)\d+`)

func sends(n int) []Call {
	out := make([]Call, n)
	for i := range out {
		out[i] = send("m" + strconv.Itoa(i+1))
	}
	return out
}

func encodingBreaks() []Provider {
	return []Provider{
		{Name: "a comma-separated BannedUsers mutes only its first user", Op: op(contract.RoleMute), Rewrite: firstOnly(contract.RoleMute, "BannedUsers", styleComma),
			Witness: Witness{Calls: seq(group(), call(contract.RoleMute, "GroupId", "g1").list("BannedUsers", aliyun.ListComma, "u1", "u2"), band()), Faithful: answers("BannedUserList.#", "2")}},
		{Name: "a repeated UnbannedUsers (Name.N) unmutes only its first user", Op: op(contract.RoleUnmute), Rewrite: firstOnly(contract.RoleUnmute, "UnbannedUsers", styleRepeated),
			Witness: Witness{Calls: seq(group(), call(contract.RoleMute, "GroupId", "g1").list("BannedUsers", aliyun.ListComma, "u1", "u2"),
				call(contract.RoleUnmute, "GroupId", "g1").list("UnbannedUsers", aliyun.ListRepeated, "u1", "u2"), band()), Faithful: answers("BannedUserList.#", "0")}},
		{Name: "ExceptUsers sent as a JSON array is ignored", Op: op(contract.RoleBanGroup), Rewrite: ignoreList(contract.RoleBanGroup, "ExceptUsers", styleJSON),
			Witness: Witness{Calls: seq(group(), call(contract.RoleBanGroup, "GroupId", "g1").list("ExceptUsers", aliyun.ListJSON, "u1"), band()), Faithful: answers("UnbannedUserList.#", "1")}},
		{Name: "a repeated UserIds (Name.N) is answered for its first user only", Op: op(contract.RoleCheckOnline), Rewrite: firstOnly(contract.RoleCheckOnline, "UserIds", styleRepeated),
			Witness: Witness{Calls: seq(call(contract.RoleCheckOnline).list("UserIds", aliyun.ListRepeated, "u1", "u2")), Faithful: answers("UserList.#", "2")}},
		{Name: "comma-separated Administrators keep only the first", Op: op(contract.RoleCreateGroup), Rewrite: firstOnly(contract.RoleCreateGroup, "Administrators", styleComma),
			Witness: Witness{Calls: seq(group().list("Administrators", aliyun.ListComma, "a1", "a2"), describe("g1")), Faithful: answers("AdminList.#", "2")}},
		{Name: "an AdminList sent as a JSON array is ignored", Op: op(contract.RoleModifyGroup), Rewrite: ignoreList(contract.RoleModifyGroup, "AdminList", styleJSON),
			Witness: Witness{Calls: seq(group(), call(contract.RoleModifyGroup, "GroupId", "g1", "ModifyAdmin", "true").list("AdminList", aliyun.ListJSON, "a1"), describe("g1")), Faithful: answers("AdminList.#", "1")}},
		{Name: "a comma-separated UserIds is answered for its first user only", Op: op(contract.RoleCheckInGroup), Rewrite: firstOnly(contract.RoleCheckInGroup, "UserIds", styleComma),
			Witness: Witness{Calls: seq(group(), joined("u1", "u2"), call(contract.RoleCheckInGroup, "GroupId", "g1").list("UserIds", aliyun.ListComma, "u1", "u2")), Faithful: answers("Users.#", "2")}},
		{Name: "a user id is matched by prefix: u1 is in the group when u12 is", Op: op(contract.RoleCheckInGroup), Reply: replyOn(contract.RoleCheckInGroup, prefixInGroup),
			Witness: Witness{Calls: seq(group(), joined("u12"), inGroup("u1")), Faithful: answers("Users.0.Online", "false")}},
		{Name: "a kick of u1 removes u12 (prefix match)", Op: op(contract.RoleKick), Route: prefixKick,
			Witness: Witness{Calls: seq(group(), joined("u12"), call(contract.RoleKick, "GroupId", "g1", "KickoffUser", "u1"), inGroup("u12")), Faithful: answers("Users.0.Online", "true")}},
	}
}

func boundaryBreaks() []Provider {
	longer := func(p *contract.Param) { p.MaxLength++ }
	shorter := func(p *contract.Param) { p.MaxLength-- }
	more := func(p *contract.Param) { p.MaxItems++ }
	fewer := func(p *contract.Param) { p.MaxItems-- }
	maxLen := func(role, name string) int { return param(role, name).MaxLength }
	maxItems := func(role, name string) int { return param(role, name).MaxItems }
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	lm, lu, bp := contract.RoleListMessages, contract.RoleListGroupUsers, contract.RoleListGroupsByPage
	return []Provider{
		{Name: "a GroupId of exactly the maximum length is refused at creation", Op: op(contract.RoleCreateGroup), Options: bound(contract.RoleCreateGroup, "GroupId", shorter),
			Witness: Witness{Calls: seq(group(id(maxLen(contract.RoleCreateGroup, "GroupId")))), Faithful: ok()}},
		{Name: "a SenderId one byte over the maximum is accepted", Op: op(contract.RoleSendGroup), Options: bound(contract.RoleSendGroup, "SenderId", longer),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "SenderId", id(maxLen(contract.RoleSendGroup, "SenderId")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "BannedUsers of exactly the maximum count is refused", Op: op(contract.RoleMute), Options: bound(contract.RoleMute, "BannedUsers", fewer),
			Witness: Witness{Calls: seq(group(), call(contract.RoleMute, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, ids(maxItems(contract.RoleMute, "BannedUsers"))...)), Faithful: ok()}},
		{Name: "UserIds one over the maximum count is accepted", Op: op(contract.RoleCheckInGroup), Options: bound(contract.RoleCheckInGroup, "UserIds", more),
			Witness: Witness{Calls: seq(group(), call(contract.RoleCheckInGroup, "GroupId", "g1").list("UserIds", aliyun.ListRepeated, ids(maxItems(contract.RoleCheckInGroup, "UserIds")+1)...)), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "a message PageSize of exactly the maximum is refused", Op: op(lm), Options: bound(lm, "PageSize", func(p *contract.Param) { *p.Max-- }),
			Witness: Witness{Calls: seq(group(), messages().with(func(r *aliyun.Request) { r.Params["PageSize"] = n(maxInt(lm, "PageSize")) })), Faithful: ok()}},
		{Name: "a member PageSize one under the minimum is accepted", Op: op(lu), Options: bound(lu, "PageSize", func(p *contract.Param) { *p.Min-- }),
			Witness: Witness{Calls: seq(group(), groupUsers("1").with(func(r *aliyun.Request) { r.Params["PageSize"] = n(minInt(lu, "PageSize") - 1) })), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "Weight of exactly the maximum (1000000) is refused", Op: op(contract.RoleSendGroup), Options: bound(contract.RoleSendGroup, "Weight", func(p *contract.Param) { *p.Max-- }),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "Weight", n(maxInt(contract.RoleSendGroup, "Weight")))), Faithful: ok()}},
		{Name: "a group PageSize one over the maximum is accepted", Op: op(bp), Options: bound(bp, "PageSize", func(p *contract.Param) { *p.Max++ }),
			Witness: Witness{Calls: seq(byPage("PageSize", n(maxInt(bp, "PageSize")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "an AdminList one over the maximum count is accepted", Op: op(contract.RoleModifyGroup), Options: bound(contract.RoleModifyGroup, "AdminList", more),
			Witness: Witness{Calls: seq(group(), call(contract.RoleModifyGroup, "GroupId", "g1", "ModifyAdmin", "true").list("AdminList", aliyun.ListRepeated, ids(maxItems(contract.RoleModifyGroup, "AdminList")+1)...)), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "a user message Body of exactly the maximum size is refused", Op: op(contract.RoleSendUser), Options: bound(contract.RoleSendUser, "Body", shorter),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.RoleSendUser, "SenderId", "u2", "ReceiverId", "u1", "Body", id(maxLen(contract.RoleSendUser, "Body")))), Faithful: ok()}},
		{Name: "an AppName of exactly the maximum characters is refused", Op: op(contract.RoleCreateApp), Options: bound(contract.RoleCreateApp, "AppName", shorter),
			Witness: Witness{Calls: seq(call(contract.RoleCreateApp, "AppName", id(maxLen(contract.RoleCreateApp, "AppName")))), Faithful: ok()}},
		{Name: "a KickoffUser one byte over the maximum is accepted", Op: op(contract.RoleKick), Options: bound(contract.RoleKick, "KickoffUser", longer),
			Witness: Witness{Calls: seq(group(), call(contract.RoleKick, "GroupId", "g1", "KickoffUser", id(maxLen(contract.RoleKick, "KickoffUser")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "DeleteLiveMessageUserMessage without DeleterId is accepted", Op: op(contract.RoleDeleteUserMsg), Options: bound(contract.RoleDeleteUserMsg, "DeleterId", func(p *contract.Param) { p.Required, p.MissingInvalid = false, "" }),
			Witness: Witness{Calls: seq(call(contract.RoleDeleteUserMsg, "MessageId", "m1", "ReceiverId", "u1")), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "a UserMetaInfo one byte over the maximum is accepted", Op: op(contract.RoleModifyUserInfo), Options: bound(contract.RoleModifyUserInfo, "UserMetaInfo", longer),
			Witness: Witness{Calls: seq(call(contract.RoleModifyUserInfo, "UserId", "u1", "UserMetaInfo", id(maxLen(contract.RoleModifyUserInfo, "UserMetaInfo")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "an EventCallbackUrl with a port is accepted", Op: op(contract.RoleModifyAppCallback), Options: bound(contract.RoleModifyAppCallback, "EventCallbackUrl", func(p *contract.Param) { p.URL.AllowPort = true }),
			Witness: Witness{Calls: seq(call(contract.RoleModifyAppCallback, "EventCallbackUrl", "https://example.com:8443/cb")), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "recovering a GroupId of exactly the maximum length is refused as invalid", Op: op(contract.RoleRecoverGroup), Options: bound(contract.RoleRecoverGroup, "GroupId", shorter),
			Witness: Witness{Calls: seq(call(contract.RoleRecoverGroup, "GroupId", id(maxLen(contract.RoleRecoverGroup, "GroupId")))), Faithful: refused(contract.CodeResourceNotExist)}},
	}
}

func envelopeBreaks() []Provider {
	missing := describe("nosuch")
	return []Provider{
		{Name: "error answers without Recommend", Reply: dropKey("Recommend"), Witness: Witness{Calls: seq(missing), Faithful: Check{Has: "Recommend"}}},
		{Name: "error answers name Message ErrorMessage", Reply: renameKey("Message", "ErrorMessage"), Witness: Witness{Calls: seq(missing), Faithful: Check{Has: `"Message":`}}},
		{Name: "XML answers labelled application/json", Reply: func(x *Exchange) {
			if strings.HasPrefix(x.Header.Get("Content-Type"), "text/xml") {
				x.Header.Set("Content-Type", "application/json;charset=utf-8")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(xmlFormat)), Faithful: Check{Header: "Content-Type", HeaderValue: "text/xml"}}},
		{Name: "GET refused", Route: methodRefused(http.MethodGet), Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.Method = http.MethodGet })), Faithful: ok()}},
		{Name: "POST refused", Route: methodRefused(http.MethodPost), Witness: Witness{Calls: seq(describeApp()), Faithful: ok()}},
		{Name: "RequestId in lower case", Reply: func(x *Exchange) {
			x.Body = jsonRequestID.ReplaceAllFunc(x.Body, bytes.ToLower)
			x.Body = xmlRequestID.ReplaceAllFunc(x.Body, func(b []byte) []byte {
				return []byte(strings.ReplaceAll(strings.ToLower(string(b)), "requestid>", "RequestId>"))
			})
			x.Header.Set("X-Acs-Request-Id", strings.ToLower(x.Header.Get("X-Acs-Request-Id")))
		}, Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Func: func(_, last *aliyun.Response) error {
			if !requestIDFormat.MatchString(last.RequestID) {
				return fmt.Errorf("RequestId %q is not an upper-case UUID", last.RequestID)
			}
			return nil
		}}}},
		{Name: "successful answers without RequestId in the body", Reply: func(x *Exchange) {
			if x.Status == http.StatusOK {
				x.Body = xmlRequestID.ReplaceAll(jsonRequestIDField.ReplaceAll(x.Body, nil), nil)
			}
		}, Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Has: `"RequestId":`}}},
		{Name: "answers without x-acs-request-id", Reply: func(x *Exchange) { x.Header.Del("X-Acs-Request-Id") },
			Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Func: func(_, last *aliyun.Response) error {
				if last.Header.Get("X-Acs-Request-Id") == "" {
					return fmt.Errorf("no x-acs-request-id")
				}
				return nil
			}}}},
		{Name: "ResourceNotExist answered with status 400 by DescribeLiveMessageGroupBand", Op: op(contract.RoleDescribeBand), Reply: status(contract.RoleDescribeBand, contract.CodeResourceNotExist, http.StatusBadRequest),
			Witness: Witness{Calls: seq(call(contract.RoleDescribeBand, "GroupId", "nosuch")), Faithful: refused(contract.CodeResourceNotExist)}},
		{Name: "SignatureDoesNotMatch answered with status 403", Options: edited(func(c *contract.Contract) {
			ec, _ := c.Code(contract.CodeSignatureDoesNotMatch)
			ec.Status = http.StatusForbidden
		}), Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.TamperSignature = true })), Faithful: refused(contract.CodeSignatureDoesNotMatch)}},
	}
}

// jsonRequestIDField is the RequestId member of a JSON object with the
// comma that joins it to the next member, or else to the one before.
var jsonRequestIDField = regexp.MustCompile(`"RequestId":"[^"]*",|,?"RequestId":"[^"]*"`)

var requestIDFormat = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)

func authBreaks() []Provider {
	const margin = 30 * time.Second
	return []Provider{
		{Name: "a Timestamp just inside the allowed skew is refused", Options: []mock.Option{func(c *mock.Config) { c.MaxSkew = skew - 2*margin }},
			Witness: Witness{Calls: seq(describeApp().with(skewed(-skew + margin))), Faithful: ok()}},
		{Name: "a Timestamp just outside the allowed skew is accepted", Options: []mock.Option{func(c *mock.Config) { c.MaxSkew = skew + 2*margin }},
			Witness: Witness{Calls: seq(describeApp().with(skewed(-skew - margin))), Faithful: refused(contract.CodeInvalidTimeStampExpired)}},
		{Name: "a nonce reused by the same operation is accepted", Route: nonceReuse(true),
			Witness: Witness{Calls: seq(describeApp().with(nonce), describeApp().with(nonce)), Faithful: refused(contract.CodeSignatureNonceUsed)}},
		{Name: "a nonce reused by another operation is accepted", Route: nonceReuse(false),
			Witness: Witness{Calls: seq(describeApp().with(nonce), call(contract.RoleListApps, "SortType", "1").with(nonce)), Faithful: refused(contract.CodeSignatureNonceUsed)}},
		{Name: "an unknown AccessKeyId is accepted", Route: func(x *Exchange) {
			if id := x.Params.Get("AccessKeyId"); id != "" && id != mock.DefaultKeyID {
				x.Params.Set("AccessKeyId", mock.DefaultKeyID)
				x.Resign = true
			}
		}, Witness: Witness{Calls: seq(Call{Request: describeApp().Request, Key: &aliyun.Credentials{AccessKeyID: "LTAIunknownkey", AccessKeySecret: "unknown"}}), Faithful: refused(contract.CodeInvalidAccessKeyIdNotFound)}},
		{Name: "a signature that does not match is accepted", Route: func(x *Exchange) { x.Resign = true },
			Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.TamperSignature = true })), Faithful: refused(contract.CodeSignatureDoesNotMatch)}},
		{Name: "v3 signatures (ACS3-HMAC-SHA256) refused", Route: func(x *Exchange) {
			if strings.HasPrefix(x.ReqHeader.Get("Authorization"), "ACS3") {
				x.ReqHeader.Del("Authorization")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.Signature = aliyun.SignV3Version })), Faithful: ok()}},
		{Name: "SignatureVersion 2.0 accepted", Rewrite: func(_ string, p url.Values) {
			if p.Has("SignatureVersion") {
				p.Set("SignatureVersion", "1.0")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.Overrides["SignatureVersion"] = "2.0" })), Faithful: refused(contract.CodeInvalidSignatureMethod)}},
	}
}

func nonce(r *aliyun.Request) { r.Overrides["SignatureNonce"] = "{nonce}" }

// protocolValue fills a protocol parameter of a witness's call: "{nonce}"
// is the witness's nonce, "{now-16m0s}" a timestamp that far from now.
func protocolValue(s, nonce string) string {
	if s == "{nonce}" {
		return nonce
	}
	if d, found := strings.CutPrefix(s, "{now"); found {
		if off, err := time.ParseDuration(strings.TrimSuffix(d, "}")); err == nil {
			return time.Now().Add(off).UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	return s
}

// nonceReuse gives a reused nonce a fresh one, when it was first seen on
// the same operation (same) or on another.
func nonceReuse(same bool) func(*Exchange) {
	return func(x *Exchange) {
		n := x.Params.Get("SignatureNonce")
		if n == "" {
			return
		}
		first := x.Memo.Get("nonce/" + n)
		if first == "" {
			x.Memo.Set("nonce/"+n, x.Action)
			return
		}
		if (first == x.Action) == same {
			x.Params.Set("SignatureNonce", fresh())
		}
	}
}

func fresh() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// methodRefused answers a method as an unknown one (the emulator's
// InvalidApi.NotFound for a method other than GET and POST).
func methodRefused(m string) func(*Exchange) {
	return func(x *Exchange) {
		if x.Method == m {
			x.Method = http.MethodPut
		}
	}
}

// substitute sends the operation of role to as that of role from: the
// provider answers one and does the other.
func substitute(from, to string) func(*Exchange) {
	return func(x *Exchange) {
		if x.Action == op(from) && x.Params.Has("Action") {
			x.Params.Set("Action", op(to))
		}
	}
}

// rootOf renames the XML root of an answer from the substitute's
// operation to the one asked.
func rootOf(asked, done string) func(*Exchange) {
	return replyOn(asked, func(x *Exchange) {
		x.Body = bytes.ReplaceAll(x.Body, []byte(op(done)+"Response>"), []byte(op(asked)+"Response>"))
	})
}

// unbanAll lifts a whole-group mute by unmuting everybody.
func unbanAll(x *Exchange) {
	if x.Action == op(contract.RoleUnbanGroup) && x.Params.Has("Action") {
		x.Params.Set("Action", op(contract.RoleUnmute))
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
	case op(contract.RoleDeleteGroup):
		x.Memo.Set(groupKey(x.Params), "yes")
	case op(contract.RoleCreateGroup):
		x.Memo.Set(groupKey(x.Params), "")
	case op(contract.RoleRecoverGroup):
		x.Body = bytes.ReplaceAll(x.Body, []byte(op(contract.RoleDeleteGroup)+"Response>"), []byte(op(contract.RoleRecoverGroup)+"Response>"))
	}
}

// recoverNothing answers the recovery of a group it saw deleted with a
// second deletion, which answers the same fields and changes nothing.
func recoverNothing(x *Exchange) {
	if x.Action == op(contract.RoleRecoverGroup) && x.Memo.Get(groupKey(x.Params)) != "" {
		substitute(contract.RoleRecoverGroup, contract.RoleDeleteGroup)(x)
	}
}

// elsewhere points a parameter at another id of the same length bound,
// so the call is carried out on nothing.
func elsewhere(role, name string) func(string, url.Values) {
	return on(role, func(p url.Values) {
		if v := p.Get(name); v != "" {
			p.Set(name, other(v, param(role, name).MaxLength))
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
func echoBack(role, name string) func(*Exchange) {
	return replyOn(role, func(x *Exchange) {
		v := x.Params.Get(name)
		o := other(v, param(role, name).MaxLength)
		x.Body = bytes.ReplaceAll(x.Body, []byte(`"`+name+`":"`+o+`"`), []byte(`"`+name+`":"`+v+`"`))
		x.Body = bytes.ReplaceAll(x.Body, []byte(`<`+name+`>`+o+`<`), []byte(`<`+name+`>`+v+`<`))
	})
}

// members are the users in a group, from the emulator's admin API.
func members(x *Exchange) []string {
	resp, err := http.Get(x.Backend + "/_mock/groups/" + url.PathEscape(x.Params.Get("AppId")) + "/" + url.PathEscape(x.Params.Get("GroupId")) + "/members")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var out struct{ Members []string }
	if resp.StatusCode != http.StatusOK || decodeJSON(resp, &out) != nil {
		return nil
	}
	return out.Members
}

func prefixOf(users []string, id string) bool {
	for _, u := range users {
		if u != id && strings.HasPrefix(u, id) {
			return true
		}
	}
	return false
}

var (
	jsonPresence = regexp.MustCompile(`\{[^{}]*\}`)
	xmlPresence  = regexp.MustCompile(`<users>.*?</users>`)
	userIDValue  = regexp.MustCompile(`"UserId":"([^"]*)"|<UserId>([^<]*)</UserId>`)
)

// prefixInGroup answers a user as in the group when a member's id starts
// with it.
func prefixInGroup(x *Exchange) {
	if x.Status != http.StatusOK {
		return
	}
	ms := members(x)
	flip := func(b []byte) []byte {
		m := userIDValue.FindSubmatch(b)
		if m == nil || !prefixOf(ms, string(m[1])+string(m[2])) {
			return b
		}
		b = bytes.ReplaceAll(b, []byte(`"Online":false`), []byte(`"Online":true`))
		return bytes.ReplaceAll(b, []byte(`<Online>false</Online>`), []byte(`<Online>true</Online>`))
	}
	x.Body = jsonPresence.ReplaceAllFunc(x.Body, flip)
	x.Body = xmlPresence.ReplaceAllFunc(x.Body, flip)
}

// prefixKick kicks the first member whose id starts with the one named,
// when the one named is not a member.
func prefixKick(x *Exchange) {
	if x.Action != op(contract.RoleKick) {
		return
	}
	k := x.Params.Get("KickoffUser")
	ms := members(x)
	for _, m := range ms {
		if m == k {
			return
		}
	}
	for _, m := range ms {
		if strings.HasPrefix(m, k) {
			x.Params.Set("KickoffUser", m)
			return
		}
	}
}

// The building blocks the catalogue is written with: each makes the Route,
// Reply or emulator option of one kind of break, given the operation and
// the parameter or field it breaks.

// op is the operation that plays role.
func op(role string) string { return contract.Action(role) }

// on limits a parameter rewrite to one operation.
func on(role string, f func(p url.Values)) func(string, url.Values) {
	name := op(role)
	return func(action string, p url.Values) {
		if action == name {
			f(p)
		}
	}
}

// replyOn limits an answer rewrite to one operation ("" = every one).
func replyOn(role string, f func(x *Exchange)) func(*Exchange) {
	name := ""
	if role != "" {
		name = op(role)
	}
	return func(x *Exchange) {
		if name == "" || x.Action == name {
			f(x)
		}
	}
}

// swapParam sets a parameter to to when it is from.
func swapParam(role, name, from, to string) func(string, url.Values) {
	return on(role, func(p url.Values) {
		if p.Get(name) == from {
			p.Set(name, to)
		}
	})
}

// dropParam leaves a parameter out, in any list encoding.
func dropParam(role, name string) func(string, url.Values) {
	return on(role, func(p url.Values) {
		_, style := listOf(p, name)
		setList(p, name, nil, style)
	})
}

// shiftParam adds d to an integer parameter when keep allows the result.
func shiftParam(role, name string, d int64, keep func(n int64) bool) func(string, url.Values) {
	return on(role, func(p url.Values) {
		if n, err := strconv.ParseInt(p.Get(name), 10, 64); err == nil && keep(n+d) {
			p.Set(name, strconv.FormatInt(n+d, 10))
		}
	})
}

// The list encodings of a list parameter (docs/fidelity.md row 12).
const (
	styleNone = iota
	styleRepeated
	styleComma
	styleJSON
)

// listOf reads a list parameter and the encoding it came in.
func listOf(p url.Values, name string) ([]string, int) {
	if p.Has(name) {
		v := p.Get(name)
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			var items []string
			if json.Unmarshal([]byte(v), &items) == nil {
				return items, styleJSON
			}
		}
		return strings.Split(v, ","), styleComma
	}
	var items []string
	for i := 1; p.Has(name + "." + strconv.Itoa(i)); i++ {
		items = append(items, p.Get(name+"."+strconv.Itoa(i)))
	}
	if items == nil {
		return nil, styleNone
	}
	return items, styleRepeated
}

// setList writes a list parameter in an encoding (nil items: left out).
func setList(p url.Values, name string, items []string, style int) {
	p.Del(name)
	for i := 1; p.Has(name + "." + strconv.Itoa(i)); i++ {
		p.Del(name + "." + strconv.Itoa(i))
	}
	if items == nil {
		return
	}
	switch style {
	case styleRepeated:
		for i, it := range items {
			p.Set(name+"."+strconv.Itoa(i+1), it)
		}
	case styleJSON:
		b, _ := json.Marshal(items)
		p.Set(name, string(b))
	default:
		p.Set(name, strings.Join(items, ","))
	}
}

// firstOnly keeps the first item of a list sent in one encoding: the
// provider reads that encoding wrong.
func firstOnly(role, name string, style int) func(string, url.Values) {
	return on(role, func(p url.Values) {
		if items, st := listOf(p, name); st == style && len(items) > 1 {
			setList(p, name, items[:1], st)
		}
	})
}

// ignoreList leaves out a list sent in one encoding.
func ignoreList(role, name string, style int) func(string, url.Values) {
	return on(role, func(p url.Values) {
		if _, st := listOf(p, name); st == style {
			setList(p, name, nil, st)
		}
	})
}

// setBool turns a boolean field of an answer from one value to the
// other, in JSON and XML.
func setBool(role, field string, from bool) func(*Exchange) {
	j := regexp.MustCompile(`"` + field + `":` + strconv.FormatBool(from) + `\b`)
	x := regexp.MustCompile(`<` + field + `>` + strconv.FormatBool(from) + `</` + field + `>`)
	to := strconv.FormatBool(!from)
	return replyOn(role, func(e *Exchange) {
		e.Body = j.ReplaceAll(e.Body, []byte(`"`+field+`":`+to))
		e.Body = x.ReplaceAll(e.Body, []byte(`<`+field+`>`+to+`</`+field+`>`))
	})
}

// emptyList empties a list field of strings of an answer.
func emptyList(role, field string) func(*Exchange) {
	j := regexp.MustCompile(`"` + field + `":\[[^\]]*\]`)
	x := regexp.MustCompile(`<` + field + `>.*?</` + field + `>`)
	return replyOn(role, func(e *Exchange) {
		e.Body = j.ReplaceAll(e.Body, []byte(`"`+field+`":[]`))
		e.Body = x.ReplaceAll(e.Body, []byte(`<`+field+`></`+field+`>`))
	})
}

// number changes an integer field of an answer (quoted or not).
func number(role, field string, f func(n int64, body []byte) int64) func(*Exchange) {
	j := regexp.MustCompile(`("` + field + `":"?)(-?\d+)`)
	x := regexp.MustCompile(`(<` + field + `>)(-?\d+)`)
	return replyOn(role, func(e *Exchange) {
		for _, re := range []*regexp.Regexp{j, x} {
			body := e.Body
			e.Body = re.ReplaceAllFunc(e.Body, func(m []byte) []byte {
				sub := re.FindSubmatch(m)
				n, err := strconv.ParseInt(string(sub[2]), 10, 64)
				if err != nil {
					return m
				}
				return append(append([]byte(nil), sub[1]...), strconv.FormatInt(f(n, body), 10)...)
			})
		}
	})
}

// renameKey renames a key of error answers.
func renameKey(from, to string) func(*Exchange) {
	return func(e *Exchange) {
		if e.Status < http.StatusBadRequest {
			return
		}
		e.Body = []byte(strings.NewReplacer(`"`+from+`":`, `"`+to+`":`, `<`+from+`>`, `<`+to+`>`, `</`+from+`>`, `</`+to+`>`).Replace(string(e.Body)))
	}
}

// dropKey leaves a key out of error answers.
func dropKey(key string) func(*Exchange) {
	j := regexp.MustCompile(`,?"` + key + `":"[^"]*"`)
	x := regexp.MustCompile(`<` + key + `>[^<]*</` + key + `>`)
	return func(e *Exchange) {
		if e.Status < http.StatusBadRequest {
			return
		}
		e.Body = x.ReplaceAll(j.ReplaceAll(e.Body, nil), nil)
		e.Body = []byte(strings.Replace(string(e.Body), "{,", "{", 1))
	}
}

// status answers code with another HTTP status, on one operation.
func status(role, code string, to int) func(*Exchange) {
	return replyOn(role, func(e *Exchange) {
		if bytes := string(e.Body); strings.Contains(bytes, `"Code":"`+code+`"`) || strings.Contains(bytes, `<Code>`+code+`</Code>`) {
			e.Status = to
		}
	})
}

// edited is an emulator whose contract differs from the documented one
// as f changes it: a bound moved by one, a rule left out.
func edited(f func(c *contract.Contract)) []mock.Option {
	return []mock.Option{func(cfg *mock.Config) {
		c, err := contract.Parse("livemessage.graphql", contract.SDL())
		if err != nil {
			panic(fmt.Sprintf("breakage: %v", err))
		}
		f(c)
		cfg.Contract = c
	}}
}

// bound changes one parameter's constraints in the emulator's contract.
func bound(role, name string, f func(p *contract.Param)) []mock.Option {
	return edited(func(c *contract.Contract) {
		o, ok := c.Operation(op(role))
		if !ok {
			panic("breakage: no operation for " + role)
		}
		p, ok := o.Param(name)
		if !ok {
			panic("breakage: " + o.Name + " has no " + name)
		}
		f(p)
	})
}

// param is the documented constraint of a parameter.
func param(role, name string) *contract.Param {
	o, _ := contract.Default().Operation(op(role))
	p, ok := o.Param(name)
	if !ok {
		panic("breakage: " + o.Name + " has no " + name)
	}
	return p
}

// maxInt is a parameter's documented maximum.
func maxInt(role, name string) int64 { return *param(role, name).Max }

// minInt is a parameter's documented minimum.
func minInt(role, name string) int64 { return *param(role, name).Min }

// id is an id of n letters and digits.
func id(n int) string { return strings.Repeat("a", n) }

// ids are n distinct user ids.
func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "u" + strconv.Itoa(i+1)
	}
	return out
}

// The witnesses are written with these: a call of an operation by role,
// with its parameters as name, value pairs; AppId is the fresh app unless
// the operation names no app.
func call(role string, kv ...string) Call {
	c := Call{Request: aliyun.Request{Action: op(role), Params: map[string]string{}}}
	if role != contract.RoleCreateApp && role != contract.RoleListApps {
		c.Params["AppId"] = "{app}"
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c.Params[kv[i]] = kv[i+1]
	}
	return c
}

// list adds a list parameter in an encoding.
func (c Call) list(name string, style aliyun.ListStyle, items ...string) Call {
	if c.Lists == nil {
		c.Lists = map[string][]string{}
	}
	c.Lists[name] = items
	c.ListStyle = style
	return c
}

// with changes the request.
func (c Call) with(f func(r *aliyun.Request)) Call {
	c.Params = copyMap(c.Params)
	c.Overrides = copyMap(c.Overrides)
	f(&c.Request)
	return c
}

func copyMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func joined(users ...string) Call { return Call{Join: users} }

// group creates group g (g1 unless given).
func group(g ...string) Call {
	id := "g1"
	if len(g) > 0 {
		id = g[0]
	}
	return call(contract.RoleCreateGroup, "GroupId", id)
}

func groups(n int) []Call {
	out := make([]Call, n)
	for i := range out {
		out[i] = group("g" + strconv.Itoa(i+1))
	}
	return out
}

func send(tid string, kv ...string) Call {
	return call(contract.RoleSendGroup, append([]string{"GroupId", "g1", "SenderId", "u1", "Body", "hi", "MsgTid", tid}, kv...)...)
}

func band() Call { return call(contract.RoleDescribeBand, "GroupId", "g1") }

func describe(g string) Call { return call(contract.RoleDescribeGroup, "GroupId", g) }

func describeApp() Call { return call(contract.RoleDescribeApp) }

func messages(kv ...string) Call {
	return call(contract.RoleListMessages, append([]string{"GroupId", "g1", "SortType", "1", "PageSize", strconv.FormatInt(minInt(contract.RoleListMessages, "PageSize"), 10)}, kv...)...)
}

func seq(parts ...any) []Call {
	var out []Call
	for _, p := range parts {
		switch t := p.(type) {
		case Call:
			out = append(out, t)
		case []Call:
			out = append(out, t...)
		}
	}
	return out
}

// answers checks a faithful answer: success (or code, with its status)
// and a field's value.
func answers(field, value string) Check { return Check{Status: 200, Field: field, Value: value} }

func ok() Check { return Check{Status: 200} }

func refused(code string) Check {
	ec, found := contract.Default().Code(code)
	if !found {
		panic("breakage: no code " + code)
	}
	return Check{Status: ec.Status, Code: code}
}
