package mock_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// get calls the emulator (no signature) and returns the recorder.
func get(h http.Handler, action string, params map[string]string) *httptest.ResponseRecorder {
	q := url.Values{"Action": {action}, "Version": {"2016-11-01"}}
	for k, v := range params {
		q.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?"+q.Encode(), nil))
	return rec
}

func reqOf(action string, params map[string]string) aliyun.Request {
	return aliyun.Request{Action: action, Params: params}
}

func jsonOf(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m), "%s", rec.Body)
	return m
}

// lifecycle makes an app with a group g1 that u1 joined, one message sent.
func lifecycle(t *testing.T) (*mock.Emulator, string) {
	t.Helper()
	e := mock.New(mock.Config{})
	app, err := e.Store().CreateApp(store.AppSpec{Owner: mock.DefaultAccount})
	require.NoError(t, err)
	_, err = e.Store().CreateGroup(app.ID, store.GroupSpec{ID: "g1", Admins: []string{"ad1", "ad2"}})
	require.NoError(t, err)
	require.NoError(t, e.Store().Join(app.ID, "g1", "u1"))
	_, err = e.Store().Send(app.ID, "g1", store.Message{SenderID: "u1", Body: "hi", MsgType: 3})
	require.NoError(t, err)
	require.NoError(t, e.Store().AddBans(app.ID, "g1", []string{"m1", "m2"}))
	return e, app.ID
}

var traceIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestEveryAnswerCarriesRequestAndTraceIDs: success and error, JSON and
// XML, every answer has x-acs-request-id equal to its RequestId and an
// x-acs-trace-id of its own.
func TestEveryAnswerCarriesRequestAndTraceIDs(t *testing.T) {
	e, app := lifecycle(t)
	seen := map[string]bool{}
	for _, tc := range []struct {
		name, action string
		params       map[string]string
	}{
		{"success", "DescribeLiveMessageGroup", map[string]string{"AppId": app, "GroupId": "g1"}},
		{"product error", "DescribeLiveMessageGroup", map[string]string{"AppId": app, "GroupId": "nope"}},
		{"gateway error", "DescribeLiveMessageGroup", map[string]string{"GroupId": "g1"}},
		{"success in XML", "DescribeLiveMessageGroup", map[string]string{"AppId": app, "GroupId": "g1", "Format": "XML"}},
		{"error in XML", "DescribeLiveMessageGroup", map[string]string{"AppId": app, "GroupId": "nope", "Format": "XML"}},
		{"unknown action", "Nope", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(e, tc.action, tc.params)
			rid := rec.Header().Get("X-Acs-Request-Id")
			assert.Regexp(t, upperUUID, rid)
			assert.Equal(t, requestIDOf(rec), rid, "x-acs-request-id is the body's RequestId")
			trace := rec.Header().Get("X-Acs-Trace-Id")
			assert.Regexp(t, traceIDPattern, trace)
			assert.False(t, seen[trace], "each answer has its own trace id")
			seen[trace] = true
		})
	}
}

// TestXMLListItemsAreNamedAsTheMetadata: list items in XML answers are
// elements named as the metadata names them, and the XML is well formed.
func TestXMLListItemsAreNamedAsTheMetadata(t *testing.T) {
	e, app := lifecycle(t)
	for _, tc := range []struct {
		action string
		params map[string]string
		want   []string
	}{
		{"DescribeLiveMessageGroup", map[string]string{"GroupId": "g1"},
			[]string{"<AdminList><Admins>ad1</Admins><Admins>ad2</Admins></AdminList>", `<MsgAmount><entry key="3">1</entry></MsgAmount>`}},
		{"ListLiveMessageGroups", map[string]string{"SortType": "1"},
			[]string{"<GroupList><Groups><AdminList><Admins>ad1</Admins><Admins>ad2</Admins></AdminList>"}},
		{"ListLiveMessageGroupMessages", map[string]string{"GroupId": "g1", "SortType": "1", "PageSize": "10"},
			[]string{"<MessageList><Messages><Body>hi</Body>", "<Sender><UserId>u1</UserId>"}},
		{"DescribeLiveMessageGroupBand", map[string]string{"GroupId": "g1"},
			[]string{"<BannedUserList><BannedUsers>m1</BannedUsers><BannedUsers>m2</BannedUsers></BannedUserList>", "<UnbannedUserList></UnbannedUserList>"}},
	} {
		t.Run(tc.action, func(t *testing.T) {
			tc.params["AppId"], tc.params["Format"] = app, "XML"
			rec := get(e, tc.action, tc.params)
			require.Equal(t, 200, rec.Code, "%s", rec.Body)
			body := rec.Body.String()
			assert.NotContains(t, body, "<item>", "no invented item element")
			for _, w := range tc.want {
				assert.Contains(t, body, w)
			}
			dec := xml.NewDecoder(strings.NewReader(body))
			for {
				_, err := dec.Token()
				if err != nil {
					assert.Equal(t, "EOF", err.Error(), "well-formed XML: %s", body)
					break
				}
			}
		})
	}
}

