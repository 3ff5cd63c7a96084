package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allOperations are the eleven operations the contract must describe.
var allOperations = []string{
	"DeleteLiveMessageGroup", "RecoverLiveMessageDeletedGroup", "RemoveLiveMessageGroupBand",
	"CreateLiveMessageApp", "CreateLiveMessageGroup", "DescribeLiveMessageGroup",
	"ListLiveMessageGroups", "AddLiveMessageGroupBand", "DescribeLiveMessageGroupBand",
	"SendLiveMessageGroup", "ListLiveMessageGroupMessages",
	// The rest of the family (issue 14).
	"BanLiveMessageGroup", "UnbanLiveMessageGroup", "ModifyLiveMessageGroupBand",
	"CheckLiveMessageUsersInGroup", "CheckLiveMessageUsersOnline", "DeleteLiveMessageGroupMessage",
	"DeleteLiveMessageUserMessage", "DescribeLiveMessageApp", "ListLiveMessageApps",
	"ListLiveMessageGroupByPage", "ListLiveMessageGroupUsers", "KickLiveMessageGroupUser",
	"ModifyLiveMessageAppAudit", "ModifyLiveMessageAppCallback", "ModifyLiveMessageAppDisable",
	"ModifyLiveMessageGroup", "SendLiveMessageUser", "ModifyLiveMessageUserInfo",
}

// mustOp returns the named operation of the embedded contract.
func mustOp(t testing.TB, name string) *Operation {
	t.Helper()
	op, ok := Default().Operation(name)
	require.True(t, ok, "operation %s should be in the contract", name)
	return op
}

func TestEmbeddedSDLLoads(t *testing.T) {
	c, err := Parse("livemessage.graphql", SDL())
	require.NoError(t, err, "the embedded SDL should load")
	assert.ElementsMatch(t, allOperations, c.OperationNames(), "the contract should have exactly the documented operations")
	assert.Len(t, c.Operations(), 29, "the contract should have exactly the 29 operations of the family")
	assert.IsNonDecreasing(t, c.OperationNames(), "OperationNames should be sorted")
	assert.Equal(t, c.OperationNames(), Default().OperationNames(), "Default should load the same contract")
	assert.Same(t, Default(), Default(), "Default should load the contract once")
	_, ok := c.Operation("DescribeLiveMessageAppX")
	assert.False(t, ok, "an operation that is not in the SDL should not be found")
}

func TestBriefOperations(t *testing.T) {
	base := []string{"InputInvalid", "NoAuth", "ResourceNotExist", "ServerError"}
	tests := []struct {
		name   string
		qps    int
		per    string
		errors []string
	}{
		{name: "DeleteLiveMessageGroup", qps: 50, per: "ACCOUNT", errors: base},
		{name: "RecoverLiveMessageDeletedGroup", qps: 50, per: "ACCOUNT", errors: append([]string{"ErrorTooManyGroups"}, base...)},
		{name: "RemoveLiveMessageGroupBand", qps: 10, per: "USER", errors: base},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := mustOp(t, tc.name)
			assert.Equal(t, tc.qps, op.QPS, "documented QPS limit")
			assert.Equal(t, tc.per, op.QPSPer, "documented QPS scope")
			assert.NotEmpty(t, op.QPSSource, "the QPS limit should say where it comes from")
			assert.ElementsMatch(t, tc.errors, op.Errors, "documented error codes")
			assert.False(t, op.Read, "%s is a write (on Mutation)", tc.name)
		})
	}
}

