package mock

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// Every shape an answer may hold: strings that need escaping, times,
// integers, bools, lists of strings and of objects, counters, an embedded
// struct, an embedded pointer (set and nil), optional pointers (set and nil).
type shapeItem struct {
	GroupID string   `json:"GroupId"`
	Info    string   `json:"Info"`
	Admins  []string `json:"Admins"`
}

type shapeInner struct {
	Zeta  bool                 `json:"Zeta"`
	Alpha contract.UnixSeconds `json:"Alpha"`
}

type shapeLater struct {
	Omega string `json:"Omega"`
}

type shapeAnswer struct {
	shapeInner
	*shapeLater
	*groupDeletion
	Delete     bool                `json:"Delete"`
	Createtime contract.UnixMillis `json:"Createtime"`
	MsgType    int                 `json:"MsgType"`
	Seq        int64               `json:"Seq"`
	Small      int32               `json:"Small"`
	AdminList  []string            `json:"AdminList"`
	Empty      []string            `json:"Empty"`
	MsgAmount  map[string]int64    `json:"MsgAmount"`
	GroupList  []shapeItem         `json:"GroupList"`
	Broken     string              `json:"Broken"`
	Token      *string             `json:"Token,omitempty"`
	Absent     *int64              `json:"Absent,omitempty"`
}

// sortedJSON is v as encoding/json writes it, with a RequestId added and
// the keys of every object sorted (encoding/json sorts map keys), without
// HTML escaping: what the emulator's answers were when they were maps.
func sortedJSON(t *testing.T, v any, rid string) []byte {
	t.Helper()
	ref, err := json.Marshal(v)
	require.NoError(t, err)
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(ref))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m))
	m["RequestId"] = rid
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(m))
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}

// TestAnswerJSONMatchesEncodingJSON: the answer encoder writes, byte for
// byte, what encoding/json writes for the same struct with its keys sorted
// and the RequestId in its place, for every shape answers hold.
func TestAnswerJSONMatchesEncodingJSON(t *testing.T) {
	v := shapeAnswer{
		shapeInner: shapeInner{Zeta: true, Alpha: 1700000000},
		shapeLater: &shapeLater{Omega: "last"}, groupDeletion: &groupDeletion{Deletatime: 1700000001, Deletor: "op"},
		Delete: true, Createtime: 1700000000123, MsgType: 3, Seq: 1 << 40, Small: -7,
		AdminList: []string{"a", "b\"c"}, Empty: []string{}, MsgAmount: map[string]int64{"1": 2, "10": 3, "2": 0},
		GroupList: []shapeItem{{GroupID: "g<1>&", Info: "line\nnext\ttab\x01 é 中 \u2028", Admins: []string{}}, {GroupID: "g2", Admins: []string{"x"}}},
		Broken:    "\ufffd", Token: new("next"),
	}
	for _, rid := range []string{"0A1B2C3D-0000-4000-8000-000000000001"} {
		got := appendAnswer(nil, codecOf(reflect.TypeFor[shapeAnswer]()), v, rid)
		assert.Equal(t, string(sortedJSON(t, v, rid)), string(got))
	}
	// Invalid UTF-8 is written as encoding/json writes it (the reference
	// above decodes and re-encodes, which would lose the escape).
	ref, _ := json.Marshal("a\xffb")
	assert.Equal(t, string(ref), string(appendString(nil, "a\xffb")))
	// The optional fields and the embedded pointers, unset, are left out.
	v.shapeLater, v.groupDeletion, v.Token = nil, nil, nil
	got := appendAnswer(nil, codecOf(reflect.TypeFor[shapeAnswer]()), v, "R")
	assert.Equal(t, string(sortedJSON(t, v, "R")), string(got))
	assert.NotContains(t, string(got), "Omega")
	assert.NotContains(t, string(got), "Deletatime")
	assert.NotContains(t, string(got), "Absent")
}

// TestNilListIsEmptyList: a list the handler left nil is [] on the wire
// (the contract's lists are never null), in JSON and in XML.
func TestNilListIsEmptyList(t *testing.T) {
	got := appendAnswer(nil, codecOf(reflect.TypeFor[describeBandAnswer]()), describeBandAnswer{GroupID: "g"}, "R")
	assert.JSONEq(t, `{"GroupId":"g","IsbannedAll":false,"BannedUserList":[],"UnbannedUserList":[],"RequestId":"R"}`, string(got))
	op, _ := contract.Default().Operation("ListLiveMessageGroups")
	xmlBody := encodeXML("ListLiveMessageGroupsResponse", op.Result, codecOf(reflect.TypeFor[listGroupsAnswer]()),
		listGroupsAnswer{GroupList: []groupSummary{{GroupID: "g&1"}}, NextpageToken: new("20")}, "R")
	assert.Equal(t, "<?xml version='1.0' encoding='UTF-8'?><ListLiveMessageGroupsResponse><GroupList><Groups><AdminList></AdminList>"+
		"<Createtime>0</Createtime><CreatorId></CreatorId><Delete>false</Delete><GroupId>g&amp;1</GroupId><GroupInfo></GroupInfo>"+
		"<GroupName></GroupName></Groups></GroupList><Hasmore>false</Hasmore><NextpageToken>20</NextpageToken><RequestId>R</RequestId>"+
		"</ListLiveMessageGroupsResponse>", string(xmlBody))
}

