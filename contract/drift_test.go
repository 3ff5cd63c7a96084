package contract

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/live"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sdkV1 is SDK v1's view of every operation of the contract that it has,
// found by reflection on live.Client: the request and response types of the
// method of that name. The item types of list fields are the SDK's nested
// list structs; each list field of the contract must have one here.
func sdkV1(t *testing.T, c *Contract) map[string]SDKOp {
	t.Helper()
	items := map[string]map[string]reflect.Type{
		"DescribeLiveMessageGroup": {"AdminList": reflect.TypeOf(live.AdminListInDescribeLiveMessageGroup{})},
		"ListLiveMessageGroups": {
			"GroupList":           reflect.TypeOf(live.GroupListInListLiveMessageGroups{}),
			"GroupList.AdminList": reflect.TypeOf(live.AdminListInListLiveMessageGroups{}),
		},
		"ListLiveMessageGroupMessages": {"MessageList": reflect.TypeOf(live.MessageListInListLiveMessageGroupMessages{})},
		"ListLiveMessageApps":          {"AppList": reflect.TypeOf(live.AppListInListLiveMessageApps{})},
		"CheckLiveMessageUsersInGroup": {"Users": reflect.TypeOf(live.UsersInCheckLiveMessageUsersInGroup{})},
		"CheckLiveMessageUsersOnline":  {"UserList": reflect.TypeOf(live.UserListInCheckLiveMessageUsersOnline{})},
		"ListLiveMessageGroupUsers":    {"UserList": reflect.TypeOf(live.UserListInListLiveMessageGroupUsers{})},
		"ListLiveMessageGroupByPage": {
			"GroupList":           reflect.TypeOf(live.GroupListInListLiveMessageGroupByPage{}),
			"GroupList.AdminList": reflect.TypeOf(live.AdminListInListLiveMessageGroupByPage{}),
		},
		"ModifyLiveMessageUserInfo": {
			"SuccessList": reflect.TypeOf(live.SuccessList{}),
			"FailList":    reflect.TypeOf(live.FailList{}),
		},
		"DescribeLiveMessageGroupBand": {
			"BannedUserList":   reflect.TypeOf(live.BannedUserList{}),
			"UnbannedUserList": reflect.TypeOf(live.UnbannedUserList{}),
		},
	}
	client := reflect.TypeOf(&live.Client{})
	out := map[string]SDKOp{}
	for _, op := range c.Operations() {
		m, ok := client.MethodByName(op.Name)
		if !ok {
			continue // CompareSDK reports it
		}
		// func (*Client) Op(*OpRequest) (*OpResponse, error)
		require.Equal(t, 2, m.Type.NumIn(), "%s takes a request", op.Name)
		require.Equal(t, 2, m.Type.NumOut(), "%s answers a response and an error", op.Name)
		out[op.Name] = SDKOp{Request: m.Type.In(1), Response: m.Type.Out(0), Items: items[op.Name]}
	}
	return out
}

// TestDriftAgainstSDKv1 holds the contract against the official SDK v1
// (github.com/aliyun/alibaba-cloud-sdk-go services/live, as go.mod pins
// it): every difference fails unless the contract explains it with
// @sdkDrift, and an explanation with nothing to explain fails too.
func TestDriftAgainstSDKv1(t *testing.T) {
	c := Default()
	sdk := sdkV1(t, c)
	assert.Len(t, sdk, len(c.Operations()), "SDK v1 has every operation of the contract")
	for _, name := range familyOperations {
		assert.Contains(t, sdk, name, "the drift check holds %s against SDK v1", name)
	}
	r := c.CompareSDK(sdk)
	assert.Empty(t, r.Unexplained, "differences from SDK v1 the contract does not explain")
	assert.Empty(t, r.Stale, "@sdkDrift with nothing to explain")
	assert.True(t, r.Clean())
	// The known exceptions: fields the metadata documents and SDK v1.63.107 predates.
	assert.Equal(t, []string{
		"CheckLiveMessageUsersOnline: the SDK's response field UserList.UserInfo is not in the contract",
		"DescribeLiveMessageApp: the SDK's response field CallbackUrl is not in the contract",
		"DescribeLiveMessageGroup: response field SuperLargeGroup is not in the SDK's response",
		"ListLiveMessageGroupUsers: the SDK's response field UserList.Online is not in the contract",
		"SendLiveMessageGroup: response field MsgTid is not in the SDK's response",
		"SendLiveMessageUser: parameter HighReliability is not in the SDK's request",
		"SendLiveMessageUser: parameter Storage is not in the SDK's request",
		"SendLiveMessageUser: response field MsgTid is not in the SDK's response",
	}, stripReasons(r.Explained), "the explained differences")
	for _, e := range r.Explained {
		t.Logf("known drift: %s", e)
	}
}

