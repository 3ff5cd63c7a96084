package breakage

import (
	"fmt"
	"strconv"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// boundaryBreaks break the boundaries: an emulator whose contract has one
// bound moved by one.
func boundaryBreaks() []Provider {
	longer := func(p *contract.Param) { p.MaxLength++ }
	shorter := func(p *contract.Param) { p.MaxLength-- }
	more := func(p *contract.Param) { p.MaxItems++ }
	fewer := func(p *contract.Param) { p.MaxItems-- }
	maxLen := func(action, name string) int { return param(action, name).MaxLength }
	maxItems := func(action, name string) int { return param(action, name).MaxItems }
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	lm, lu, bp := contract.OpListLiveMessageGroupMessages, contract.OpListLiveMessageGroupUsers, contract.OpListLiveMessageGroupByPage
	return []Provider{
		{Name: "a GroupId of exactly the maximum length is refused at creation", Op: contract.OpCreateLiveMessageGroup, Options: bound(contract.OpCreateLiveMessageGroup, "GroupId", shorter),
			Witness: Witness{Calls: seq(group(id(maxLen(contract.OpCreateLiveMessageGroup, "GroupId")))), Faithful: ok()}},
		{Name: "a SenderId one byte over the maximum is accepted", Op: contract.OpSendLiveMessageGroup, Options: bound(contract.OpSendLiveMessageGroup, "SenderId", longer),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "SenderId", id(maxLen(contract.OpSendLiveMessageGroup, "SenderId")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "BannedUsers of exactly the maximum count is refused", Op: contract.OpAddLiveMessageGroupBand, Options: bound(contract.OpAddLiveMessageGroupBand, "BannedUsers", fewer),
			Witness: Witness{Calls: seq(group(), call(contract.OpAddLiveMessageGroupBand, "GroupId", "g1").list("BannedUsers", aliyun.ListRepeated, ids(maxItems(contract.OpAddLiveMessageGroupBand, "BannedUsers"))...)), Faithful: ok()}},
		{Name: "UserIds one over the maximum count is accepted", Op: contract.OpCheckLiveMessageUsersInGroup, Options: bound(contract.OpCheckLiveMessageUsersInGroup, "UserIds", more),
			Witness: Witness{Calls: seq(group(), call(contract.OpCheckLiveMessageUsersInGroup, "GroupId", "g1").list("UserIds", aliyun.ListRepeated, ids(maxItems(contract.OpCheckLiveMessageUsersInGroup, "UserIds")+1)...)), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "a message PageSize of exactly the maximum is refused", Op: lm, Options: bound(lm, "PageSize", func(p *contract.Param) { *p.Max-- }),
			Witness: Witness{Calls: seq(group(), messages().with(func(r *aliyun.Request) { r.Params["PageSize"] = n(maxInt(lm, "PageSize")) })), Faithful: ok()}},
		{Name: "a member PageSize one under the minimum is accepted", Op: lu, Options: bound(lu, "PageSize", func(p *contract.Param) { *p.Min-- }),
			Witness: Witness{Calls: seq(group(), groupUsers("1").with(func(r *aliyun.Request) { r.Params["PageSize"] = n(minInt(lu, "PageSize") - 1) })), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "Weight of exactly the maximum (1000000) is refused", Op: contract.OpSendLiveMessageGroup, Options: bound(contract.OpSendLiveMessageGroup, "Weight", func(p *contract.Param) { *p.Max-- }),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "Weight", n(maxInt(contract.OpSendLiveMessageGroup, "Weight")))), Faithful: ok()}},
		{Name: "a group PageSize one over the maximum is accepted", Op: bp, Options: bound(bp, "PageSize", func(p *contract.Param) { *p.Max++ }),
			Witness: Witness{Calls: seq(byPage("PageSize", n(maxInt(bp, "PageSize")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "an AdminList one over the maximum count is accepted", Op: contract.OpModifyLiveMessageGroup, Options: bound(contract.OpModifyLiveMessageGroup, "AdminList", more),
			Witness: Witness{Calls: seq(group(), call(contract.OpModifyLiveMessageGroup, "GroupId", "g1", "ModifyAdmin", "true").list("AdminList", aliyun.ListRepeated, ids(maxItems(contract.OpModifyLiveMessageGroup, "AdminList")+1)...)), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "a user message Body of exactly the maximum size is refused", Op: contract.OpSendLiveMessageUser, Options: bound(contract.OpSendLiveMessageUser, "Body", shorter),
			Witness: Witness{Calls: seq(group(), joined("u1"), call(contract.OpSendLiveMessageUser, "SenderId", "u2", "ReceiverId", "u1", "Body", id(maxLen(contract.OpSendLiveMessageUser, "Body")))), Faithful: ok()}},
		{Name: "an AppName of exactly the maximum characters is refused", Op: contract.OpCreateLiveMessageApp, Options: bound(contract.OpCreateLiveMessageApp, "AppName", shorter),
			Witness: Witness{Calls: seq(call(contract.OpCreateLiveMessageApp, "AppName", id(maxLen(contract.OpCreateLiveMessageApp, "AppName")))), Faithful: ok()}},
		{Name: "a KickoffUser one byte over the maximum is accepted", Op: contract.OpKickLiveMessageGroupUser, Options: bound(contract.OpKickLiveMessageGroupUser, "KickoffUser", longer),
			Witness: Witness{Calls: seq(group(), call(contract.OpKickLiveMessageGroupUser, "GroupId", "g1", "KickoffUser", id(maxLen(contract.OpKickLiveMessageGroupUser, "KickoffUser")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "DeleteLiveMessageUserMessage without DeleterId is accepted", Op: contract.OpDeleteLiveMessageUserMessage, Options: bound(contract.OpDeleteLiveMessageUserMessage, "DeleterId", func(p *contract.Param) { p.Required, p.MissingInvalid = false, "" }),
			Witness: Witness{Calls: seq(call(contract.OpDeleteLiveMessageUserMessage, "MessageId", "m1", "ReceiverId", "u1")), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "a UserMetaInfo one byte over the maximum is accepted", Op: contract.OpModifyLiveMessageUserInfo, Options: bound(contract.OpModifyLiveMessageUserInfo, "UserMetaInfo", longer),
			Witness: Witness{Calls: seq(call(contract.OpModifyLiveMessageUserInfo, "UserId", "u1", "UserMetaInfo", id(maxLen(contract.OpModifyLiveMessageUserInfo, "UserMetaInfo")+1))), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "an EventCallbackUrl with a port is accepted", Op: contract.OpModifyLiveMessageAppCallback, Options: bound(contract.OpModifyLiveMessageAppCallback, "EventCallbackUrl", func(p *contract.Param) { p.URL.AllowPort = true }),
			Witness: Witness{Calls: seq(call(contract.OpModifyLiveMessageAppCallback, "EventCallbackUrl", "https://example.com:8443/cb")), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: "recovering a GroupId of exactly the maximum length is refused as invalid", Op: contract.OpRecoverLiveMessageDeletedGroup, Options: bound(contract.OpRecoverLiveMessageDeletedGroup, "GroupId", shorter),
			Witness: Witness{Calls: seq(call(contract.OpRecoverLiveMessageDeletedGroup, "GroupId", id(maxLen(contract.OpRecoverLiveMessageDeletedGroup, "GroupId")))), Faithful: refused(contract.CodeResourceNotExist)}},
	}
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
func bound(action, name string, f func(p *contract.Param)) []mock.Option {
	return edited(func(c *contract.Contract) {
		o, ok := c.Operation(action)
		if !ok {
			panic("breakage: no operation " + action)
		}
		p, ok := o.Param(name)
		if !ok {
			panic("breakage: " + o.Name + " has no " + name)
		}
		f(p)
	})
}

// param is the documented constraint of a parameter.
func param(action, name string) *contract.Param {
	o, _ := contract.Default().Operation(action)
	p, ok := o.Param(name)
	if !ok {
		panic("breakage: " + o.Name + " has no " + name)
	}
	return p
}

// maxInt is a parameter's documented maximum.
func maxInt(action, name string) int64 { return *param(action, name).Max }

// minInt is a parameter's documented minimum.
func minInt(action, name string) int64 { return *param(action, name).Min }
