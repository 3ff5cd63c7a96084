package mock_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// The admin API under /_mock/, route by route: each test checks what the
// route does to the emulator (through the RPC API where it shows there),
// not only its status. Bad input, wrong methods and unknown paths are in
// TestAdminBadInputChangesNothing, TestAdminMethodNotAllowed and
// TestAdminUnknownPath.

// answer is an admin API answer: status, headers, the JSON object.
type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// admin sends one admin API request ("" body = none) and decodes its JSON
// object; every answer of the admin API is one.
func admin(t *testing.T, srv *mock.Server, method, path, body string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, rd)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"), "%s %s: %s", method, path, raw)
	require.NoError(t, json.Unmarshal(raw, &a.body), "%s %s answers a JSON object: %s", method, path, raw)
	return a
}

// ok sends an admin request that must succeed.
func ok(t *testing.T, srv *mock.Server, method, path, body string) map[string]any {
	t.Helper()
	a := admin(t, srv, method, path, body)
	require.Equal(t, http.StatusOK, a.status, "%s %s %s: %s", method, path, body, a.raw)
	return a.body
}

// offset reads the global clock offset the admin API reports.
func offset(t *testing.T, srv *mock.Server) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(ok(t, srv, "GET", "/_mock/clock", "")["offset"].(string))
	require.NoError(t, err)
	return d
}

// clockNow reads the time the admin API reports.
func clockNow(t *testing.T, srv *mock.Server) time.Time {
	t.Helper()
	now, err := time.Parse(time.RFC3339Nano, ok(t, srv, "GET", "/_mock/clock", "")["now"].(string))
	require.NoError(t, err)
	return now
}

func group(app, g string) map[string]string { return map[string]string{"AppId": app, "GroupId": g} }

// deleted seeds app "app1" with the groups and deletes them through the API.
func deleted(t *testing.T, srv *mock.Server, groups ...string) {
	t.Helper()
	seed := mock.AppSeed{ID: "app1"}
	for _, g := range groups {
		seed.Groups = append(seed.Groups, mock.GroupSeed{ID: g})
	}
	require.NoError(t, srv.Seed(seed))
	for _, g := range groups {
		require.True(t, call(t, srv, "DeleteLiveMessageGroup", group("app1", g)).OK())
	}
}

func recoverCode(t *testing.T, srv *mock.Server, g string) string {
	t.Helper()
	return call(t, srv, "RecoverLiveMessageDeletedGroup", group("app1", g)).Code
}

