package contract

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validParams returns parameters that satisfy every constraint of the
// operation, so a case that changes one of them fails for that one only.
func validParams(op string) Params {
	base := Params{"AppId": {"app1"}, "GroupId": {"group1"}}
	switch op {
	case "CreateLiveMessageApp":
		return Params{"AppName": {"myapp"}}
	case "CreateLiveMessageGroup":
		base["CreatorId"] = []string{"creator1"}
	case "ListLiveMessageGroups":
		return Params{"AppId": {"app1"}, "SortType": {"1"}}
	case "ListLiveMessageGroupMessages":
		base["SortType"] = []string{"2"}
		base["PageSize"] = []string{"20"}
	case "AddLiveMessageGroupBand":
		base["BannedUsers"] = []string{"u1"}
	case "RemoveLiveMessageGroupBand":
		base["UnbannedUsers"] = []string{"u1"}
	case "SendLiveMessageGroup":
		base["SenderId"] = []string{"sender1"}
		base["MsgType"] = []string{"1"}
	default:
		// The rest of the family: the contract's own minimal request.
		o, _ := Default().Operation(op)
		set := map[string]string{"AppId": "app1"}
		if _, ok := o.Param("GroupId"); ok {
			set["GroupId"] = "group1"
		}
		params, lists := o.Minimal(set)
		out := Params{}
		for k, v := range params {
			out[k] = []string{v}
		}
		for k, v := range lists {
			out[k] = v
		}
		return out
	}
	return base
}

func users(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "user" + strconv.Itoa(i)
	}
	return out
}

func TestValidParamsAreValid(t *testing.T) {
	c := Default()
	for _, name := range allOperations {
		t.Run(name, func(t *testing.T) {
			err := c.Validate(mustOp(t, name), validParams(name))
			assert.Nil(t, err, "the base parameters of %s should be valid", name)
		})
	}
}