// TestDescribeFieldsAsDocumented: an active group has its counters and
// SuperLargeGroup, no Deletatime or Deletor; a deleted one the reverse; the
// times are UNIX seconds of the emulator's clock.
func TestDescribeFieldsAsDocumented(t *testing.T) {
	at := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	clock := store.NewOffsetClock(func() time.Time { return at })
	e := mock.New(mock.Config{Clock: clock})
	app, err := e.Store().CreateApp(store.AppSpec{Owner: mock.DefaultAccount})
	require.NoError(t, err)
	_, err = e.Store().CreateGroup(app.ID, store.GroupSpec{ID: "g1"})
	require.NoError(t, err)

	active := jsonOf(t, get(e, "DescribeLiveMessageGroup", map[string]string{"AppId": app.ID, "GroupId": "g1"}))
	assert.Equal(t, float64(at.Unix()), active["Createtime"], "Createtime in UNIX seconds")
	for _, f := range []string{"TotalTimes", "OnlineUserCounts", "MsgAmount", "SuperLargeGroup"} {
		assert.Contains(t, active, f)
	}
	assert.Equal(t, false, active["SuperLargeGroup"])
	assert.Equal(t, "", active["CreatorId"], "created without a CreatorId")
	assert.NotContains(t, active, "Deletatime")
	assert.NotContains(t, active, "Deletor")

	clock.Advance(90 * time.Second)
	require.Equal(t, 200, get(e, "DeleteLiveMessageGroup", map[string]string{"AppId": app.ID, "GroupId": "g1", "OperatorId": "op1"}).Code)
	deleted := jsonOf(t, get(e, "DescribeLiveMessageGroup", map[string]string{"AppId": app.ID, "GroupId": "g1"}))
	assert.Equal(t, float64(at.Unix()+90), deleted["Deletatime"], "Deletatime in UNIX seconds")
	assert.Equal(t, "op1", deleted["Deletor"])
	for _, f := range []string{"TotalTimes", "OnlineUserCounts", "MsgAmount"} {
		assert.NotContains(t, deleted, f, "the counters only while the group exists")
	}
	list := jsonOf(t, get(e, "ListLiveMessageGroups", map[string]string{"AppId": app.ID, "SortType": "1", "NextPageToken": "-1"}))
	groups, _ := list["GroupList"].([]any)
	require.Len(t, groups, 1, "-1 is the first page")
	assert.Equal(t, float64(at.Unix()), groups[0].(map[string]any)["Createtime"])
}

// TestSendAnswersMsgTid: the answer carries the MsgTid sent, or the one
// the emulator gave the message, which lists it.
func TestSendAnswersMsgTid(t *testing.T) {
	e, app := lifecycle(t)
	given := jsonOf(t, get(e, "SendLiveMessageGroup", map[string]string{"AppId": app, "GroupId": "g1", "SenderId": "u1", "MsgTid": "tid7", "Weight": "1000000"}))
	assert.Equal(t, "tid7", given["MsgTid"])
	made := jsonOf(t, get(e, "SendLiveMessageGroup", map[string]string{"AppId": app, "GroupId": "g1", "SenderId": "u1"}))
	tid, _ := made["MsgTid"].(string)
	assert.Regexp(t, `^[a-z0-9]{16}$`, tid, "a MsgTid is made for a message sent without one (and without MsgType)")
	list := jsonOf(t, get(e, "ListLiveMessageGroupMessages", map[string]string{"AppId": app, "GroupId": "g1", "SortType": "2", "PageSize": "10"}))
	msgs, _ := list["MessageList"].([]any)
	require.NotEmpty(t, msgs)
	newest := msgs[0].(map[string]any)
	assert.Equal(t, tid, newest["MsgTid"])
	assert.Equal(t, float64(0), newest["MsgType"], "no MsgType is type 0")
}