// familyOperations are the 18 operations issue 14 added, verified page by
// page (docs/family-verification.md); the drift check must reach each one.
var familyOperations = []string{
	"BanLiveMessageGroup", "UnbanLiveMessageGroup", "ModifyLiveMessageGroupBand",
	"CheckLiveMessageUsersInGroup", "CheckLiveMessageUsersOnline", "DeleteLiveMessageGroupMessage",
	"DeleteLiveMessageUserMessage", "DescribeLiveMessageApp", "ListLiveMessageApps",
	"ListLiveMessageGroupByPage", "ListLiveMessageGroupUsers", "KickLiveMessageGroupUser",
	"ModifyLiveMessageAppAudit", "ModifyLiveMessageAppCallback", "ModifyLiveMessageAppDisable",
	"ModifyLiveMessageGroup", "SendLiveMessageUser", "ModifyLiveMessageUserInfo",
}

func stripReasons(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i], _, _ = strings.Cut(s, " (explained: ")
	}
	return out
}

// TestDriftCatchesChanges shows the drift check failing on a contract that
// departs from the SDK in each way it compares: a renamed response field, a
// renamed parameter, a list form, a kind, nesting, an XML item name, a lost
// or a stale exception.
func TestDriftCatchesChanges(t *testing.T) {
	tests := []struct {
		name      string
		old, repl string
		want      []string // unexplained differences (or stale exceptions), each a substring
		stale     bool
	}{
		{name: "response field renamed", old: "  Createtime: UnixSeconds!\n  GroupName: String!\n  GroupInfo: String!\n  Delete: Boolean!\n  \"[meta]: super",
			repl: "  CreateTime: UnixSeconds!\n  GroupName: String!\n  GroupInfo: String!\n  Delete: Boolean!\n  \"[meta]: super",
			want: []string{"DescribeLiveMessageGroup: response field CreateTime is not in the SDK's response", "DescribeLiveMessageGroup: the SDK's response field Createtime is not in the contract"}},
		{name: "nested field renamed", old: "type MessageSender {\n  UserId: String!", repl: "type MessageSender {\n  UserID: String!",
			want: []string{"ListLiveMessageGroupMessages: response field MessageList.Sender.UserID is not in the SDK's response", "the SDK's response field MessageList.Sender.UserId is not in the contract"}},
		{name: "parameter renamed", old: "    OperatorId: String @maxLength(bytes: 64)", repl: "    OperatorID: String @maxLength(bytes: 64)",
			want: []string{"DeleteLiveMessageGroup: parameter OperatorID is not in the SDK's request", "DeleteLiveMessageGroup: the SDK's parameter OperatorId is not in the contract"}},
		{name: "list parameter made a scalar", old: "BannedUsers: [String!]! @maxItems(n: 30) @maxLength", repl: "BannedUsers: String! @maxLength",
			want: []string{"AddLiveMessageGroupBand: parameter BannedUsers is a list in the SDK and a scalar in the contract"}},
		{name: "parameter kind", old: "    NoCache: Boolean\n", repl: "    NoCache: String\n",
			want: []string{"SendLiveMessageGroup: parameter NoCache is bool in the SDK and string in the contract"}},
		{name: "response kind", old: "  TotalTimes: Long @optional", repl: "  TotalTimes: String @optional",
			want: []string{"DescribeLiveMessageGroup: response field TotalTimes is int64 in the SDK and string in the contract"}},
		{name: "int32 for an int64", old: "  SeqNumber: Long!", repl: "  SeqNumber: Int!",
			want: []string{"ListLiveMessageGroupMessages: response field MessageList.SeqNumber is int64 in the SDK and int32 in the contract"}},
		{name: "list field made a scalar", old: "  AdminList: [String!]! @xmlItem(name: \"Admins\")\n}\n\ntype GroupSummary", repl: "  AdminList: String!\n}\n\ntype GroupSummary",
			want: []string{"DescribeLiveMessageGroup: response field AdminList is a list in the SDK and a scalar in the contract"}},
		{name: "XML item name", old: `@xmlItem(name: "BannedUsers")`, repl: `@xmlItem(name: "item")`,
			want: []string{"DescribeLiveMessageGroupBand: the items of BannedUserList are BannedUsers in the SDK and item in the contract (@xmlItem)"}},
		{name: "family parameter respelt", old: "    BannnedUsers: [String!] @maxItems(n: 30)", repl: "    BannedUsers: [String!] @maxItems(n: 30)",
			want: []string{"ModifyLiveMessageGroupBand: parameter BannedUsers is not in the SDK's request", "ModifyLiveMessageGroupBand: the SDK's parameter BannnedUsers is not in the contract"}},
		{name: "family list made a scalar", old: "    ExceptUsers: [String!] @maxItems(n: 30) @maxLength(bytes: 64) @pattern(regex: \"^[A-Za-z0-9]+$\", says: \"letters and digits only\")\n    DataCenter: String @oneOf(values: [\"cn-shanghai\", \"ap-southeast-1\"])\n  ): BanLiveMessageGroupResult",
			repl: "    ExceptUsers: String\n    DataCenter: String @oneOf(values: [\"cn-shanghai\", \"ap-southeast-1\"])\n  ): BanLiveMessageGroupResult",
			want: []string{"BanLiveMessageGroup: parameter ExceptUsers is a list in the SDK and a scalar in the contract"}},
		{name: "family response kind", old: "  \"The failure's code (an integer).\"\n  Code: Int!", repl: "  \"The failure's code (an integer).\"\n  Code: String!",
			want: []string{"ModifyLiveMessageUserInfo: response field FailList.Code is int32 in the SDK and string in the contract"}},
		{name: "family XML item name", old: `@xmlItem(name: "SuccessGroups")`, repl: `@xmlItem(name: "Success")`,
			want: []string{"ModifyLiveMessageUserInfo: the items of SuccessList are SuccessGroups in the SDK and Success in the contract (@xmlItem)"}},
		{name: "exception removed", old: `  SuperLargeGroup: Boolean! @sdkDrift(`, repl: `  SuperLargeGroup: Boolean! @deprecated(`,
			want: []string{"DescribeLiveMessageGroup: response field SuperLargeGroup is not in the SDK's response"}},
		{name: "stale exception", old: "  AppKey: String!", repl: `  AppKey: String! @sdkDrift(reason: "none really")`,
			want: []string{"CreateLiveMessageApp: @sdkDrift on field AppKey explains no difference"}, stale: true},
		{name: "stale sdkOnly", old: `    @ram(action: "live:DeleteLiveMessageGroup"`, repl: `    @sdkDrift(reason: "r", sdkOnly: ["Nope"])
    @ram(action: "live:DeleteLiveMessageGroup"`,
			want: []string{"DeleteLiveMessageGroup: @sdkDrift(sdkOnly:) names Nope"}, stale: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, _ := mutateSDL(t, tc.old, tc.repl)
			c, err := Parse("changed.graphql", src)
			require.NoError(t, err, "the changed contract still loads")
			r := c.CompareSDK(sdkV1(t, c))
			assert.False(t, r.Clean(), "the drift check must fail")
			got := r.Unexplained
			if tc.stale {
				got = r.Stale
			}
			for _, w := range tc.want {
				assert.True(t, containsSub(got, w), "want %q among %q", w, got)
			}
		})
	}
}