func TestOperationsMetadata(t *testing.T) {
	c := Default()
	reads := map[string]bool{
		"DescribeLiveMessageGroup": true, "ListLiveMessageGroups": true,
		"DescribeLiveMessageGroupBand": true, "ListLiveMessageGroupMessages": true,
		"DescribeLiveMessageApp": true, "ListLiveMessageApps": true, "ListLiveMessageGroupByPage": true,
		"ListLiveMessageGroupUsers": true, "CheckLiveMessageUsersInGroup": true, "CheckLiveMessageUsersOnline": true,
	}
	perUser := map[string]bool{"AddLiveMessageGroupBand": true, "RemoveLiveMessageGroupBand": true,
		"BanLiveMessageGroup": true, "UnbanLiveMessageGroup": true, "ModifyLiveMessageGroupBand": true}
	// The access levels of the pages' RAM authorization tables.
	access := map[string]string{
		"DescribeLiveMessageGroup": "get", "DescribeLiveMessageGroupBand": "get",
		"ListLiveMessageGroups": "list", "ListLiveMessageGroupMessages": "list",
		"CreateLiveMessageApp": "create", "CreateLiveMessageGroup": "create", "DeleteLiveMessageGroup": "delete",
		"RecoverLiveMessageDeletedGroup": "update", "AddLiveMessageGroupBand": "update", "RemoveLiveMessageGroupBand": "update",
		"SendLiveMessageGroup":   "none",
		"DescribeLiveMessageApp": "get", "ListLiveMessageApps": "list", "ListLiveMessageGroupByPage": "list",
		"ListLiveMessageGroupUsers": "list", "CheckLiveMessageUsersInGroup": "none", "CheckLiveMessageUsersOnline": "none",
		"BanLiveMessageGroup": "update", "UnbanLiveMessageGroup": "update", "ModifyLiveMessageGroupBand": "update",
		"DeleteLiveMessageGroupMessage": "delete", "DeleteLiveMessageUserMessage": "delete", "KickLiveMessageGroupUser": "none",
		"ModifyLiveMessageAppAudit": "update", "ModifyLiveMessageAppCallback": "update", "ModifyLiveMessageAppDisable": "update",
		"ModifyLiveMessageGroup": "update", "SendLiveMessageUser": "create", "ModifyLiveMessageUserInfo": "update",
	}
	for _, name := range allOperations {
		t.Run(name, func(t *testing.T) {
			op := mustOp(t, name)
			assert.Equal(t, "live:"+name, op.RAMAction, "RAM action")
			wantRes := "acs:live::{accountId}:rtc/{AppId}"
			// All Resources: no app exists yet (Create), the account's apps
			// (List), and ModifyLiveMessageUserInfo as its RAM table says.
			if name == "CreateLiveMessageApp" || name == "ListLiveMessageApps" || name == "ModifyLiveMessageUserInfo" {
				wantRes = "*"
			}
			if name != "CreateLiveMessageApp" && name != "ListLiveMessageApps" {
				p, ok := op.Param("AppId")
				require.True(t, ok, "%s should take AppId", name)
				assert.True(t, p.Required, "AppId of %s should be required", name)
			}
			assert.Equal(t, wantRes, op.RAMResource, "RAM resource")
			assert.Equal(t, access[name], op.RAMAccess, "RAM access level")
			assert.Equal(t, reads[name], op.Read, "read operations are on Query, writes on Mutation")
			if perUser[name] {
				assert.Equal(t, 10, op.QPS, "mute operations allow 10 calls per second")
				assert.Equal(t, "USER", op.QPSPer, "mute-list limits are per user")
			} else {
				assert.Equal(t, 50, op.QPS, "every other operation allows 50 calls per second")
				assert.Equal(t, "ACCOUNT", op.QPSPer, "other limits are per account")
			}
			assert.NotEmpty(t, op.Description, "every operation should say what it does")
			for _, code := range []string{"InputInvalid", "NoAuth", "ServerError"} {
				assert.Contains(t, op.Errors, code, "%s should document %s", name, code)
			}
			for _, code := range op.Errors {
				_, ok := c.Code(code)
				assert.True(t, ok, "documented code %s should be in the contract", code)
			}
			dc, ok := op.Param("DataCenter")
			require.True(t, ok, "%s should take DataCenter", name)
			assert.Equal(t, []string{"cn-shanghai", "ap-southeast-1"}, dc.OneOf, "DataCenter values")
			require.NotEmpty(t, op.Result, "%s should have result fields", name)
			assert.Equal(t, "RequestId", op.Result[0].Name, "every answer starts with RequestId")
		})
	}
}

