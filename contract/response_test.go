package contract

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const rid = `"RequestId":"B95BE680-5A6A-1CAD-8AB1-09DFF5D6A1B2"`

const describeOK = `{` + rid + `,"GroupId":"g1","CreatorId":"c1","Createtime":1700000000,"GroupName":"n","GroupInfo":"i",` +
	`"Delete":false,"SuperLargeGroup":false,"TotalTimes":3,"OnlineUserCounts":1,"MsgAmount":{"1":9,"2":0},"AdminList":["a1"]}`

const messagesOK = `{` + rid + `,"GroupId":"g1","NextPageToken":0,"Hasmore":false,"MessageList":[` +
	`{"Body":"hi","Timestamp":1700000000,"MsgTid":"t1","MsgType":1,"SeqNumber":1,"TotalMessages":2,"Sender":{"UserId":"u1","UserInfo":""}},` +
	`{"Body":"yo","Timestamp":1700000001,"MsgTid":"t2","MsgType":1,"SeqNumber":2,"TotalMessages":2,"Sender":{"UserInfo":"x"}}]}`

func errBody(code string) string {
	return `{` + rid + `,"HostId":"live.aliyuncs.com","Code":"` + code + `","Message":"m"}`
}

func TestCheckResponse(t *testing.T) {
	c := Default()
	tests := []struct {
		name   string
		op     string
		status int
		body   string
		want   []string // problems, each matched as a substring, in order
	}{
		{name: "delete ok", op: "DeleteLiveMessageGroup", status: 200, body: `{` + rid + `,"GroupId":"g1"}`},
		{name: "remove ok", op: "RemoveLiveMessageGroupBand", status: 200, body: `{` + rid + `}`},
		{name: "extra fields ok", op: "RemoveLiveMessageGroupBand", status: 200, body: `{` + rid + `,"HostId":"h"}`},
		{name: "describe ok", op: "DescribeLiveMessageGroup", status: 200, body: describeOK},
		{name: "describe deleted ok", op: "DescribeLiveMessageGroup", status: 200,
			body: strings.Replace(describeOK, `"Delete":false`, `"Delete":true,"Deletatime":1700000001,"Deletor":"op1"`, 1)},
		{name: "list groups ok without token", op: "ListLiveMessageGroups", status: 200,
			body: `{` + rid + `,"Hasmore":false,"GroupList":[{"GroupId":"g","GroupName":"","GroupInfo":"","CreatorId":"c","Createtime":1,"Delete":false,"AdminList":[]}]}`},
		{name: "list groups ok with token", op: "ListLiveMessageGroups", status: 200, body: `{` + rid + `,"Hasmore":true,"NextpageToken":"5","GroupList":[]}`},
		{name: "error ok", op: "DeleteLiveMessageGroup", status: 404, body: errBody("ResourceNotExist")},
		{name: "too many groups on recover ok", op: "RecoverLiveMessageDeletedGroup", status: 400, body: errBody("ErrorTooManyGroups")},
		{name: "templated gateway code ok", op: "DeleteLiveMessageGroup", status: 400, body: errBody("MissingGroupId")},
		{name: "throttling ok", op: "RemoveLiveMessageGroupBand", status: 400, body: errBody("Throttling.User")},
		{name: "missing field", op: "DeleteLiveMessageGroup", status: 200, body: `{` + rid + `}`,
			want: []string{"field GroupId is missing"}},
		{name: "null field", op: "DeleteLiveMessageGroup", status: 200, body: `{` + rid + `,"GroupId":null}`,
			want: []string{"field GroupId is missing"}},
		{name: "optional field mistyped", op: "DescribeLiveMessageGroup", status: 200,
			body: strings.Replace(describeOK, `"Delete":false`, `"Delete":false,"Deletatime":"yesterday"`, 1),
			want: []string{"field Deletatime is a string, want integer"}},
		{name: "bool as string", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"Delete":false`, `"Delete":"true"`, 1),
			want: []string{"field Delete is a string, want bool"}},
		{name: "long as float", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"TotalTimes":3`, `"TotalTimes":3.5`, 1),
			want: []string{"field TotalTimes is a number, want integer"}},
		{name: "string as number", op: "DeleteLiveMessageGroup", status: 200, body: `{` + rid + `,"GroupId":7}`,
			want: []string{"field GroupId is a number, want string"}},
		{name: "list as string", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"AdminList":["a1"]`, `"AdminList":"a1"`, 1),
			want: []string{"field AdminList is a string, want a list"}},
		{name: "list item mistyped", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"AdminList":["a1"]`, `"AdminList":["a1",2]`, 1),
			want: []string{"field AdminList[1] is a number, want string"}},
		{name: "nested object missing field", op: "ListLiveMessageGroupMessages", status: 200, body: messagesOK,
			want: []string{"field MessageList[1].Sender.UserId is missing"}},
		{name: "nested object mistyped", op: "ListLiveMessageGroupMessages", status: 200,
			body: strings.Replace(messagesOK, `"Sender":{"UserInfo":"x"}`, `"Sender":"u2"`, 1),
			want: []string{"field MessageList[1].Sender is a string, want object"}},
		{name: "lower-case RequestId", op: "RemoveLiveMessageGroupBand", status: 200, body: `{"RequestId":"b95be680-5a6a-1cad-8ab1-09dff5d6a1b2"}`,
			want: []string{"RequestId b95be680-5a6a-1cad-8ab1-09dff5d6a1b2 is not an upper-case UUID"}},
		{name: "absent RequestId", op: "RemoveLiveMessageGroupBand", status: 200, body: `{}`,
			want: []string{"RequestId is missing"}},
		{name: "RequestId a number", op: "RemoveLiveMessageGroupBand", status: 200, body: `{"RequestId":5}`,
			want: []string{"RequestId 5 is not an upper-case UUID", "field RequestId is a number, want string"}},
		{name: "absent RequestId on an error", op: "DeleteLiveMessageGroup", status: 404, body: `{"Code":"ResourceNotExist","Message":"m"}`,
			want: []string{"RequestId is missing"}},
		{name: "undocumented code", op: "DeleteLiveMessageGroup", status: 400, body: errBody("ErrorTooManyGroups"),
			want: []string{"code ErrorTooManyGroups is not documented for DeleteLiveMessageGroup"}},
		{name: "undocumented code with wrong status", op: "DeleteLiveMessageGroup", status: 409, body: errBody("ErrorTooManyGroups"),
			want: []string{"code ErrorTooManyGroups is not documented for DeleteLiveMessageGroup", "code ErrorTooManyGroups answered with status 409; the contract says 400"}},
		{name: "status not the code's", op: "DeleteLiveMessageGroup", status: 400, body: errBody("ResourceNotExist"),
			want: []string{"code ResourceNotExist answered with status 400; the contract says 404"}},
		{name: "templated code with wrong status", op: "DeleteLiveMessageGroup", status: 404, body: errBody("MissingGroupId"),
			want: []string{"code MissingGroupId answered with status 404; the contract says 400"}},
		{name: "code on a 200", op: "DeleteLiveMessageGroup", status: 200, body: errBody("InputInvalid"),
			want: []string{"code InputInvalid answered with status 200; the contract says 400"}},
		{name: "unknown code", op: "DeleteLiveMessageGroup", status: 400, body: errBody("Bogus"),
			want: []string{"code Bogus is not in the contract"}},
		{name: "error without code", op: "DeleteLiveMessageGroup", status: 500, body: `{` + rid + `,"Message":"boom"}`,
			want: []string{"status 500 without an error Code"}},
		{name: "error code not a string", op: "DeleteLiveMessageGroup", status: 400, body: `{` + rid + `,"Code":400,"Message":"m"}`,
			want: []string{"status 400 without an error Code"}},
		{name: "error without message", op: "DeleteLiveMessageGroup", status: 404, body: `{` + rid + `,"Code":"ResourceNotExist"}`,
			want: []string{"error body has no string Message"}},
		{name: "not JSON", op: "DeleteLiveMessageGroup", status: 200, body: `<Error/>`, want: []string{"body is not a JSON object"}},
		{name: "JSON array", op: "DeleteLiveMessageGroup", status: 200, body: `[]`, want: []string{"body is not a JSON object"}},
		{name: "JSON null", op: "DeleteLiveMessageGroup", status: 200, body: `null`, want: []string{"body is not a JSON object"}},
		{name: "empty body", op: "DeleteLiveMessageGroup", status: 200, body: ``, want: []string{"body is not a JSON object"}},
		{name: "trailing space ok", op: "DeleteLiveMessageGroup", status: 200, body: `{` + rid + `,"GroupId":"g1"}` + "\n"},
		{name: "counters mistyped", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"MsgAmount":{"1":9,"2":0}`, `"MsgAmount":{"2":"x","1":1.5}`, 1),
			want: []string{"field MsgAmount.1 is a number, want integer", "field MsgAmount.2 is a string, want integer"}},
		{name: "counters a number", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"MsgAmount":{"1":9,"2":0}`, `"MsgAmount":9`, 1),
			want: []string{"field MsgAmount is a number, want an object of counters"}},
		{name: "message time in milliseconds", op: "ListLiveMessageGroupMessages", status: 200, body: strings.Replace(messagesOK, `"Timestamp":1700000000,`, `"Timestamp":1700000000000,`, 1),
			want: []string{"field MessageList[0].Timestamp: 1700000000000 looks like UNIX milliseconds", "field MessageList[1].Sender.UserId is missing"}},
		{name: "create time in milliseconds", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"Createtime":1700000000,`, `"Createtime":1700000000123,`, 1),
			want: []string{"field Createtime: 1700000000123 looks like UNIX milliseconds (2023-11-14T22:13:20Z), want UNIX seconds"}},
		{name: "deletion time negative", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"Delete":false`, `"Delete":true,"Deletatime":-5`, 1),
			want: []string{"field Deletatime: -5 is negative, want UNIX seconds"}},
		{name: "time as float", op: "DescribeLiveMessageGroup", status: 200, body: strings.Replace(describeOK, `"Createtime":1700000000,`, `"Createtime":1700000000.5,`, 1),
			want: []string{"field Createtime is a number, want integer (UNIX seconds)"}},
		{name: "trailing data", op: "DeleteLiveMessageGroup", status: 200, body: `{` + rid + `,"GroupId":"g1"} {}`, want: []string{"body is not a JSON object"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := c.CheckResponse(mustOp(t, tc.op), tc.status, []byte(tc.body))
			if len(tc.want) == 0 {
				assert.Empty(t, got, "a conforming answer should have no problems")
				return
			}
			require.Len(t, got, len(tc.want), "problems of %s: %q", tc.name, got)
			for i, w := range tc.want {
				assert.Contains(t, got[i], w, "problem %d", i)
			}
		})
	}
}

