package mock

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

var (
	secondsType = reflect.TypeFor[contract.UnixSeconds]()
	millisType  = reflect.TypeFor[contract.UnixMillis]()
)

// answerProblems lists every way an answer type (its codec: the fields as
// the encoders write them) departs from the contract's result fields, both
// ways: a field the result type does not have, a field of the wrong kind
// (a time in the wrong unit or untyped, an int where a string is due, a
// list where a value is), a field that may be left out where the contract
// says it is always present, and a field the contract says is always
// present that the answer lacks. path prefixes the names of a nested
// object; at the top, RequestId is the wire layer's.
func answerProblems(fields []*contract.Field, c *structCodec, path string) []string {
	var out []string
	has := map[string]bool{}
	for _, f := range c.fields {
		name := path + f.name
		has[f.name] = true
		cf := fieldOf(fields, f.name)
		switch {
		case path == "" && f.name == "RequestId":
			out = append(out, "RequestId is in the answer: the wire layer writes it")
			continue
		case cf == nil:
			out = append(out, name+" is not a field of the result type")
			continue
		case f.optional && !cf.Optional:
			out = append(out, name+" may be left out (a pointer, or in an embedded pointer), but the contract says it is always present")
		}
		out = append(out, kindProblems(cf, f.typ, name)...)
	}
	for _, cf := range fields {
		if !cf.Optional && !has[cf.Name] && (path != "" || cf.Name != "RequestId") {
			out = append(out, path+cf.Name+" is missing; the contract says it is always present")
		}
	}
	sort.Strings(out)
	return out
}

// kindProblems checks the Go type t of a field against contract field cf.
func kindProblems(cf *contract.Field, t reflect.Type, name string) []string {
	if cf.List != (t.Kind() == reflect.Slice) {
		return []string{fmt.Sprintf("%s is a %v; the contract's is a list: %v", name, t, cf.List)}
	}
	if cf.List {
		t = t.Elem()
	}
	isTime := t == secondsType || t == millisType
	want := ""
	switch cf.Kind {
	case contract.KindString:
		if t.Kind() != reflect.String {
			want = "a string"
		}
	case contract.KindBool:
		if t.Kind() != reflect.Bool {
			want = "a bool"
		}
	case contract.KindInt:
		if k := t.Kind(); isTime || (k != reflect.Int && k != reflect.Int32) {
			want = "an int or int32 (Int)"
		}
	case contract.KindLong:
		if k := t.Kind(); isTime || (k != reflect.Int && k != reflect.Int64) {
			want = "an int or int64 (Long)"
		}
	case contract.KindTime:
		if cf.Unit == contract.Millis && t != millisType {
			want = "a contract.UnixMillis"
		} else if cf.Unit != contract.Millis && t != secondsType {
			want = "a contract.UnixSeconds"
		}
	case contract.KindCounts:
		if t != countsType {
			want = "a map[string]int64 (Counts)"
		}
	case contract.KindObject:
		if t.Kind() != reflect.Struct {
			want = "a struct"
			break
		}
		return answerProblems(cf.Fields, codecOf(t), name+".")
	}
	if want != "" {
		return []string{fmt.Sprintf("%s is a %v, want %s", name, t, want)}
	}
	return nil
}

// TestAnswerTypesMatchContract holds the answer type of every handler of
// the route table (the A of its function, which route records) to its
// operation's result type in the contract.
func TestAnswerTypesMatchContract(t *testing.T) {
	c := contract.Default()
	for _, op := range c.Operations() {
		h, ok := handlers[op.Name]
		require.True(t, ok, op.Name)
		require.NotNil(t, h.answer, op.Name)
		assert.Empty(t, answerProblems(op.Result, h.answer, ""), "%s answers %v", op.Name, h.answer.typ)
	}
}