func TestCodes(t *testing.T) {
	c := Default()
	tests := []struct {
		wire    string
		found   bool
		code    string
		status  int
		gateway bool
	}{
		{wire: "InputInvalid", found: true, code: "InputInvalid", status: 400},
		{wire: "ErrorTooManyGroups", found: true, code: "ErrorTooManyGroups", status: 400},
		{wire: "NoAuth", found: true, code: "NoAuth", status: 403},
		{wire: "ResourceNotExist", found: true, code: "ResourceNotExist", status: 404},
		{wire: "ServerError", found: true, code: "ServerError", status: 500},
		{wire: "MissingGroupId", found: true, code: "Missing{Param}", status: 400, gateway: true},
		{wire: "MissingUnbannedUsers", found: true, code: "Missing{Param}", status: 400, gateway: true},
		{wire: "Throttling.User", found: true, code: "Throttling.User", status: 400, gateway: true},
		{wire: "InvalidAction.NotFound", found: true, code: "InvalidAction.NotFound", status: 404, gateway: true},
		{wire: "SignatureDoesNotMatch", found: true, code: "SignatureDoesNotMatch", status: 400, gateway: true},
		{wire: "Missing", found: false},
		{wire: "inputinvalid", found: false},
		{wire: "Forbidden.RAM", found: false},
		{wire: "", found: false},
	}
	for _, tc := range tests {
		t.Run(tc.wire, func(t *testing.T) {
			ec, ok := c.Code(tc.wire)
			require.Equal(t, tc.found, ok, "whether %q is a contract code", tc.wire)
			if !ok {
				return
			}
			assert.Equal(t, tc.code, ec.Code, "code of %q", tc.wire)
			assert.Equal(t, tc.status, ec.Status, "status of %q", tc.wire)
			assert.Equal(t, tc.gateway, ec.Gateway, "gateway flag of %q", tc.wire)
			assert.Equal(t, tc.gateway, !ec.Dynamic(), "a gateway code has a fixed text, a product code a dynamic message: %q", tc.wire)
			if ec.Dynamic() {
				assert.NotEmpty(t, ec.Description, "documented description of %q", tc.wire)
				assert.Empty(t, ec.Message, "no fixed text for %q", tc.wire)
			} else {
				assert.NotEmpty(t, ec.Message, "documented message of %q", tc.wire)
			}
		})
	}
}

func TestDocuments(t *testing.T) {
	c := Default()
	tests := []struct {
		op   string
		wire string
		want bool
	}{
		{op: "RecoverLiveMessageDeletedGroup", wire: "ErrorTooManyGroups", want: true},
		{op: "CreateLiveMessageGroup", wire: "ErrorTooManyGroups", want: true},
		{op: "DeleteLiveMessageGroup", wire: "ErrorTooManyGroups", want: false},
		{op: "RemoveLiveMessageGroupBand", wire: "ErrorTooManyGroups", want: false},
		{op: "CreateLiveMessageApp", wire: "ResourceNotExist", want: false},
		{op: "DeleteLiveMessageGroup", wire: "ResourceNotExist", want: true},
		{op: "DeleteLiveMessageGroup", wire: "MissingGroupId", want: true},
		{op: "DeleteLiveMessageGroup", wire: "Throttling.Api", want: true},
		{op: "DeleteLiveMessageGroup", wire: "Bogus", want: false},
	}
	for _, tc := range tests {
		t.Run(tc.op+"/"+tc.wire, func(t *testing.T) {
			assert.Equal(t, tc.want, c.Documents(mustOp(t, tc.op), tc.wire), "whether %s documents %s", tc.op, tc.wire)
		})
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{KindString, "string"}, {KindInt, "int"}, {KindLong, "long"}, {KindBool, "bool"}, {KindObject, "object"}, {KindCounts, "counts"},
		{Kind(99), "Kind(99)"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.kind.String(), "name of kind %d", int(tc.kind))
		})
	}
}

func TestResource(t *testing.T) {
	assert.Equal(t, "acs:live::123:rtc/app1", mustOp(t, "DeleteLiveMessageGroup").Resource("123", "app1"))
	assert.Equal(t, "acs:live::123:rtc/*", mustOp(t, "DeleteLiveMessageGroup").Resource("123", ""), "no AppId: any app")
	assert.Equal(t, "*", mustOp(t, "CreateLiveMessageApp").Resource("123", "app1"), "All Resources")
}

// TestEnvelopeCodes: the codes whose cause no recording keeps (the key,
// nonce, signature, rate) are exactly these; a timestamp code is not one
// (a cassette keeps the signing time as its offset), nor a product code.
func TestEnvelopeCodes(t *testing.T) {
	var got []string
	for _, ec := range Default().Codes() {
		if ec.Envelope {
			assert.True(t, ec.Gateway, "%s: only the gateway refuses on the envelope", ec.Code)
			got = append(got, ec.Code)
		}
	}
	assert.ElementsMatch(t, []string{CodeInvalidAccessKeyIdNotFound, CodeInvalidAccessKeyIdInactive, CodeSignatureNonceUsed,
		CodeInvalidSignatureMethod, CodeSignatureDoesNotMatch, CodeIncompleteSignature, CodeThrottlingUser, CodeThrottlingApi}, got)
}
