package contract

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// mutateSDL replaces the first occurrence of old in the embedded SDL (the
// operations of the brief come first) and returns the new source and the
// line old started on.
func mutateSDL(t *testing.T, old, repl string) (string, int) {
	t.Helper()
	src := SDL()
	require.NotZero(t, strings.Count(src, old), "%q should occur in the SDL", old)
	i := strings.Index(src, old)
	return strings.Replace(src, old, repl, 1), strings.Count(src[:i], "\n") + 1
}

func TestParseMalformed(t *testing.T) {
	const remove = `RemoveLiveMessageGroupBand(
    AppId: String!`
	tests := []struct {
		name   string
		old    string
		repl   string
		gql    bool   // a gqlparser error (else the contract's own check)
		offset int    // lines from the start of old to the error
		at     string // or: the error is on the line of this text in the broken source
		msg    string // the error must contain this
	}{
		{name: "syntax error", old: "type Query {", repl: "type Query {{", gql: true, msg: "Expected Name"},
		{name: "unclosed argument list", old: "  ): DeleteLiveMessageGroupResult", repl: "  : DeleteLiveMessageGroupResult", gql: true, msg: "Expected Name"},
		{name: "misspelt directive", old: "OperatorId: String @maxLength(bytes: 64)", repl: "OperatorId: String @maxLenght(bytes: 64)", gql: true, msg: "Undefined directive maxLenght"},
		{name: "directive in the wrong place", old: "AlreadyExists: Boolean!", repl: "AlreadyExists: Boolean! @maxLength(bytes: 3)", gql: true, msg: "not applicable on FIELD_DEFINITION"},
		{name: "unknown directive argument", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(limt: 10, per: USER, source: "RemoveLiveMessageGroupBand`, gql: true, msg: "Undefined argument limt"},
		{name: "missing required directive argument", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(per: USER, source: "RemoveLiveMessageGroupBand`, gql: true, msg: "Argument limit for directive qps cannot be null"},
		{name: "undefined result type", old: "): RemoveLiveMessageGroupBandResult", repl: "): RemoveLiveMessageGroupBandResultt", gql: true, msg: "Undefined type RemoveLiveMessageGroupBandResultt"},
		{name: "qps limit a string", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(limit: "ten", per: USER, source: "RemoveLiveMessageGroupBand`, msg: `@qps(limit:) must be an Int, got "ten"`},
		{name: "qps limit zero", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(limit: 0, per: USER, source: "RemoveLiveMessageGroupBand`, msg: "@qps limit of RemoveLiveMessageGroupBand must be positive"},
		{name: "qps limit a float", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(limit: 10.5, per: USER, source: "RemoveLiveMessageGroupBand`, msg: "@qps(limit:) must be an Int"},
		{name: "qps limit too big", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(limit: 99999999999999999999, per: USER, source: "RemoveLiveMessageGroupBand`, msg: "@qps(limit:)"},
		{name: "qps scope a string", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(limit: 10, per: "USER", source: "RemoveLiveMessageGroupBand`, msg: "@qps(per:) must be"},
		{name: "qps scope not in QPSScope", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand`, repl: `@qps(limit: 10, per: TEAM, source: "RemoveLiveMessageGroupBand`, msg: "TEAM"},
		{name: "qps source an Int", old: `@qps(limit: 10, per: USER, source: "RemoveLiveMessageGroupBand page (https://www.alibabacloud.com/help/en/live/developer-reference/api-live-2016-11-01-removelivemessagegroupband): 10 calls per second per user (read 2026-11-23)")`, repl: `@qps(limit: 10, per: USER, source: 10)`, msg: "@qps(source:) must be a string"},
		{name: "undeclared error code", old: "@errors(codes: [InputInvalid, ErrorTooManyGroups, NoAuth, ResourceNotExist, ServerError])\n    @ram(action: \"live:Recover", repl: "@errors(codes: [InputInvalid, TooManyGroups, NoAuth, ResourceNotExist, ServerError])\n    @ram(action: \"live:Recover", msg: "unknown error code TooManyGroups"},
		{name: "error codes as strings", old: "@errors(codes: [InputInvalid, ErrorTooManyGroups, NoAuth, ResourceNotExist, ServerError])\n    @ram(action: \"live:Recover", repl: "@errors(codes: [\"InputInvalid\", \"ErrorTooManyGroups\"])\n    @ram(action: \"live:Recover", msg: "@errors(codes:)"},
		{name: "error codes not a list", old: "@errors(codes: [InputInvalid, ErrorTooManyGroups, NoAuth, ResourceNotExist, ServerError])\n    @ram(action: \"live:Recover", repl: "@errors(codes: \"InputInvalid\")\n    @ram(action: \"live:Recover", msg: "@errors(codes:)"},
		{name: "ram action an enum", old: `@ram(action: "live:DeleteLiveMessageGroup"`, repl: `@ram(action: DeleteLiveMessageGroup`, msg: "@ram(action:) must be a string"},
		{name: "error status a string", old: `NoAuth @error(code: "NoAuth", status: 403`, repl: `NoAuth @error(code: "NoAuth", status: "403"`, msg: "@error(status:) must be an Int"},
		{name: "error status not an error", old: `NoAuth @error(code: "NoAuth", status: 403`, repl: `NoAuth @error(code: "NoAuth", status: 200`, msg: "@error status 200 of NoAuth is not an HTTP error status"},
		{name: "error gateway a string", old: `gateway: true)
  InvalidApiNotFound`, repl: `gateway: "yes")
  InvalidApiNotFound`, msg: "@error(gateway:) must be a Boolean"},
		{name: "error code without @error", old: `  NoAuth @error(code: "NoAuth", status: 403, description: "You are not authorized to perform this operation.")`, repl: "  NoAuth", msg: "error code NoAuth has no @error"},
		{name: "maxLength a string", old: remove, repl: `RemoveLiveMessageGroupBand(
    AppId: String! @maxLength(bytes: "64")`, offset: 1, msg: `@maxLength(bytes:) must be an Int, got "64"`},
		{name: "maxLength negative", old: remove, repl: `RemoveLiveMessageGroupBand(
    AppId: String! @maxLength(bytes: -64)`, offset: 1, msg: "@maxLength"},
		{name: "minLength above maxLength", old: "AppName: String @minLength(chars: 2)", repl: "AppName: String @minLength(chars: 20)", msg: "AppName"},
		{name: "length in both units", old: "AppName: String @minLength(chars: 2)", repl: "AppName: String @minLength(chars: 2, bytes: 2)", msg: "exactly one of bytes and chars"},
		{name: "length in no unit", old: "AppName: String @minLength(chars: 2)", repl: "AppName: String @minLength", msg: "exactly one of bytes and chars"},
		{name: "bounds in two units", old: "AppName: String @minLength(chars: 2)", repl: "AppName: String @minLength(bytes: 2)", msg: "the same unit"},
		{name: "maxItems a string", old: "@maxItems(n: 3)", repl: `@maxItems(n: "3")`, msg: "@maxItems(n:) must be an Int"},
		{name: "maxItems on a scalar", old: remove, repl: `RemoveLiveMessageGroupBand(
    AppId: String! @maxItems(n: 64)`, offset: 1, msg: "AppId"},
		{name: "bad pattern", old: `OperatorId: String @maxLength(bytes: 64) @pattern(regex: "^[A-Za-z0-9]+$"`, repl: `OperatorId: String @maxLength(bytes: 64) @pattern(regex: "^[A-Za-z0-9+$"`, msg: "@pattern of OperatorId"},
		{name: "pattern an Int", old: `OperatorId: String @maxLength(bytes: 64) @pattern(regex: "^[A-Za-z0-9]+$"`, repl: `OperatorId: String @maxLength(bytes: 64) @pattern(regex: 7`, msg: "@pattern(regex:) must be a string"},
		{name: "oneOf of numbers", old: remove, repl: `RemoveLiveMessageGroupBand(
    AppId: String! @oneOf(values: [1, 2])`, offset: 1, msg: "@oneOf(values:) must be a list of strings, got [1,2]"},
		{name: "oneOf an object", old: remove, repl: `RemoveLiveMessageGroupBand(
    AppId: String! @oneOf(values: {a: "app1"})`, offset: 1, msg: "@oneOf(values:) must be a list of strings"},
		{name: "range a string", old: "PageSize: Int! @range(min: 10, max: 50)", repl: `PageSize: Int! @range(min: "10", max: 50)`, msg: "@range(min:) must be an Int"},
		{name: "range min above max", old: "PageSize: Int! @range(min: 10, max: 50)", repl: "PageSize: Int! @range(min: 50, max: 10)", msg: "PageSize"},
		{name: "range on a string", old: remove, repl: `RemoveLiveMessageGroupBand(
    AppId: String! @range(min: 1)`, offset: 1, msg: "AppId"},
		{name: "wildcard an Int", old: `@wildcard(value: "*")`, repl: `@wildcard(value: 1)`, msg: "@wildcard(value:) must be a string"},
		{name: "unsupported parameter type", old: "Weight: Long @range(min: 1, max: 1000000)", repl: "Weight: Float", msg: "parameter Weight has unsupported type Float"},
		{name: "nullable result field", old: "  AppKey: String!", repl: "  AppKey: String", msg: "field CreateLiveMessageAppResult.AppKey is nullable"},
		{name: "scalar result", old: "): SendLiveMessageGroupResult", repl: "): String", at: "  SendLiveMessageGroup(", msg: "SendLiveMessageGroup must return an object type"},
		{name: "error code with both texts", old: `description: "You are not authorized to perform this operation.")`, repl: `description: "You are not authorized to perform this operation.", message: "m")`, msg: "exactly one of message"},
		{name: "error code with no text", old: `NoAuth @error(code: "NoAuth", status: 403, description: "You are not authorized to perform this operation.")`, repl: `NoAuth @error(code: "NoAuth", status: 403)`, msg: "exactly one of message"},
		{name: "ram access unknown", old: `resource: "acs:live::{accountId}:rtc/{AppId}", access: "delete")`, repl: `resource: "acs:live::{accountId}:rtc/{AppId}", access: "write")`, msg: `@ram(access:) of DeleteLiveMessageGroup must be create, list, get, update, delete or none, got "write"`},
		{name: "requiredWhen an unknown parameter", old: `@requiredWhen(param: "AuditType", value: "2")`, repl: `@requiredWhen(param: "AuditTyp", value: "2")`, at: "    AuditUrl: String", msg: `@requiredWhen of AuditUrl names "AuditTyp"`},
		{name: "requiredWhen itself", old: `@requiredWhen(param: "AuditType", value: "2")`, repl: `@requiredWhen(param: "AuditUrl", value: "2")`, at: "    AuditUrl: String", msg: "not another parameter"},
		{name: "requiredInPractice on an optional parameter", old: "DeleterId: String! @maxLength(bytes: 64) @pattern(regex: \"^[A-Za-z0-9]+$\", says: \"letters and digits only\")\n      @requiredInPractice", repl: "DeleterId: String @maxLength(bytes: 64) @pattern(regex: \"^[A-Za-z0-9]+$\", says: \"letters and digits only\")\n      @requiredInPractice", offset: 1, msg: "@requiredInPractice on DeleterId, which is optional"},
		{name: "url scheme with colon", old: `EventCallbackUrl: String @url(schemes: ["http", "https"])`, repl: `EventCallbackUrl: String @url(schemes: ["http://", "https"])`, msg: "without ://"},
		{name: "url on an Int", old: `MsgLifeCycle: Int @range(min: 0, max: 2)`, repl: `MsgLifeCycle: Int @url(schemes: ["http"])`, msg: "@url on MsgLifeCycle, which is not a String"},
		{name: "list field without xmlItem", old: `BannedUserList: [String!]! @xmlItem(name: "BannedUsers")`, repl: `BannedUserList: [String!]!`, msg: "list field DescribeLiveMessageGroupBandResult.BannedUserList has no @xmlItem"},
		{name: "xmlItem on a scalar", old: "  IsbannedAll: Boolean!", repl: `  IsbannedAll: Boolean! @xmlItem(name: "x")`, msg: "@xmlItem on DescribeLiveMessageGroupBandResult.IsbannedAll, which is not a list"},
		{name: "sdkDrift without a reason", old: "  IsbannedAll: Boolean!", repl: `  IsbannedAll: Boolean! @sdkDrift(reason: " ")`, msg: "@sdkDrift needs a reason"},
		{name: "read not marked idempotent", old: "    @ram(action: \"live:DescribeLiveMessageGroupBand\", resource: \"acs:live::{accountId}:rtc/{AppId}\", access: \"get\")\n    @idempotent\n", repl: "    @ram(action: \"live:DescribeLiveMessageGroupBand\", resource: \"acs:live::{accountId}:rtc/{AppId}\", access: \"get\")\n", at: "  DescribeLiveMessageGroupBand(", msg: "DescribeLiveMessageGroupBand is a read (on Query): mark it @idempotent"},
		{name: "idempotent with an argument", old: "access: \"get\")\n    @idempotent\n", repl: "access: \"get\")\n    @idempotent(why: \"reads\")\n", offset: 1, gql: true, msg: "Undefined argument why"},
		{name: "transient client error", old: `NoAuth @error(code: "NoAuth", status: 403, description: "You are not authorized to perform this operation.")`, repl: `NoAuth @error(code: "NoAuth", status: 403, description: "You are not authorized to perform this operation.", transient: true)`, msg: "@error of NoAuth: a transient code is a server error (5xx), not 403"},
		{name: "operation without qps", old: `    @qps(limit: 50, source: "SendLiveMessageGroup page (https://www.alibabacloud.com/help/en/live/developer-reference/api-live-2016-11-01-sendlivemessagegroup): 50 calls per second per account (read 2026-11-23)")` + "\n", repl: "", at: "  SendLiveMessageGroup(", msg: "SendLiveMessageGroup has no @qps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, line := mutateSDL(t, tc.old, tc.repl)
			c, err := Parse("livemessage.graphql", src)
			require.Error(t, err, "the broken contract should not load")
			assert.Nil(t, c, "no contract with an error")
			assert.Contains(t, err.Error(), tc.msg, "the error should say what is wrong")
			var gqlErr *gqlerror.Error
			assert.Equal(t, tc.gql, errors.As(err, &gqlErr), "whether gqlparser found the fault: %v", err)
			var pe *posError
			assert.Equal(t, !tc.gql, errors.As(err, &pe), "whether the contract check found the fault: %v", err)
			line += tc.offset
			if tc.at != "" {
				require.NotZero(t, strings.Count(src, tc.at), "%q should occur", tc.at)
				line = strings.Count(src[:strings.Index(src, tc.at)], "\n") + 1
			}
			want := fmt.Sprintf("livemessage.graphql:%d:", line)
			assert.Contains(t, err.Error(), want, "the error should carry the line of the fault")
		})
	}
}

func TestParseNoOperations(t *testing.T) {
	src := `
directive @error(code: String!, status: Int!, message: String!, gateway: Boolean = false) on ENUM_VALUE
enum ErrorCode { InputInvalid @error(code: "InputInvalid", status: 400, message: "m") }
`
	_, err := Parse("empty.graphql", src)
	require.Error(t, err, "a contract without operations should not load")
	assert.Contains(t, err.Error(), "empty.graphql", "the error should name the file")
}

func TestParseMissingErrorCodes(t *testing.T) {
	src := "type Query { x: String }"
	_, err := Parse("bare.graphql", src)
	require.Error(t, err, "a contract without the ErrorCode enum should not load")
	assert.Contains(t, err.Error(), "bare.graphql", "the error should name the file")
	assert.Contains(t, err.Error(), "enum ErrorCode is missing", "the error should say what is missing")
}

// TestParseListCoercion checks that a single value where a list is declared
// is a list of one, as GraphQL input coercion has it, and keeps its meaning.
func TestParseListCoercion(t *testing.T) {
	src, _ := mutateSDL(t, `OperatorId: String @maxLength(bytes: 64)`, `OperatorId: String @oneOf(values: "op1") @maxLength(bytes: 64)`)
	old := "@errors(codes: [InputInvalid, NoAuth, ResourceNotExist, ServerError])\n    @ram(action: \"live:DeleteLiveMessageGroup\""
	require.Equal(t, 1, strings.Count(src, old), "the errors of DeleteLiveMessageGroup should occur once")
	src = strings.Replace(src, old, "@errors(codes: NoAuth)\n    @ram(action: \"live:DeleteLiveMessageGroup\"", 1)
	c, err := Parse("livemessage.graphql", src)
	require.NoError(t, err, "single values for lists should load")
	op, ok := c.Operation("DeleteLiveMessageGroup")
	require.True(t, ok, "DeleteLiveMessageGroup should load")
	assert.Equal(t, []string{"NoAuth"}, op.Errors, "a single error code is a list of one")
	p, ok := op.Param("OperatorId")
	require.True(t, ok, "OperatorId should load")
	assert.Equal(t, []string{"op1"}, p.OneOf, "a single @oneOf value is a list of one")
}