// TestDriftExceptionExplains: an operation-level @sdkDrift(sdkOnly:)
// explains an SDK parameter the contract leaves out on purpose.
func TestDriftExceptionExplains(t *testing.T) {
	src, _ := mutateSDL(t, "    OperatorId: String @maxLength(bytes: 64) @pattern(regex: \"^[A-Za-z0-9]+$\", says: \"letters and digits only\")\n", "")
	src = strings.Replace(src, `    @ram(action: "live:DeleteLiveMessageGroup"`, `    @sdkDrift(reason: "not needed here", sdkOnly: ["OperatorId"])
    @ram(action: "live:DeleteLiveMessageGroup"`, 1)
	c, err := Parse("changed.graphql", src)
	require.NoError(t, err)
	r := c.CompareSDK(sdkV1(t, c))
	assert.True(t, r.Clean(), "%q %q", r.Unexplained, r.Stale)
	assert.True(t, containsSub(r.Explained, "DeleteLiveMessageGroup: the SDK's parameter OperatorId is not in the contract (explained: OperatorId left out on purpose: not needed here)"), "%q", r.Explained)
}

// TestDriftMissingOperation: an operation the SDK lacks is a difference.
func TestDriftMissingOperation(t *testing.T) {
	c := Default()
	sdk := sdkV1(t, c)
	delete(sdk, "SendLiveMessageGroup")
	r := c.CompareSDK(sdk)
	assert.Contains(t, r.Unexplained, "SendLiveMessageGroup: the SDK has no such operation")
	assert.Contains(t, r.Stale, "SendLiveMessageGroup: @sdkDrift on field MsgTid explains no difference")
}

func containsSub(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