// TestAnswerTypeCheckCatchesDrift: the check of TestAnswerTypesMatchContract
// fails on each plausible mistake in an answer struct, shown on a handler
// made the way the route table makes them.
func TestAnswerTypeCheckCatchesDrift(t *testing.T) {
	op := func(name string) []*contract.Field {
		o, ok := contract.Default().Operation(name)
		require.True(t, ok, name)
		return o.Result
	}
	// A handler whose answer misspells GroupId: the type check sees the
	// type of the function, through route, as for every entry of the table.
	misspelt := route(func(e *Emulator, c call) (struct {
		GroupID string `json:"GroupID"`
	}, *contract.Error) {
		return struct {
			GroupID string `json:"GroupID"`
		}{GroupID: c.params.Get("GroupId")}, nil
	})
	assert.Equal(t, []string{
		"GroupID is not a field of the result type",
		"GroupId is missing; the contract says it is always present",
	}, answerProblems(op("DeleteLiveMessageGroup"), misspelt.answer, ""))

	type badSummary struct {
		GroupID    string               `json:"GroupId"`
		GroupName  string               `json:"GroupName"`
		GroupInfo  string               `json:"GroupInfo"`
		CreatorID  string               `json:"CreatorID"` // misspelt in a list item
		Createtime contract.UnixSeconds `json:"Createtime"`
		Delete     bool                 `json:"Delete"`
		AdminList  []string             `json:"AdminList"`
	}
	cases := []struct {
		name, op string
		answer   reflect.Type
		want     []string
	}{
		{"a required field missing", "CreateLiveMessageGroup", reflect.TypeFor[struct {
			GroupID       string `json:"GroupId"`
			AlreadyExists bool   `json:"AlreadyExists"`
		}](), []string{"AlreadyDelete is missing; the contract says it is always present"}},
		{"a field the result type lacks", "DeleteLiveMessageGroup", reflect.TypeFor[struct {
			GroupID string `json:"GroupId"`
			Extra   int64  `json:"Extra"`
		}](), []string{"Extra is not a field of the result type"}},
		{"a time in milliseconds where seconds are due", "ListLiveMessageGroupMessages", reflect.TypeFor[struct {
			GroupID       string `json:"GroupId"`
			NextPageToken int64  `json:"NextPageToken"`
			Hasmore       bool   `json:"Hasmore"`
			MessageList   []struct {
				Body          string              `json:"Body"`
				Timestamp     contract.UnixMillis `json:"Timestamp"`
				MsgTid        string              `json:"MsgTid"`
				MsgType       int64               `json:"MsgType"`
				SeqNumber     int64               `json:"SeqNumber"`
				TotalMessages int64               `json:"TotalMessages"`
				Sender        messageSender       `json:"Sender"`
			} `json:"MessageList"`
		}](), []string{"MessageList.Timestamp is a contract.UnixMillis, want a contract.UnixSeconds"}},
		{"a time as a bare integer, a Long as a time", "DescribeLiveMessageApp", reflect.TypeFor[struct {
			AppID            string               `json:"AppId"`
			AppName          string               `json:"AppName"`
			AppKey           string               `json:"AppKey"`
			AppSign          string               `json:"AppSign"`
			AuditType        int                  `json:"AuditType"`
			EventCallbackURL string               `json:"EventCallbackUrl"`
			Disable          bool                 `json:"Disable"`
			CreateTime       int64                `json:"CreateTime"`
			ModifyTime       contract.UnixSeconds `json:"ModifyTime"`
			MsgLifeCycle     contract.UnixSeconds `json:"MsgLifeCycle"`
			DataCenter       string               `json:"DataCenter"`
		}](), []string{"CreateTime is a int64, want a contract.UnixSeconds", "MsgLifeCycle is a contract.UnixSeconds, want an int or int32 (Int)"}},
		{"a bool where an Int is due, an int64 where an Int is", "ListLiveMessageGroupByPage", reflect.TypeFor[struct {
			TotalCount int64          `json:"TotalCount"`
			PageNumber int            `json:"PageNumber"`
			PageSize   bool           `json:"PageSize"`
			GroupList  []groupSummary `json:"GroupList"`
		}](), []string{"PageSize is a bool, want an int or int32 (Int)", "TotalCount is a int64, want an int or int32 (Int)"}},
		{"a misspelt field of a list item", "ListLiveMessageGroups", reflect.TypeFor[struct {
			Hasmore   bool         `json:"Hasmore"`
			GroupList []badSummary `json:"GroupList"`
		}](), []string{"GroupList.CreatorID is not a field of the result type", "GroupList.CreatorId is missing; the contract says it is always present"}},
		{"a list held as one value, a value as a list", "DescribeLiveMessageGroupBand", reflect.TypeFor[struct {
			GroupID          []string `json:"GroupId"`
			IsbannedAll      bool     `json:"IsbannedAll"`
			BannedUserList   string   `json:"BannedUserList"`
			UnbannedUserList []string `json:"UnbannedUserList"`
		}](), []string{"BannedUserList is a string; the contract's is a list: true", "GroupId is a []string; the contract's is a list: false"}},
		{"a required field that may be left out", "RecoverLiveMessageDeletedGroup", reflect.TypeFor[struct {
			GroupID *string `json:"GroupId,omitempty"`
		}](), []string{"GroupId may be left out (a pointer, or in an embedded pointer), but the contract says it is always present"}},
		{"required fields in an embedded pointer", "DescribeLiveMessageGroup", reflect.TypeFor[struct {
			*groupSummary
			SuperLargeGroup bool `json:"SuperLargeGroup"`
		}](), []string{
			"AdminList may be left out (a pointer, or in an embedded pointer), but the contract says it is always present",
			"Createtime may be left out (a pointer, or in an embedded pointer), but the contract says it is always present",
			"CreatorId may be left out (a pointer, or in an embedded pointer), but the contract says it is always present",
			"Delete may be left out (a pointer, or in an embedded pointer), but the contract says it is always present",
			"GroupId may be left out (a pointer, or in an embedded pointer), but the contract says it is always present",
			"GroupInfo may be left out (a pointer, or in an embedded pointer), but the contract says it is always present",
			"GroupName may be left out (a pointer, or in an embedded pointer), but the contract says it is always present",
		}},
		{"counters of the wrong type", "DescribeLiveMessageGroup", reflect.TypeFor[struct {
			groupSummary
			SuperLargeGroup bool   `json:"SuperLargeGroup"`
			MsgAmount       *int64 `json:"MsgAmount,omitempty"`
		}](), []string{"MsgAmount is a int64, want a map[string]int64 (Counts)"}},
		{"the RequestId in the answer", "KickLiveMessageGroupUser", reflect.TypeFor[struct {
			RequestID string `json:"RequestId"`
		}](), []string{"RequestId is in the answer: the wire layer writes it"}},
		{"a misspelt field of a nested object", "ListLiveMessageGroupMessages", reflect.TypeFor[struct {
			GroupID       string `json:"GroupId"`
			NextPageToken int64  `json:"NextPageToken"`
			Hasmore       bool   `json:"Hasmore"`
			MessageList   []struct {
				Body          string               `json:"Body"`
				Timestamp     contract.UnixSeconds `json:"Timestamp"`
				MsgTid        string               `json:"MsgTid"`
				MsgType       int                  `json:"MsgType"`
				SeqNumber     int64                `json:"SeqNumber"`
				TotalMessages int64                `json:"TotalMessages"`
				Sender        struct {
					UserID string `json:"UserID"`
					Info   string `json:"UserInfo"`
				} `json:"Sender"`
			} `json:"MessageList"`
		}](), []string{"MessageList.Sender.UserID is not a field of the result type", "MessageList.Sender.UserId is missing; the contract says it is always present"}},
	}
	for _, tc := range cases {
		got := answerProblems(op(tc.op), codecOf(tc.answer), "")
		assert.Equal(t, tc.want, got, tc.name)
		assert.NotEmpty(t, got, "%s: the check must fail", tc.name)
	}
}