// TestConstraintGuards fails when a constraint vanishes from the SDL: each
// case changes one parameter of a valid request.
func TestConstraintGuards(t *testing.T) {
	c := Default()
	letters64 := strings.Repeat("a", 64)
	tests := []struct {
		name   string
		op     string
		set    Params   // parameters to set over the valid ones
		del    []string // parameters to leave out
		code   string   // "" = valid
		status int
		param  string // the parameter the message must name
	}{
		{name: "OperatorId 65 bytes", op: "DeleteLiveMessageGroup", set: Params{"OperatorId": {letters64 + "a"}}, code: "InputInvalid", param: "OperatorId"},
		{name: "OperatorId with dash", op: "DeleteLiveMessageGroup", set: Params{"OperatorId": {"op-1"}}, code: "InputInvalid", param: "OperatorId"},
		{name: "OperatorId 64 letters", op: "DeleteLiveMessageGroup", set: Params{"OperatorId": {letters64}}},
		{name: "OperatorId multibyte", op: "DeleteLiveMessageGroup", set: Params{"OperatorId": {"é"}}, code: "InputInvalid", param: "OperatorId"},
		{name: "DataCenter eu-west-1", op: "DeleteLiveMessageGroup", set: Params{"DataCenter": {"eu-west-1"}}, code: "InputInvalid", param: "DataCenter"},
		{name: "DataCenter upper case", op: "RecoverLiveMessageDeletedGroup", set: Params{"DataCenter": {"CN-SHANGHAI"}}, code: "InputInvalid", param: "DataCenter"},
		{name: "DataCenter cn-shanghai", op: "DeleteLiveMessageGroup", set: Params{"DataCenter": {"cn-shanghai"}}},
		{name: "DataCenter ap-southeast-1", op: "RemoveLiveMessageGroupBand", set: Params{"DataCenter": {"ap-southeast-1"}}},
		{name: "UnbannedUsers 31 items", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": users(31)}, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "UnbannedUsers 30 items", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": users(30)}},
		{name: "UnbannedUsers wildcard", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": {"*"}}},
		{name: "UnbannedUsers wildcard and user", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": {"*", "a"}}, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "UnbannedUsers user and wildcard", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": {"a", "*"}}, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "UnbannedUsers item with dash", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": {"a", "b-c"}}, code: "InputInvalid", param: "UnbannedUsers.2"},
		{name: "UnbannedUsers item 65 bytes", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": {letters64 + "a"}}, code: "InputInvalid", param: "UnbannedUsers.1"},
		{name: "UnbannedUsers empty item", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": {"a", ""}}, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "UnbannedUsers no items", op: "RemoveLiveMessageGroupBand", set: Params{"UnbannedUsers": {}}, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "BannedUsers 31 items", op: "AddLiveMessageGroupBand", set: Params{"BannedUsers": users(31)}, code: "InputInvalid", param: "BannedUsers"},
		{name: "missing AppId", op: "RemoveLiveMessageGroupBand", del: []string{"AppId"}, code: "MissingAppId", status: 400},
		{name: "empty AppId", op: "DeleteLiveMessageGroup", set: Params{"AppId": {""}}, code: "MissingAppId", status: 400},
		{name: "missing UnbannedUsers", op: "RemoveLiveMessageGroupBand", del: []string{"UnbannedUsers"}, code: "MissingUnbannedUsers", status: 400},
		// No bound on AppId is documented ([meta]: "The application ID."): none is invented.
		{name: "AppId 65 bytes", op: "DeleteLiveMessageGroup", set: Params{"AppId": {letters64 + "a"}}},
		{name: "GroupId with space", op: "RecoverLiveMessageDeletedGroup", set: Params{"GroupId": {"group 1"}}, code: "InputInvalid", param: "GroupId"},
		{name: "GroupId with newline", op: "DeleteLiveMessageGroup", set: Params{"GroupId": {"group1\n"}}, code: "InputInvalid", param: "GroupId"},
		{name: "GroupId 65 bytes", op: "RemoveLiveMessageGroupBand", set: Params{"GroupId": {letters64 + "a"}}, code: "InputInvalid", param: "GroupId"},
		{name: "PageSize 9", op: "ListLiveMessageGroupMessages", set: Params{"PageSize": {"9"}}, code: "InputInvalid", param: "PageSize"},
		{name: "PageSize 51", op: "ListLiveMessageGroupMessages", set: Params{"PageSize": {"51"}}, code: "InputInvalid", param: "PageSize"},
		{name: "PageSize 10", op: "ListLiveMessageGroupMessages", set: Params{"PageSize": {"10"}}},
		{name: "PageSize 50", op: "ListLiveMessageGroupMessages", set: Params{"PageSize": {"50"}}},
		{name: "PageSize not a number", op: "ListLiveMessageGroupMessages", set: Params{"PageSize": {"ten"}}, code: "InputInvalid", param: "PageSize"},
		{name: "SortType 3 groups", op: "ListLiveMessageGroups", set: Params{"SortType": {"3"}}, code: "InputInvalid", param: "SortType"},
		{name: "SortType 3 messages", op: "ListLiveMessageGroupMessages", set: Params{"SortType": {"3"}}, code: "InputInvalid", param: "SortType"},
		{name: "SortType 0", op: "ListLiveMessageGroups", set: Params{"SortType": {"0"}}, code: "InputInvalid", param: "SortType"},
		{name: "GroupStatus 3", op: "ListLiveMessageGroups", set: Params{"GroupStatus": {"3"}}, code: "InputInvalid", param: "GroupStatus"},
		{name: "NextPageToken negative", op: "ListLiveMessageGroupMessages", set: Params{"NextPageToken": {"-1"}}, code: "InputInvalid", param: "NextPageToken"},
		{name: "Int overflow", op: "ListLiveMessageGroups", set: Params{"SortType": {"2147483648"}}, code: "InputInvalid", param: "SortType"},
		// ListLiveMessageGroups: empty or -1 is the first page ([doc], [meta]).
		{name: "groups NextPageToken -1", op: "ListLiveMessageGroups", set: Params{"NextPageToken": {"-1"}}},
		{name: "groups NextPageToken empty", op: "ListLiveMessageGroups", set: Params{"NextPageToken": {""}}},
		{name: "groups NextPageToken -2", op: "ListLiveMessageGroups", set: Params{"NextPageToken": {"-2"}}, code: "InputInvalid", param: "NextPageToken"},
		{name: "groups NextPageToken int64", op: "ListLiveMessageGroups", set: Params{"NextPageToken": {"2147483648"}}},
		{name: "Long beyond Int", op: "ListLiveMessageGroupMessages", set: Params{"BeginTime": {"2147483648000"}}},
		{name: "AppName 1 char", op: "CreateLiveMessageApp", set: Params{"AppName": {"a"}}, code: "InputInvalid", param: "AppName"},
		{name: "AppName 17 chars", op: "CreateLiveMessageApp", set: Params{"AppName": {strings.Repeat("a", 17)}}, code: "InputInvalid", param: "AppName"},
		{name: "AppName 2 chars", op: "CreateLiveMessageApp", set: Params{"AppName": {"ab"}}},
		{name: "AppName 16 chars", op: "CreateLiveMessageApp", set: Params{"AppName": {strings.Repeat("a", 16)}}},
		// The docs count AppName in characters, not bytes.
		{name: "AppName 16 Chinese chars (48 bytes)", op: "CreateLiveMessageApp", set: Params{"AppName": {strings.Repeat("直", 16)}}},
		{name: "AppName 17 Chinese chars", op: "CreateLiveMessageApp", set: Params{"AppName": {strings.Repeat("直", 17)}}, code: "InputInvalid", param: "AppName"},
		{name: "AppName 1 char of 2 bytes", op: "CreateLiveMessageApp", set: Params{"AppName": {"é"}}, code: "InputInvalid", param: "AppName"},
		{name: "MsgLifeCycle 3", op: "CreateLiveMessageApp", set: Params{"MsgLifeCycle": {"3"}}, code: "InputInvalid", param: "MsgLifeCycle"},
		{name: "Administrators 4", op: "CreateLiveMessageGroup", set: Params{"Administrators": users(4)}, code: "InputInvalid", param: "Administrators"},
		{name: "Administrators 3", op: "CreateLiveMessageGroup", set: Params{"Administrators": users(3)}},
		{name: "CreatorId missing", op: "CreateLiveMessageGroup", del: []string{"CreatorId"}},
		{name: "CreatorId with dash", op: "CreateLiveMessageGroup", set: Params{"CreatorId": {"c-1"}}, code: "InputInvalid", param: "CreatorId"},
		{name: "AppName missing", op: "CreateLiveMessageApp", del: []string{"AppName"}},
		{name: "AuditType 2 with AuditUrl", op: "CreateLiveMessageApp", set: Params{"AuditType": {"2"}, "AuditUrl": {"https://audit.example.com/check"}}},
		{name: "AuditType 2 without AuditUrl", op: "CreateLiveMessageApp", set: Params{"AuditType": {"2"}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditType 2 with empty AuditUrl", op: "CreateLiveMessageApp", set: Params{"AuditType": {"2"}, "AuditUrl": {""}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditType 1 without AuditUrl", op: "CreateLiveMessageApp", set: Params{"AuditType": {"1"}}},
		{name: "AuditType 3", op: "CreateLiveMessageApp", set: Params{"AuditType": {"3"}}, code: "InputInvalid", param: "AuditType"},
		{name: "AuditUrl ftp", op: "CreateLiveMessageApp", set: Params{"AuditUrl": {"ftp://audit.example.com/"}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditUrl without scheme", op: "CreateLiveMessageApp", set: Params{"AuditUrl": {"audit.example.com/x"}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditUrl upper-case scheme", op: "CreateLiveMessageApp", set: Params{"AuditUrl": {"HTTP://audit.example.com/x"}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditUrl with port", op: "CreateLiveMessageApp", set: Params{"AuditUrl": {"http://audit.example.com:8080/x"}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditUrl with empty port", op: "CreateLiveMessageApp", set: Params{"AuditUrl": {"http://audit.example.com:/x"}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditUrl private IP", op: "CreateLiveMessageApp", set: Params{"AuditUrl": {"http://192.168.1.10/x"}}, code: "InputInvalid", param: "AuditUrl"},
		{name: "AuditUrl public IP", op: "CreateLiveMessageApp", set: Params{"AuditUrl": {"http://203.0.113.7/x"}}},
		{name: "EventCallbackUrl 10/8", op: "CreateLiveMessageApp", set: Params{"EventCallbackUrl": {"https://10.0.0.1/cb"}}, code: "InputInvalid", param: "EventCallbackUrl"},
		{name: "EventCallbackUrl loopback", op: "CreateLiveMessageApp", set: Params{"EventCallbackUrl": {"http://127.0.0.1/cb"}}, code: "InputInvalid", param: "EventCallbackUrl"},
		{name: "EventCallbackUrl IPv6 unique local", op: "CreateLiveMessageApp", set: Params{"EventCallbackUrl": {"http://[fd00::1]/cb"}}, code: "InputInvalid", param: "EventCallbackUrl"},
		{name: "EventCallbackUrl mapped private", op: "CreateLiveMessageApp", set: Params{"EventCallbackUrl": {"http://[::ffff:172.16.0.1]/cb"}}, code: "InputInvalid", param: "EventCallbackUrl"},
		// No length bound on the URLs is documented: none is invented.
		{name: "EventCallbackUrl 2000 bytes", op: "CreateLiveMessageApp", set: Params{"EventCallbackUrl": {"https://cb.example.com/" + strings.Repeat("a", 2000)}}},
		{name: "GroupName 129 bytes", op: "CreateLiveMessageGroup", set: Params{"GroupName": {strings.Repeat("a", 129)}}, code: "InputInvalid", param: "GroupName"},
		{name: "GroupInfo 32769 bytes", op: "CreateLiveMessageGroup", set: Params{"GroupInfo": {strings.Repeat("a", 32769)}}, code: "InputInvalid", param: "GroupInfo"},
		{name: "Body 15361 bytes", op: "SendLiveMessageGroup", set: Params{"Body": {strings.Repeat("a", 15361)}}, code: "InputInvalid", param: "Body"},
		{name: "Body 15360 bytes", op: "SendLiveMessageGroup", set: Params{"Body": {strings.Repeat("a", 15360)}}},
		{name: "Body 5121 three-byte runes", op: "SendLiveMessageGroup", set: Params{"Body": {strings.Repeat("消", 5121)}}, code: "InputInvalid", param: "Body"},
		{name: "SenderMetaInfo 513 bytes", op: "SendLiveMessageGroup", set: Params{"SenderMetaInfo": {strings.Repeat("a", 513)}}, code: "InputInvalid", param: "SenderMetaInfo"},
		{name: "MsgType abc", op: "SendLiveMessageGroup", set: Params{"MsgType": {"abc"}}, code: "InputInvalid", param: "MsgType"},
		{name: "MsgType negative", op: "SendLiveMessageGroup", set: Params{"MsgType": {"-1"}}, code: "InputInvalid", param: "MsgType"},
		{name: "NoStorage yes", op: "SendLiveMessageGroup", set: Params{"NoStorage": {"yes"}}, code: "InputInvalid", param: "NoStorage"},
		{name: "NoStorage TRUE", op: "SendLiveMessageGroup", set: Params{"NoStorage": {"TRUE"}}},
		{name: "MsgType missing", op: "SendLiveMessageGroup", del: []string{"MsgType"}},
		{name: "Weight 1 (likes)", op: "SendLiveMessageGroup", set: Params{"Weight": {"1"}}},
		{name: "Weight 5 (chat)", op: "SendLiveMessageGroup", set: Params{"Weight": {"5"}}},
		{name: "Weight 11", op: "SendLiveMessageGroup", set: Params{"Weight": {"11"}}},
		{name: "Weight 1000000 (gifts)", op: "SendLiveMessageGroup", set: Params{"Weight": {"1000000"}}},
		{name: "Weight 1000001", op: "SendLiveMessageGroup", set: Params{"Weight": {"1000001"}}, code: "InputInvalid", param: "Weight"},
		{name: "Weight 0", op: "SendLiveMessageGroup", set: Params{"Weight": {"0"}}, code: "InputInvalid", param: "Weight"},
		{name: "SenderId missing", op: "SendLiveMessageGroup", del: []string{"SenderId"}, code: "MissingSenderId", status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := mustOp(t, tc.op)
			params := validParams(tc.op)
			for k, v := range tc.set {
				params[k] = v
			}
			for _, k := range tc.del {
				delete(params, k)
			}
			err := c.Validate(op, params)
			if tc.code == "" {
				assert.Nil(t, err, "%s should be valid", tc.name)
				return
			}
			require.NotNil(t, err, "%s should be rejected with %s", tc.name, tc.code)
			assert.Equal(t, tc.code, err.Code, "error code for %s (%s)", tc.name, err.Message)
			status := tc.status
			if status == 0 {
				status = 400
			}
			assert.Equal(t, status, err.Status, "status of %s", tc.code)
			if tc.param != "" {
				assert.Contains(t, err.Message, "The parameter "+tc.param+" ", "the message should name the parameter")
			}
		})
	}
}

// TestEveryRequiredParam checks that leaving out any required parameter of
// any operation is the gateway's Missing{Param}, so a lost "!" fails here.
func TestEveryRequiredParam(t *testing.T) {
	c := Default()
	required := map[string][]string{
		"DeleteLiveMessageGroup":         {"AppId", "GroupId"},
		"RecoverLiveMessageDeletedGroup": {"AppId", "GroupId"},
		"RemoveLiveMessageGroupBand":     {"AppId", "GroupId", "UnbannedUsers"},
		"CreateLiveMessageApp":           nil,
		"CreateLiveMessageGroup":         {"AppId", "GroupId"},
		"DescribeLiveMessageGroup":       {"AppId", "GroupId"},
		"ListLiveMessageGroups":          {"AppId", "SortType"},
		"AddLiveMessageGroupBand":        {"AppId", "GroupId", "BannedUsers"},
		"DescribeLiveMessageGroupBand":   {"AppId", "GroupId"},
		"SendLiveMessageGroup":           {"AppId", "GroupId", "SenderId"},
		"ListLiveMessageGroupMessages":   {"AppId", "GroupId", "SortType", "PageSize"},
		// The rest of the family, as the metadata marks them required.
		"BanLiveMessageGroup":           {"AppId", "GroupId"},
		"UnbanLiveMessageGroup":         {"AppId", "GroupId"},
		"ModifyLiveMessageGroupBand":    {"AppId", "GroupId"},
		"CheckLiveMessageUsersInGroup":  {"AppId", "GroupId", "UserIds"},
		"CheckLiveMessageUsersOnline":   {"AppId", "UserIds"},
		"DeleteLiveMessageGroupMessage": {"AppId", "GroupId", "MessageId"},
		"DeleteLiveMessageUserMessage":  {"AppId", "MessageId", "ReceiverId", "DeleterId"},
		"DescribeLiveMessageApp":        {"AppId"},
		"ListLiveMessageApps":           {"SortType"},
		"ListLiveMessageGroupByPage":    {"AppId", "SortType"},
		"ListLiveMessageGroupUsers":     {"AppId", "GroupId", "SortType", "PageSize"},
		"KickLiveMessageGroupUser":      {"AppId", "GroupId", "KickoffUser"},
		"ModifyLiveMessageAppAudit":     {"AppId"},
		"ModifyLiveMessageAppCallback":  {"AppId"},
		"ModifyLiveMessageAppDisable":   {"AppId"},
		"ModifyLiveMessageGroup":        {"AppId", "GroupId"},
		"SendLiveMessageUser":           {"AppId", "SenderId", "ReceiverId"},
		"ModifyLiveMessageUserInfo":     {"AppId", "UserId"},
	}
	// Required in practice (@requiredInPractice): the metadata marks them
	// optional, so a call without one is the service's InputInvalid.
	inPractice := map[string]bool{"DeleteLiveMessageUserMessage.DeleterId": true}
	require.Len(t, required, len(allOperations), "every operation should be listed")
	for opName, names := range required {
		op := mustOp(t, opName)
		var got []string
		for _, p := range op.Params {
			if p.Required {
				got = append(got, p.Name)
			}
			assert.Equal(t, inPractice[opName+"."+p.Name], p.MissingInvalid != "", "%s.%s required in practice", opName, p.Name)
		}
		assert.ElementsMatch(t, names, got, "required parameters of %s", opName)
		for _, name := range names {
			t.Run(opName+"/"+name, func(t *testing.T) {
				params := validParams(opName)
				delete(params, name)
				err := c.Validate(op, params)
				require.NotNil(t, err, "%s without %s should be rejected", opName, name)
				if inPractice[opName+"."+name] {
					assert.Equal(t, CodeInputInvalid, err.Code, "%s is required in practice: the service, not the gateway, refuses it", name)
					assert.Equal(t, 400, err.Status, "status of InputInvalid")
					assert.Contains(t, err.Message, name, "the message names the parameter")
					return
				}
				assert.Equal(t, "Missing"+name, err.Code, "code for a missing %s", name)
				assert.Equal(t, 400, err.Status, "status of Missing%s", name)
				assert.Equal(t, name+" is mandatory for this action.", err.Message, "the gateway's message")
			})
		}
	}
}

func TestValidateName(t *testing.T) {
	c := Default()
	tests := []struct {
		name   string
		op     string
		params Params
		code   string
		status int
	}{
		{name: "known and valid", op: "DeleteLiveMessageGroup", params: validParams("DeleteLiveMessageGroup")},
		{name: "known and invalid", op: "DeleteLiveMessageGroup", params: Params{"AppId": {"a"}}, code: "MissingGroupId", status: 400},
		{name: "unknown operation", op: "DeleteLiveMessageApp", params: Params{}, code: "InvalidAction.NotFound", status: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := c.ValidateName(tc.op, tc.params)
			if tc.code == "" {
				assert.Nil(t, err, "should be valid")
				return
			}
			require.NotNil(t, err, "should be rejected with %s", tc.code)
			assert.Equal(t, tc.code, err.Code, "code")
			assert.Equal(t, tc.status, err.Status, "status")
		})
	}
}

// TestValidateOddParams covers Params built by hand rather than by Decode:
// they must not panic.
func TestValidateOddParams(t *testing.T) {
	c := Default()
	op := mustOp(t, "DeleteLiveMessageGroup")
	tests := []struct {
		name   string
		params Params
		code   string
	}{
		{name: "nil params", params: nil, code: "MissingAppId"},
		{name: "scalar with no values", params: Params{"AppId": {}, "GroupId": {"g"}}, code: "MissingAppId"},
		{name: "optional scalar with no values", params: Params{"AppId": {"a"}, "GroupId": {"g"}, "OperatorId": {}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err *Error
			require.NotPanics(t, func() { err = c.Validate(op, tc.params) }, "Validate should not panic")
			if tc.code == "" {
				assert.Nil(t, err, "should be valid")
				return
			}
			require.NotNil(t, err, "should be rejected")
			assert.Equal(t, tc.code, err.Code, "code")
		})
	}
}

func TestParamsAccessors(t *testing.T) {
	p := Params{"PageSize": {"20"}, "Padded": {" 30 "}, "Bad": {"x"}, "NoStorage": {"TRUE"}, "U": {"a", "b"}}
	assert.Equal(t, "20", p.Get("PageSize"), "Get of a scalar")
	assert.Equal(t, "", p.Get("Absent"), "Get of an absent parameter")
	assert.True(t, p.Has("PageSize"), "Has of a sent parameter")
	assert.False(t, p.Has("Absent"), "Has of an absent parameter")
	assert.Equal(t, []string{"a", "b"}, p.List("U"), "List of a list")
	assert.Equal(t, int64(20), p.Int("PageSize", 10), "Int of a number")
	assert.Equal(t, int64(30), p.Int("Padded", 10), "Int reads what Validate accepts (spaces around)")
	assert.Equal(t, int64(10), p.Int("Bad", 10), "Int of a non-number is the default")
	assert.Equal(t, int64(10), p.Int("Absent", 10), "Int of an absent parameter is the default")
	assert.True(t, p.Bool("NoStorage"), "Bool is case-insensitive")
	assert.False(t, p.Bool("Absent"), "Bool of an absent parameter")

	op := mustOp(t, "ListLiveMessageGroupMessages")
	params := validParams(op.Name)
	params["PageSize"] = []string{" 30 "}
	require.Nil(t, Default().Validate(op, params), "Validate accepts spaces around a number")
	assert.Equal(t, int64(30), params.Int("PageSize", 10), "a validated number reads back as itself")
}

func TestLengthMessageNamesTheUnit(t *testing.T) {
	c := Default()
	err := c.Validate(mustOp(t, "CreateLiveMessageApp"), Params{"AppName": {strings.Repeat("直", 17)}})
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "at most 16 characters, got 17")
	err = c.Validate(mustOp(t, "DeleteLiveMessageGroup"), Params{"AppId": {"a"}, "GroupId": {"g"}, "OperatorId": {strings.Repeat("a", 65)}})
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "at most 64 bytes, got 65")
}