func TestCheckResponseClipsBody(t *testing.T) {
	body := "x" + strings.Repeat("é", 100) // 201 bytes, not JSON; byte 40 is inside a character
	got := Default().CheckResponse(mustOp(t, "DeleteLiveMessageGroup"), 200, []byte(body))
	require.Len(t, got, 1, "one problem for a body that is not JSON")
	assert.Less(t, len(got[0]), 100, "the body should be clipped in the message")
	assert.True(t, strings.HasSuffix(got[0], "é..."), "the body should be clipped on a character boundary: %q", got[0])
}

// TestCheckValueInt32 checks the 32-bit bound of an Int field (no result
// field of this API is an Int today: the metadata makes them int64).
func TestCheckValueInt32(t *testing.T) {
	f := &Field{Name: "N", Kind: KindInt}
	doc, ok := decodeObject([]byte(`{"a":2147483647,"b":2147483648}`))
	require.True(t, ok)
	assert.Empty(t, checkValue(f, doc["a"], "N"), "2^31-1 is an Int")
	assert.Equal(t, []string{"field N is a number, want integer"}, checkValue(f, doc["b"], "N"), "2^31 is not an Int")
}

func TestCheckHeaders(t *testing.T) {
	body := []byte(`{` + rid + `,"GroupId":"g1"}`)
	good := http.Header{"X-Acs-Request-Id": {"B95BE680-5A6A-1CAD-8AB1-09DFF5D6A1B2"}, "X-Acs-Trace-Id": {"0b57ff8b17000000000000000000abcd"}}
	assert.Empty(t, CheckHeaders(good, body), "both headers, the request id the body's")
	assert.Empty(t, CheckHeaders(good, []byte("<xml/>")), "an XML body is not read")
	other := good.Clone()
	other.Set("X-Acs-Request-Id", "00000000-0000-4000-8000-000000000000")
	assert.Equal(t, []string{"header x-acs-request-id 00000000-0000-4000-8000-000000000000 is not the RequestId B95BE680-5A6A-1CAD-8AB1-09DFF5D6A1B2"}, CheckHeaders(other, body))
	assert.Equal(t, []string{"header x-acs-request-id is missing", "header x-acs-trace-id is missing"}, CheckHeaders(http.Header{}, body))
}