// answerJSON runs an operation (params validated as a request's) and
// decodes the JSON its answer is written as.
func answerJSON(t *testing.T, e *Emulator, action string, params contract.Params) map[string]any {
	t.Helper()
	op, ok := e.c.Operation(action)
	require.True(t, ok, action)
	require.Nil(t, e.c.Validate(op, params), "%s %v", action, params)
	res := e.dispatch(call{action: action, op: op, params: params, key: Key{Account: DefaultAccount}})
	require.Nil(t, res.err, "%s: %v", action, res.err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(appendAnswer(nil, res.codec, res.answer, "R"), &out))
	return out
}

// TestDescribeGroupAnswersCountersOrDeletion: a live group's description
// has its counters and no deletion, a deleted group's the deletion and no
// counters ([meta] describe_live_message_group_response_body_model.go).
func TestDescribeGroupAnswersCountersOrDeletion(t *testing.T) {
	e := New(Config{})
	app, err := e.store.CreateApp(store.AppSpec{Owner: DefaultAccount})
	require.NoError(t, err)
	a := app.ID
	answerJSON(t, e, "CreateLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}, "Administrators": {"ad1"}})
	require.NoError(t, e.store.Join(a, "g1", "u1"))
	answerJSON(t, e, "SendLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}, "SenderId": {"u1"}, "Body": {"hi"}, "MsgType": {"3"}})
	live := answerJSON(t, e, "DescribeLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}})
	assert.Equal(t, map[string]any{"3": float64(1)}, live["MsgAmount"])
	assert.Equal(t, float64(1), live["TotalTimes"])
	assert.Equal(t, float64(1), live["OnlineUserCounts"])
	assert.NotContains(t, live, "Deletatime")
	assert.NotContains(t, live, "Deletor")

	answerJSON(t, e, "DeleteLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}, "OperatorId": {"op1"}})
	deleted := answerJSON(t, e, "DescribeLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}})
	assert.Equal(t, "op1", deleted["Deletor"])
	assert.Equal(t, true, deleted["Delete"])
	assert.InDelta(t, float64(e.clock.Now().Unix()), deleted["Deletatime"], 5, "Deletatime in seconds")
	for _, f := range []string{"TotalTimes", "OnlineUserCounts", "MsgAmount"} {
		assert.NotContains(t, deleted, f)
	}
	assert.Equal(t, []any{"ad1"}, deleted["AdminList"])
}