// TestAdminClockAdvance: POST /_mock/clock/advance moves the store's clock
// by the amount asked: a group deleted is still recoverable a minute
// before 30 days, purged at 30 days; GET /_mock/clock reports the offset.
func TestAdminClockAdvance(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	deleted(t, srv, "g1", "g2")
	before := time.Now()
	c := ok(t, srv, "GET", "/_mock/clock", "")
	assert.Equal(t, "0s", c["offset"])
	now := clockNow(t, srv)
	assert.WithinDuration(t, before, now, 5*time.Second, "no offset: real time")

	a := ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "719h59m"}`)
	assert.Equal(t, "719h59m0s", a["offset"], "the answer is the clock after the move")
	assert.Equal(t, "", recoverCode(t, srv, "g1"), "29 days 23 h 59 min after its deletion a group is recoverable")
	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "1m"}`)
	assert.Equal(t, 720*time.Hour, offset(t, srv), "offsets add up")
	assert.Equal(t, "ResourceNotExist", recoverCode(t, srv, "g2"), "30 days after, purged")
	assert.WithinDuration(t, time.Now().Add(720*time.Hour), clockNow(t, srv), 5*time.Second)

	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "0s"}`)
	assert.Equal(t, 720*time.Hour, offset(t, srv), "0s moves nothing")
}

// TestAdminClockAdvanceOneAccount: with "account" only that account's
// time moves: the global offset stays, other accounts' groups stay
// recoverable.
func TestAdminClockAdvanceOneAccount(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	deleted(t, srv, "g1", "g2")
	a := ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "720h", "account": "999"}`)
	assert.Equal(t, "999", a["account"])
	at, err := time.Parse(time.RFC3339Nano, a["now"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(720*time.Hour), at, 5*time.Second, "the answer is the account's time")
	assert.Zero(t, offset(t, srv), "the global clock did not move")
	assert.Equal(t, "", recoverCode(t, srv, "g1"), "another account's move leaves the default account's groups")

	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "720h", "account": "`+mock.DefaultAccount+`"}`)
	assert.Zero(t, offset(t, srv))
	assert.Equal(t, "ResourceNotExist", recoverCode(t, srv, "g2"), "the owner's own 30 days purge it")
}

// TestAdminClockSet: POST /_mock/clock/set puts the clock at the time
// asked, forward (a deleted group purged) or back.
func TestAdminClockSet(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	deleted(t, srv, "g1")
	target := time.Now().Add(31 * 24 * time.Hour).UTC().Truncate(time.Second)
	a := ok(t, srv, "POST", "/_mock/clock/set", `{"now": "`+target.Format(time.RFC3339)+`"}`)
	got, err := time.Parse(time.RFC3339Nano, a["now"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, target, got, 2*time.Second)
	assert.InDelta(t, (31 * 24 * time.Hour).Seconds(), offset(t, srv).Seconds(), 2)
	assert.Equal(t, "ResourceNotExist", recoverCode(t, srv, "g1"), "31 days later the group is purged")

	back := time.Now().Add(-time.Hour).UTC()
	ok(t, srv, "POST", "/_mock/clock/set", `{"now": "`+back.Format(time.RFC3339Nano)+`"}`)
	assert.InDelta(t, -time.Hour.Seconds(), offset(t, srv).Seconds(), 2, "an earlier time is a negative offset")
}

// TestAdminReset: POST /_mock/reset forgets apps, groups, events, faults,
// throttle windows, the request log and clock offsets; keys, limits and
// shapes stay.
func TestAdminReset(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithQPS("DescribeLiveMessageGroup", 1),
		mock.WithThrottle("DescribeLiveMessageGroup", mock.Throttle{Shape: mock.ShapeGCRA, Burst: 1}),
		mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1", Members: []string{"u1"}}}}))
	ok(t, srv, "POST", "/_mock/keys", `{"id": "kept", "secret": "s", "account": "777"}`)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError"}`)
	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "1h"}`)
	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "1h", "account": "`+mock.DefaultAccount+`"}`)
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).OK())
	assert.Equal(t, "Throttling.User", call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).Code, "1 per second, no burst")
	require.NotEmpty(t, ok(t, srv, "GET", "/_mock/events", "")["events"])
	require.NotEmpty(t, ok(t, srv, "GET", "/_mock/requests", "")["requests"])

	assert.Equal(t, map[string]any{"reset": true}, ok(t, srv, "POST", "/_mock/reset", ""))

	assert.Equal(t, http.StatusNotFound, admin(t, srv, "GET", "/_mock/apps/app1", "").status, "apps forgotten")
	assert.Empty(t, ok(t, srv, "GET", "/_mock/events", "")["events"], "events forgotten")
	assert.Empty(t, ok(t, srv, "GET", "/_mock/faults", "")["faults"], "faults forgotten")
	assert.Empty(t, ok(t, srv, "GET", "/_mock/requests", "")["requests"], "request log forgotten")
	assert.Zero(t, offset(t, srv), "global clock back")
	require.NoError(t, srv.Seed(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	deleteAnswer := call(t, srv, "DeleteLiveMessageGroup", group("app1", "g1"))
	assert.True(t, deleteAnswer.OK(), "no fault left: %s", deleteAnswer.Body)
	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "719h59m"}`)
	assert.Equal(t, "", recoverCode(t, srv, "g1"), "the account's own offset is gone too (else 30 days would have passed)")
	d := call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1"))
	assert.True(t, d.OK(), "the throttle window starts afresh: %s", d.Body)
	assert.Equal(t, "Throttling.User", call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).Code,
		"the limit and the shape stay")
	assert.Equal(t, "gcra:burst=1", ok(t, srv, "GET", "/_mock/throttle", "")["DescribeLiveMessageGroup"])
	assert.Contains(t, ok(t, srv, "GET", "/_mock/keys", "")["keys"], map[string]any{"id": "kept", "account": "777"}, "keys stay")
}

// TestAdminKeys: POST /_mock/keys adds or replaces a key that then signs
// calls of its account; GET lists keys without secrets; DELETE removes one.
func TestAdminKeys(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app2", Owner: "222", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	describe := func(id, secret string) string {
		t.Helper()
		c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: id, AccessKeySecret: secret})
		r, err := c.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Params: group("app2", "g1")})
		require.NoError(t, err)
		return r.Code
	}
	assert.Equal(t, "InvalidAccessKeyId.NotFound", describe("k2", "first-secret"))
	assert.Equal(t, map[string]any{"id": "k2", "account": "222"},
		ok(t, srv, "POST", "/_mock/keys", `{"id": "k2", "secret": "first-secret", "account": "222"}`))
	assert.Equal(t, "", describe("k2", "first-secret"), "the new key signs calls of account 222, which owns app2")
	assert.Equal(t, "ResourceNotExist", call(t, srv, "DescribeLiveMessageGroup", group("app2", "g1")).Code, "the default key is another account")

	list := admin(t, srv, "GET", "/_mock/keys", "")
	assert.Contains(t, list.body["keys"], map[string]any{"id": "k2", "account": "222"})
	assert.Contains(t, list.body["keys"], map[string]any{"id": mock.DefaultKeyID, "account": mock.DefaultAccount})
	assert.NotContains(t, list.raw, "first-secret", "secrets are never listed")
	assert.NotContains(t, list.raw, mock.DefaultKeySecret)

	ok(t, srv, "POST", "/_mock/keys", `{"id": "k2", "secret": "second-secret", "account": "222"}`)
	assert.Equal(t, "SignatureDoesNotMatch", describe("k2", "first-secret"), "a key posted again is replaced")
	assert.Equal(t, "", describe("k2", "second-secret"))
	assert.Equal(t, map[string]any{"id": "k3", "account": mock.DefaultAccount},
		ok(t, srv, "POST", "/_mock/keys", `{"id": "k3", "secret": "s3", "inactive": true}`), "the default account when none is given")
	assert.Equal(t, "InvalidAccessKeyId.Inactive", describe("k3", "s3"))
	ok(t, srv, "POST", "/_mock/keys", `{"id": "k4", "secret": "s4", "account": "222",
		"policy": {"allow": [{"actions": ["live:DescribeLiveMessageGroupBand"], "resources": ["*"]}]}}`)
	assert.Equal(t, "NoAuth", describe("k4", "s4"), "a policy that does not allow the action")

	assert.Equal(t, map[string]any{"deleted": "k2"}, ok(t, srv, "DELETE", "/_mock/keys/k2", ""))
	assert.Equal(t, "InvalidAccessKeyId.NotFound", describe("k2", "second-secret"), "a deleted key signs nothing")
	gone := admin(t, srv, "DELETE", "/_mock/keys/k2", "")
	assert.Equal(t, http.StatusNotFound, gone.status)
	assert.Contains(t, gone.body["error"], `no key "k2"`)
}

// TestAdminRequests: GET /_mock/requests lists the RPC calls newest first,
// limit=N of them (100 by default).
func TestAdminRequests(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1"))
	call(t, srv, "DescribeLiveMessageGroup", group("app1", "nosuch"))
	call(t, srv, "DeleteLiveMessageGroup", group("app1", "g1"))
	actions := func(q string) []string {
		t.Helper()
		var out []string
		for _, r := range ok(t, srv, "GET", "/_mock/requests"+q, "")["requests"].([]any) {
			out = append(out, r.(map[string]any)["action"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"DeleteLiveMessageGroup", "DescribeLiveMessageGroup", "DescribeLiveMessageGroup"}, actions(""), "newest first")
	assert.Equal(t, []string{"DeleteLiveMessageGroup", "DescribeLiveMessageGroup"}, actions("?limit=2"))
	assert.Empty(t, actions("?limit=0"))
	second := ok(t, srv, "GET", "/_mock/requests?limit=2", "")["requests"].([]any)[1].(map[string]any)
	assert.Equal(t, float64(404), second["status"])
	assert.Equal(t, "ResourceNotExist", second["code"])
	assert.Equal(t, "nosuch", second["params"].(map[string]any)["GroupId"])

	for i := 0; i < 101; i++ {
		call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1"))
	}
	assert.Len(t, actions(""), 100, "100 by default")
	assert.Len(t, actions("?limit=1000"), 104)
}

// TestAdminEvents: GET /_mock/events lists the events after since, oldest
// first.
func TestAdminEvents(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1"}))
	require.True(t, call(t, srv, "CreateLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g1", "CreatorId": "c"}).OK())
	ok(t, srv, "POST", "/_mock/groups/app1/g1/members", `{"join": ["u1"]}`)
	require.True(t, call(t, srv, "DeleteLiveMessageGroup", group("app1", "g1")).OK())
	type ev struct {
		seq       float64
		typ, user string
	}
	events := func(q string) []ev {
		t.Helper()
		var out []ev
		for _, e := range ok(t, srv, "GET", "/_mock/events"+q, "")["events"].([]any) {
			m := e.(map[string]any)
			assert.Equal(t, "app1", m["appId"])
			assert.Equal(t, "g1", m["groupId"])
			user, _ := m["userId"].(string)
			out = append(out, ev{m["seq"].(float64), m["type"].(string), user})
		}
		return out
	}
	all := events("")
	require.Len(t, all, 4, "%v", all)
	var types []string
	for _, e := range all {
		types = append(types, e.typ)
	}
	assert.Equal(t, []string{"group.created", "member.joined", "group.closed", "member.notified"}, types)
	assert.Equal(t, "u1", all[3].user, "the member is notified of the closed group")
	assert.Equal(t, all[2:], events("?since="+ftoa(all[1].seq)), "since: only the later events")
	assert.Empty(t, events("?since="+ftoa(all[3].seq)))
	assert.Equal(t, all, events("?since=0"))
}

func ftoa(f float64) string { b, _ := json.Marshal(f); return string(b) }

// TestAdminMembers: POST /_mock/groups/{app}/{group}/members joins and
// leaves users (who may then send), GET lists them.
func TestAdminMembers(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}, {ID: "g2"}}}))
	path := "/_mock/groups/app1/g1/members"
	send := func(user string) string {
		return call(t, srv, "SendLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g1", "SenderId": user, "MsgType": "1", "Body": "hi"}).Code
	}
	assert.Equal(t, map[string]any{"members": []any{}}, ok(t, srv, "GET", path, ""))
	assert.Equal(t, "InputInvalid", send("u1"), "nobody joined")
	assert.Equal(t, map[string]any{"members": []any{"u1", "u2"}}, ok(t, srv, "POST", path, `{"join": ["u2", "u1"]}`))
	assert.Equal(t, "", send("u1"), "a joined user sends")
	assert.Equal(t, map[string]any{"members": []any{"u2", "u3"}}, ok(t, srv, "POST", path, `{"join": ["u3"], "leave": ["u1"]}`))
	assert.Equal(t, map[string]any{"members": []any{"u2", "u3"}}, ok(t, srv, "GET", path, ""))
	assert.Equal(t, map[string]any{"members": []any{}}, ok(t, srv, "GET", "/_mock/groups/app1/g2/members", ""), "per group")

	for _, p := range []string{"/_mock/groups/app1/nosuch/members", "/_mock/groups/nosuch/g1/members"} {
		for _, m := range []string{"GET", "POST"} {
			a := admin(t, srv, m, p, `{"join": ["u9"]}`)
			assert.Equal(t, http.StatusNotFound, a.status, "%s %s", m, p)
			assert.NotEmpty(t, a.body["error"])
		}
	}
	require.True(t, call(t, srv, "DeleteLiveMessageGroup", group("app1", "g2")).OK())
	assert.Equal(t, http.StatusNotFound, admin(t, srv, "POST", "/_mock/groups/app1/g2/members", `{"join": ["u9"]}`).status,
		"nobody joins a deleted group")
}

// TestAdminApps: GET /_mock/apps/{app} counts the active groups; POST
// /_mock/apps/{app}/groups creates groups up to the cap.
func TestAdminApps(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}, {ID: "g2"}}}))
	active := func() float64 { return ok(t, srv, "GET", "/_mock/apps/app1", "")["activeGroups"].(float64) }
	assert.Equal(t, map[string]any{"appId": "app1", "activeGroups": float64(2)}, ok(t, srv, "GET", "/_mock/apps/app1", ""))
	require.True(t, call(t, srv, "DeleteLiveMessageGroup", group("app1", "g2")).OK())
	assert.Equal(t, float64(1), active(), "a deleted group is not active")
	assert.Equal(t, http.StatusNotFound, admin(t, srv, "GET", "/_mock/apps/nosuch", "").status)

	assert.Equal(t, map[string]any{"created": float64(3)}, ok(t, srv, "POST", "/_mock/apps/app1/groups", `{"prefix": "s", "count": 3}`))
	assert.Equal(t, float64(4), active())
	for _, g := range []string{"s0", "s1", "s2"} {
		assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", g)).OK(), g)
	}
	assert.Equal(t, map[string]any{"created": float64(2)}, ok(t, srv, "POST", "/_mock/apps/app1/groups", `{"prefix": "s", "count": 2}`),
		"groups that exist are skipped, not counted")
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "s4")).OK())

	full := ok(t, srv, "POST", "/_mock/apps/app1/groups", `{"prefix": "f", "count": 4994}`)
	assert.Equal(t, float64(4994), full["created"])
	assert.Equal(t, float64(5000), active())
	over := admin(t, srv, "POST", "/_mock/apps/app1/groups", `{"prefix": "o", "count": 1}`)
	assert.Equal(t, http.StatusConflict, over.status, "the 5000 cap: %s", over.raw)
	assert.Contains(t, over.body["error"], "created 0 groups")
	assert.Equal(t, float64(5000), active())
	assert.Equal(t, http.StatusNotFound, admin(t, srv, "POST", "/_mock/apps/nosuch/groups", `{"prefix": "s", "count": 1}`).status)
}

// TestAdminQPS: POST /_mock/qps overrides limits (0 lifts one), GET reads
// them; the override is what throttles.
func TestAdminQPS(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	q := ok(t, srv, "GET", "/_mock/qps", "")
	assert.Equal(t, float64(50), q["DescribeLiveMessageGroup"], "the contract's limits")
	assert.Equal(t, float64(10), q["BanLiveMessageGroup"])

	set := ok(t, srv, "POST", "/_mock/qps", `{"DescribeLiveMessageGroup": 1, "DescribeLiveMessageGroupBand": 2}`)
	assert.Equal(t, float64(1), set["DescribeLiveMessageGroup"], "the answer is every limit after the change")
	assert.Equal(t, float64(2), set["DescribeLiveMessageGroupBand"])
	assert.Equal(t, float64(10), set["BanLiveMessageGroup"], "others unchanged")
	assert.Equal(t, set, ok(t, srv, "GET", "/_mock/qps", ""))
	codes := func(op string, n int) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, call(t, srv, op, group("app1", "g1")).Code)
		}
		return out
	}
	// calls a few ms apart: within one second of the sliding window
	assert.Equal(t, []string{"", "Throttling.User"}, codes("DescribeLiveMessageGroup", 2), "1 per second")
	assert.Equal(t, []string{"", "", "Throttling.User"}, codes("DescribeLiveMessageGroupBand", 3), "2 per second")

	ok(t, srv, "POST", "/_mock/qps", `{"DescribeLiveMessageGroup": 0}`)
	assert.Equal(t, make([]string, 60), codes("DescribeLiveMessageGroup", 60), "0 lifts the limit (the contract's is 50)")
	assert.Equal(t, float64(2), ok(t, srv, "GET", "/_mock/qps", "")["DescribeLiveMessageGroupBand"], "the other override stays")
}

// adminState is everything the admin API can read, but the time.
func adminState(t *testing.T, srv *mock.Server) map[string]any {
	t.Helper()
	state := map[string]any{"offset": ok(t, srv, "GET", "/_mock/clock", "")["offset"]}
	for _, p := range []string{"/_mock/faults", "/_mock/keys", "/_mock/qps", "/_mock/throttle", "/_mock/apps/app1",
		"/_mock/groups/app1/g1/members", "/_mock/events", "/_mock/requests"} {
		state[p] = ok(t, srv, "GET", p, "")
	}
	return state
}

// TestAdminBadInputChangesNothing: every route refuses bad input with 400
// and a JSON error that says what was wrong, and changes nothing.
func TestAdminBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1", Members: []string{"u1"}}}}))
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError", "times": 3}`)
	ok(t, srv, "POST", "/_mock/keys", `{"id": "k2", "secret": "s2", "account": "222"}`)
	call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1"))
	before := adminState(t, srv)
	require.Len(t, before["/_mock/faults"].(map[string]any)["faults"], 1)

	for _, tc := range []struct{ method, path, body, want string }{
		// bodies that are not one JSON value of the right shape, on every route that reads one
		{"POST", "/_mock/clock/advance", ``, "the body is empty"},
		{"POST", "/_mock/clock/advance", `{"by": "1h"`, "bad JSON body"},
		{"POST", "/_mock/clock/advance", `{"by": "1h"} {"by": "1h"}`, "more than one JSON value"},
		{"POST", "/_mock/clock/advance", `{"by": 3600}`, "bad JSON body"},
		{"POST", "/_mock/clock/advance", `{"by": "1h", "acount": "999"}`, `unknown field "acount"`},
		{"POST", "/_mock/clock/advance", `{"by": "-1h"}`, "by must be a positive Go duration"},
		{"POST", "/_mock/clock/advance", `{"by": "30d"}`, `got "30d"`},
		{"POST", "/_mock/clock/advance", `{}`, "by must be"},
		{"POST", "/_mock/clock/advance", `{"by": "2000000h"}`, "the clock may be at most 876000h0m0s from real time"},
		{"POST", "/_mock/clock/advance", `{"by": "2562047h"}`, "by may be at most 876000h0m0s, not 2562047h0m0s"},
		{"POST", "/_mock/clock/set", `{"now": "9999-01-01T00:00:00Z"}`, "now must be within 876000h0m0s of real time"},
		{"POST", "/_mock/clock/set", `{"now": "0001-01-01T00:00:00Z"}`, "now must be within"},
		{"POST", "/_mock/clock/set", `{"now": "2030-01-01"}`, "now must be RFC 3339"},
		{"POST", "/_mock/clock/set", `{"now": ""}`, "now must be RFC 3339"},
		{"POST", "/_mock/clock/set", `{"at": "2030-01-01T00:00:00Z"}`, `unknown field "at"`},
		{"POST", "/_mock/faults", `[]`, "bad JSON body"},
		{"POST", "/_mock/faults", `{"operation": "Nope", "code": "ServerError"}`, `unknown operation "Nope"`},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "Oops"}`, `code "Oops" is not in the contract`},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "Missing{Param}"}`, "is a template: give the code as answered, e.g. MissingGroupId"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup"}`, "a fault needs a code or a latency"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "latency": "2m"}`, "latency must be a Go duration up to 1m"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "latency": "-1s"}`, "latency must be"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "latency": "soon"}`, "latency must be"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError", "probability": 1.5}`, "probability must be in [0,1]"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError", "probability": -0.1}`, "probability"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError", "times": -1}`, "times >= 0"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError", "times": "1"}`, "bad JSON body"},
		{"POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError", "time": 1}`, `unknown field "time"`},
		{"DELETE", "/_mock/faults?operation=DeleteLiveMessageGroupp", "", `operation must be an operation of the contract`},
		{"DELETE", "/_mock/faults?operation=", "", `got ""`},
		{"POST", "/_mock/keys", `{"id": "k9"}`, "a key needs an id and a secret"},
		{"POST", "/_mock/keys", `{"secret": "s9"}`, "a key needs an id and a secret"},
		{"POST", "/_mock/keys", `{"id": "k9", "secret": "s9", "acount": "1"}`, `unknown field "acount"`},
		{"POST", "/_mock/keys", `{"id": "k9", "secret": "s9", "policy": {"allow": [{"action": ["live:*"]}]}}`, `unknown field "action"`},
		{"GET", "/_mock/requests?limit=ten", "", `limit must be a whole number >= 0, got "ten"`},
		{"GET", "/_mock/requests?limit=-1", "", "limit must be a whole number"},
		{"GET", "/_mock/events?since=x", "", `since must be a whole number >= 0, got "x"`},
		{"POST", "/_mock/groups/app1/g1/members", `{"join": "u2"}`, "bad JSON body"},
		{"POST", "/_mock/groups/app1/g1/members", `{"join": ["u2"], "leave": [""]}`, "an empty one is not a user"},
		{"POST", "/_mock/groups/app1/g1/members", `{"joins": ["u2"]}`, `unknown field "joins"`},
		{"POST", "/_mock/apps/app1/groups", `{"prefix": "", "count": 1}`, "want a prefix and a count from 1 to 5000"},
		{"POST", "/_mock/apps/app1/groups", `{"prefix": "s", "count": 0}`, "want a prefix and a count"},
		{"POST", "/_mock/apps/app1/groups", `{"prefix": "s", "count": 5001}`, "want a prefix and a count"},
		{"POST", "/_mock/apps/app1/groups", `{"prefix": "s", "count": 2, "start": 1}`, `unknown field "start"`},
		{"POST", "/_mock/qps", `{"DescribeLiveMessageGroup": 1, "Nope": 1}`, `got "Nope": 1`},
		{"POST", "/_mock/qps", `{"DescribeLiveMessageGroup": 1, "DeleteLiveMessageGroup": -1}`, "0 <= N <= 10000"},
		{"POST", "/_mock/qps", `{"DescribeLiveMessageGroup": 10001}`, "0 <= N <= 10000"},
		{"POST", "/_mock/qps", `{"DescribeLiveMessageGroup": "1"}`, "bad JSON body"},
		{"POST", "/_mock/throttle", `{"DescribeLiveMessageGroup": "fixed", "Nope": "fixed"}`, `unknown operation "Nope"`},
		{"POST", "/_mock/throttle", `{"DescribeLiveMessageGroup": "fixed", "*": "leaky"}`, "unknown shape"},
		{"POST", "/_mock/throttle", `{"*": "window:seconds=0"}`, "seconds"},
		{"POST", "/_mock/throttle", `{"*": 1}`, "bad JSON body"},
	} {
		a := admin(t, srv, tc.method, tc.path, tc.body)
		assert.Equal(t, http.StatusBadRequest, a.status, "%s %s %s: %s", tc.method, tc.path, tc.body, a.raw)
		assert.Contains(t, a.body["error"], tc.want, "%s %s %s", tc.method, tc.path, tc.body)
		assert.Len(t, a.body, 1, "only the error: %s", a.raw)
		assert.Equal(t, before, adminState(t, srv), "%s %s %s changed something", tc.method, tc.path, tc.body)
	}
	assert.Error(t, srv.ArmFault(mock.Fault{Operation: "DeleteLiveMessageGroup", Code: "ServerError", Probability: nan()}),
		"from Go, a NaN probability is refused too (it would fault every call)")
}