// TestXMLAnswerShape: list items are named by @xmlItem, counters are
// entries keyed by attribute, objects nest, a nil embedded pointer leaves
// its fields out, and the RequestId sits in its sorted place.
func TestXMLAnswerShape(t *testing.T) {
	op, _ := contract.Default().Operation("DescribeLiveMessageGroup")
	a := describeGroupAnswer{groupSummary: groupSummary{GroupID: "g1", AdminList: []string{"ad<1>"}, Createtime: 1700000000},
		groupCounters: &groupCounters{TotalTimes: 2, MsgAmount: map[string]int64{"2": 5, "1": 4}}}
	got := string(encodeXML("DescribeLiveMessageGroupResponse", op.Result, codecOf(reflect.TypeFor[describeGroupAnswer]()), a, "R"))
	assert.Equal(t, "<?xml version='1.0' encoding='UTF-8'?><DescribeLiveMessageGroupResponse><AdminList><Admins>ad&lt;1&gt;</Admins></AdminList>"+
		"<Createtime>1700000000</Createtime><CreatorId></CreatorId><Delete>false</Delete><GroupId>g1</GroupId><GroupInfo></GroupInfo>"+
		`<GroupName></GroupName><MsgAmount><entry key="1">4</entry><entry key="2">5</entry></MsgAmount><OnlineUserCounts>0</OnlineUserCounts>`+
		"<RequestId>R</RequestId><SuperLargeGroup>false</SuperLargeGroup><TotalTimes>2</TotalTimes></DescribeLiveMessageGroupResponse>", got)
	op, _ = contract.Default().Operation("ListLiveMessageGroupMessages")
	m := listMessagesAnswer{GroupID: "g1", MessageList: []groupMessage{{Body: "b", Sender: messageSender{UserID: "u1"}}}}
	got = string(encodeXML("R", op.Result, codecOf(reflect.TypeFor[listMessagesAnswer]()), m, "R"))
	assert.Contains(t, got, "<MessageList><Messages><Body>b</Body><MsgTid></MsgTid><MsgType>0</MsgType><Sender><UserId>u1</UserId><UserInfo></UserInfo></Sender>")
}

// TestCodecRefusesWhatNoAnswerMayHold: an answer type the encoders cannot
// write faithfully is refused when its codec is built (the route table
// builds every handler's when the package loads), never while answering.
func TestCodecRefusesWhatNoAnswerMayHold(t *testing.T) {
	cases := map[string]reflect.Type{
		"not a struct":     reflect.TypeFor[[]string](),
		"no json tag":      reflect.TypeFor[struct{ GroupID string }](),
		"unexported field": reflect.TypeFor[struct{ id string }](),
		"pointer without omitempty": reflect.TypeFor[struct {
			A *string `json:"A"`
		}](),
		"omitempty on a value": reflect.TypeFor[struct {
			A string `json:"A,omitempty"`
		}](),
		"a float": reflect.TypeFor[struct {
			A float64 `json:"A"`
		}](),
		"an unsigned integer": reflect.TypeFor[struct {
			A uint `json:"A"`
		}](),
		"a map other than counters": reflect.TypeFor[struct {
			A map[string]string `json:"A"`
		}](),
		"an interface": reflect.TypeFor[struct {
			A any `json:"A"`
		}](),
		"a list of pointers": reflect.TypeFor[struct {
			A []*shapeItem `json:"A"`
		}](),
		"two fields of one name": reflect.TypeFor[struct {
			shapeLater
			Other string `json:"Omega"`
		}](),
		"an embedded non-struct": reflect.TypeFor[struct{ contract.UnixSeconds }](),
	}
	for name, typ := range cases {
		assert.Panics(t, func() { buildCodec(typ) }, name)
	}
	assert.NotPanics(t, func() { buildCodec(reflect.TypeFor[shapeAnswer]()) })
}

// BenchmarkAnswerJSON: building and writing a live group's description,
// the answer on the benchmarks' hot path (go test -bench AnswerJSON).
func BenchmarkAnswerJSON(b *testing.B) {
	g := store.GroupView{ID: "g1", Name: "name", Info: "info", CreatorID: "creator", Admins: []string{"a1", "a2"},
		TotalTimes: 3, OnlineUsers: 2, MsgTypes: map[string]int64{"1": 4}}
	h := handlers["DescribeLiveMessageGroup"]
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		a := describeGroupAnswer{groupSummary: summaryOf(g), SuperLargeGroup: g.SuperLarge,
			groupCounters: &groupCounters{TotalTimes: g.TotalTimes, OnlineUserCounts: g.OnlineUsers, MsgAmount: g.MsgTypes}}
		res := result{answer: a, codec: h.answer}
		buf = appendAnswer(buf[:0], res.codec, res.answer, "0A1B2C3D-0000-4000-8000-000000000001")
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00\xff", "中文\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var back string
		if err := json.Unmarshal(appendString(nil, s), &back); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		ref, _ := json.Marshal(s)
		var want string
		_ = json.Unmarshal(ref, &want)
		if back != want {
			t.Fatalf("%q: got %q want %q", s, back, want)
		}
	})
}