// TestProductErrorMessagesAreDynamic: a product code's Message says what
// was wrong (the tables give "%s."), never only the table's description.
func TestProductErrorMessagesAreDynamic(t *testing.T) {
	e, app := lifecycle(t)
	c := contract.Default()
	_, err := e.Store().SeedGroups(app, "s", store.MaxGroupsPerApp)
	require.ErrorIs(t, err, store.ErrTooManyGroups)
	for _, tc := range []struct {
		name, action, code, names string
		params                    map[string]string
	}{
		{"missing group", "DescribeLiveMessageGroup", "ResourceNotExist", "nope", map[string]string{"AppId": app, "GroupId": "nope"}},
		{"missing app", "DescribeLiveMessageGroup", "ResourceNotExist", "AppId", map[string]string{"AppId": "noapp", "GroupId": "g1"}},
		{"bad value", "SendLiveMessageGroup", "InputInvalid", "Weight", map[string]string{"AppId": app, "GroupId": "g1", "SenderId": "u1", "Weight": "1000001"}},
		{"state", "RecoverLiveMessageDeletedGroup", "InputInvalid", "g1", map[string]string{"AppId": app, "GroupId": "g1"}},
		{"cap", "CreateLiveMessageGroup", "ErrorTooManyGroups", "extra1", map[string]string{"AppId": app, "GroupId": "extra1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(e, tc.action, tc.params)
			body := jsonOf(t, rec)
			require.Equal(t, tc.code, body["Code"], "%s", rec.Body)
			ec, _ := c.Code(tc.code)
			msg, _ := body["Message"].(string)
			assert.NotEqual(t, ec.Description, msg, "not the table's fixed description")
			assert.Contains(t, msg, tc.names, "the message names what was wrong")
		})
	}
}

// TestRAMResources: CreateLiveMessageApp and ModifyLiveMessageUserInfo are
// checked on All Resources ("*", their pages' RAM tables); the group
// operations on the app's resource.
func TestRAMResources(t *testing.T) {
	const acct = "acct9"
	onApps := &mock.Policy{Allow: []mock.Statement{{Actions: []string{"live:*"}, Resources: []string{"acs:live::" + acct + ":rtc/*"}}}}
	onAll := &mock.Policy{Allow: []mock.Statement{{Actions: []string{"live:CreateLiveMessageApp", "live:SendLiveMessageGroup", "live:ModifyLiveMessageUserInfo"}, Resources: []string{"*"}}}}
	srv := mock.NewServer(mock.WithKey(mock.Key{ID: "apps", Secret: "s1", Account: acct, Policy: onApps}),
		mock.WithKey(mock.Key{ID: "all", Secret: "s2", Account: acct, Policy: onAll}))
	defer srv.Close()
	apps, all := newClient(srv, "apps", "s1"), newClient(srv, "all", "s2")
	ctx := t.Context()

	resp, err := apps.Do(ctx, reqOf("CreateLiveMessageApp", nil))
	require.NoError(t, err)
	assert.Equal(t, "NoAuth", resp.Code, "a policy on rtc/* does not cover All Resources")
	assert.Contains(t, resp.Message, "live:CreateLiveMessageApp on *")
	resp, err = all.Do(ctx, reqOf("CreateLiveMessageApp", nil))
	require.NoError(t, err)
	require.True(t, resp.OK(), "%s %s", resp.Code, resp.Message)
	app, _ := resp.Fields["AppId"].(string)

	resp, err = apps.Do(ctx, reqOf("CreateLiveMessageGroup", map[string]string{"AppId": app, "GroupId": "g1"}))
	require.NoError(t, err)
	assert.True(t, resp.OK(), "a group operation is checked on the app's resource: %s %s", resp.Code, resp.Message)

	info := map[string]string{"AppId": app, "UserId": "u1", "UserMetaInfo": "nick"}
	resp, err = apps.Do(ctx, reqOf("ModifyLiveMessageUserInfo", info))
	require.NoError(t, err)
	assert.Equal(t, "NoAuth", resp.Code, "ModifyLiveMessageUserInfo is checked on All Resources, not the app's")
	assert.Contains(t, resp.Message, "live:ModifyLiveMessageUserInfo on *")
	resp, err = all.Do(ctx, reqOf("ModifyLiveMessageUserInfo", info))
	require.NoError(t, err)
	assert.True(t, resp.OK(), "%s %s", resp.Code, resp.Message)
}