func nan() float64 { var zero float64; return zero / zero }

// adminRoutes is every route of the admin API: path and methods.
var adminRoutes = []struct {
	path    string
	methods []string
}{
	{"/_mock/clock", []string{"GET"}},
	{"/_mock/clock/advance", []string{"POST"}},
	{"/_mock/clock/set", []string{"POST"}},
	{"/_mock/reset", []string{"POST"}},
	{"/_mock/faults", []string{"GET", "POST", "DELETE"}},
	{"/_mock/keys", []string{"GET", "POST"}},
	{"/_mock/keys/k1", []string{"DELETE"}},
	{"/_mock/requests", []string{"GET"}},
	{"/_mock/events", []string{"GET"}},
	{"/_mock/groups/app1/g1/members", []string{"GET", "POST"}},
	{"/_mock/apps/app1", []string{"GET"}},
	{"/_mock/apps/app1/groups", []string{"POST"}},
	{"/_mock/qps", []string{"GET", "POST"}},
	{"/_mock/throttle", []string{"GET", "POST"}},
}

// TestAdminMethodNotAllowed: a method a route does not take is 405 with
// an Allow header and a JSON error, and changes nothing.
func TestAdminMethodNotAllowed(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	before := adminState(t, srv)
	for _, r := range adminRoutes {
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if strings.Contains(strings.Join(r.methods, " "), m) {
				continue
			}
			a := admin(t, srv, m, r.path, `{}`)
			assert.Equal(t, http.StatusMethodNotAllowed, a.status, "%s %s: %s", m, r.path, a.raw)
			assert.Equal(t, strings.Join(r.methods, ", "), a.header.Get("Allow"), "%s %s", m, r.path)
			assert.Contains(t, a.body["error"], "method not allowed, this endpoint takes "+strings.Join(r.methods, ", "))
		}
	}
	assert.Equal(t, before, adminState(t, srv))
}

// TestAdminUnknownPath: a path the admin API does not have is 404 with a
// JSON error, whatever the method (/_mock itself too, not a redirect).
func TestAdminUnknownPath(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	for _, p := range []string{"/_mock", "/_mock/", "/_mock/nope", "/_mock/clock/advance/1h", "/_mock/keys/", "/_mock/apps", "/_mock/groups/a/g"} {
		for _, m := range []string{"GET", "POST", "DELETE"} {
			a := admin(t, srv, m, p, "")
			assert.Equal(t, http.StatusNotFound, a.status, "%s %s: %s", m, p, a.raw)
			assert.Equal(t, "no admin endpoint "+m+" "+p+" (see docs/emulator.md, section Admin API)", a.body["error"])
			assert.Empty(t, a.header.Get("Allow"))
		}
	}
}

// TestAdminClockBounded: moves add up to at most a century from real time,
// for every account and for one; a move past it is refused and moves
// nothing (before the bound, offsets of 2,562,047 h wrapped around and the
// clock jumped centuries back).
func TestAdminClockBounded(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "800000h"}`)
	resp := admin(t, srv, "POST", "/_mock/clock/advance", `{"by": "100000h"}`)
	assert.Equal(t, 400, resp.status)
	assert.Contains(t, resp.raw, "by may be at most 76000h0m0s")
	assert.Equal(t, 800000*time.Hour, offset(t, srv), "a refused move moves nothing")
	resp = admin(t, srv, "POST", "/_mock/clock/advance", `{"by": "100000h", "account": "999"}`)
	assert.Equal(t, 400, resp.status, "one account's clock adds to every account's")
	ok(t, srv, "POST", "/_mock/clock/advance", `{"by": "76000h", "account": "999"}`)
}
