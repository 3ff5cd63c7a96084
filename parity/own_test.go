package parity_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/parity"
)

// TestScopeOfTheContract: the lists that stand for resources, their ids and
// the fields that describe a listing come from the contract's result types.
func TestScopeOfTheContract(t *testing.T) {
	c := contract.Default()
	assert.Equal(t, map[string]bool{"AppId": true, "GroupId": true}, parity.IDParams(c))
	scopes := map[string]*parity.Scope{}
	for _, op := range c.Operations() {
		if s := parity.ScopeOf(c, op); s != nil {
			scopes[op.Name] = s
		}
	}
	assert.Equal(t, &parity.Scope{Lists: []parity.ScopedList{{Field: "GroupList", XMLItem: "Groups", ID: "GroupId"}},
		Flags: []string{"Hasmore"}, Tokens: []string{"NextpageToken"}}, scopes["ListLiveMessageGroups"])
	assert.Equal(t, &parity.Scope{Lists: []parity.ScopedList{{Field: "GroupList", XMLItem: "Groups", ID: "GroupId"}},
		Counters: []string{"TotalCount"}}, scopes["ListLiveMessageGroupByPage"], "PageNumber and PageSize echo parameters")
	assert.Equal(t, &parity.Scope{Lists: []parity.ScopedList{{Field: "AppList", XMLItem: "Apps", ID: "AppId"}},
		Flags: []string{"HasMore"}, Tokens: []string{"NextPageToken"}}, scopes["ListLiveMessageApps"])
	assert.Equal(t, []parity.ScopedList{{Field: "SuccessList", XMLItem: "SuccessGroups", ID: "GroupId"}, {Field: "FailList", XMLItem: "FailGroups", ID: "GroupId"}},
		scopes["ModifyLiveMessageUserInfo"].Lists, "the groups a user's information was updated in")
	assert.Len(t, scopes, 4, "members, messages and users are the recording's own group's: not scoped")
}

const (
	ownDeleted  = "ownzz1" // made and deleted by the recording
	ownExisting = "ownzz2" // made by the recording
	ownNewest   = "ownzz3" // made by the recording, last
	foreignN    = 25       // groups of others in the same app, 5 of them deleted
)

// recordOnShared records one call sequence on a provider whose app also
// holds what others made (foreign groups, deleted ones, another app), as
// on a real account, and returns the cassette's folder.
func recordOnShared(t *testing.T, providerURL string) string {
	t.Helper()
	ctx := context.Background()
	plain := aliyun.NewClient(providerURL, creds())
	do := func(c *aliyun.Client, r aliyun.Request) *aliyun.Response {
		resp, err := c.Do(ctx, r)
		require.NoError(t, err)
		require.True(t, resp.OK(), "%s: %d %s", r.Action, resp.Status, resp.Body)
		return resp
	}
	app := do(plain, aliyun.Request{Action: "CreateLiveMessageApp"}).Fields["AppId"].(string)
	do(plain, aliyun.Request{Action: "CreateLiveMessageApp"}) // the account's other app
	for i := 1; i <= foreignN; i++ {
		g := fmt.Sprintf("oth%d", i)
		do(plain, aliyun.Request{Action: "CreateLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": g, "CreatorId": "u1"}})
		if i <= 5 {
			do(plain, aliyun.Request{Action: "DeleteLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": g}})
		}
	}

	dir := t.TempDir()
	d := cassette.NewDir(dir, cassette.Meta{Endpoint: providerURL, Target: "real"}, nil)
	rt, finish := d.Transport(cassette.KindScenario, "shared", nil, nil)
	c := plain.With(aliyun.WithHTTPClient(&http.Client{Transport: rt}))
	list := func(extra map[string]string) aliyun.Request {
		p := map[string]string{"AppId": app}
		for k, v := range extra {
			p[k] = v
		}
		return aliyun.Request{Action: "ListLiveMessageGroups", Params: p}
	}
	for _, r := range []aliyun.Request{
		{Action: "CreateLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": ownDeleted, "CreatorId": "u1"}},          // #1
		{Action: "CreateLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": ownExisting, "CreatorId": "u1"}},         // #2
		{Action: "CreateLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": ownNewest, "CreatorId": "u1"}},           // #3
		{Action: "DeleteLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": ownDeleted, "OperatorId": "ops1"}},       // #4
		list(map[string]string{"GroupStatus": "2", "SortType": "2"}),                                                                   // #5 the whole listing: 1 own of 6
		list(map[string]string{"GroupStatus": "1", "SortType": "2"}),                                                                   // #6 a first page of 20 of 22: own first
		list(map[string]string{"GroupStatus": "1", "SortType": "1"}),                                                                   // #7 a first page without the own groups
		{Action: "ListLiveMessageGroupByPage", Params: map[string]string{"AppId": app, "SortType": "2", "PageSize": "50"}},             // #8 28 of 28, TotalCount counts others
		{Action: "ListLiveMessageGroupByPage", Params: map[string]string{"AppId": app, "SortType": "2", "PageSize": "2"}},              // #9 2 of 28, both own
		{Action: "ListLiveMessageApps", Params: map[string]string{"SortType": "2"}},                                                    // #10 the account's apps
		{Action: "ListLiveMessageGroups", Format: "XML", Params: map[string]string{"AppId": app, "GroupStatus": "2", "SortType": "2"}}, // #11
		list(map[string]string{"SortType": "2"}),                                                                                       // #12 a first page of 20 of 28: the 3 own, then others'
	} {
		do(c, r)
	}
	finish("passed", "")
	require.NoError(t, d.Err())
	return dir
}

func replayAs(t *testing.T, dir, target string) (parity.Cassette, string) {
	t.Helper()
	files, err := cassette.LoadDir(dir)
	require.NoError(t, err)
	require.Len(t, files, 1)
	files[0].Livemsg.Target = target
	c, err := parity.Replay(context.Background(), files[0], fresh)
	require.NoError(t, err)
	rep := &parity.Report{}
	rep.Add(c)
	var b bytes.Buffer
	rep.WriteText(&b)
	return c, b.String()
}

// TestRealListsComparedOnOwnResources: a faithful provider whose app holds
// others' groups and whose account holds another app replays identical once
// what the recording did not make is left out, and the report says what was
// left out at each list; the same recording taken as the emulator's is
// compared whole and differs.
func TestRealListsComparedOnOwnResources(t *testing.T) {
	srv := breakage.Provider{Name: "faithful"}.Start(unthrottled()...)
	defer srv.Close()
	dir := recordOnShared(t, srv.URL)

	c, text := replayAs(t, dir, "real")
	assert.False(t, c.Differs(), "a faithful provider's lists, scoped, agree:\n%s", text)
	leftOut := map[int]string{}
	for _, e := range c.Exchanges {
		leftOut[e.Index+1] = strings.Join(e.LeftOut, " | ")
	}
	for _, n := range []int{1, 2, 3, 4} {
		assert.Empty(t, leftOut[n], "#%d is no list", n)
	}
	assert.Contains(t, leftOut[5], "5 of 6 groups of GroupList, whose GroupId this recording neither sent nor saw made")
	assert.NotContains(t, leftOut[5], "Hasmore", "the whole listing on both sides: whether more follow is compared")
	assert.Contains(t, leftOut[6], "18 of 20 groups of GroupList")
	assert.Contains(t, leftOut[6], "Hasmore, NextpageToken: they describe the whole listing")
	assert.Contains(t, leftOut[7], "20 of 20 groups of GroupList")
	assert.Contains(t, leftOut[7], "2 of the emulator's 2 groups of GroupList, beyond the recorded page")
	assert.Contains(t, leftOut[8], "25 of 28 groups of GroupList")
	assert.Contains(t, leftOut[8], "TotalCount: they counted the items left out")
	assert.NotContains(t, leftOut[9], "of 2 groups", "both items of the page are the recording's")
	assert.Contains(t, leftOut[9], "TotalCount: they describe the whole listing", "a page of 2 of 28")
	assert.Contains(t, leftOut[10], "1 of 2 apps of AppList, whose AppId")
	assert.Contains(t, leftOut[11], "5 of 6 groups of GroupList", "XML lists too")
	assert.Contains(t, leftOut[12], "17 of 20 groups of GroupList")
	assert.Contains(t, text, "left out of the comparison: 5 of 6 groups of GroupList")

	whole, text := replayAs(t, dir, "mock")
	assert.True(t, whole.Differs(), "a recording of the emulator is compared whole")
	for _, e := range whole.Exchanges {
		assert.Empty(t, e.LeftOut, "#%d: nothing left out of a recording of the emulator", e.Index+1)
	}
	assert.Contains(t, text, "body.GroupList: recorded 6, emulator 1 (length)")
}

// dropGroup leaves a group out of a JSON list answer.
func dropGroup(b []byte, id string) []byte {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return b
	}
	list, ok := m["GroupList"].([]any)
	if !ok {
		return b
	}
	kept := []any{}
	for _, it := range list {
		if g, _ := it.(map[string]any); g["GroupId"] != id {
			kept = append(kept, it)
		}
	}
	m["GroupList"] = kept
	out, _ := json.Marshal(m)
	return out
}

var ownItem = regexp.MustCompile(`\{[^{}]*"GroupId":"` + ownDeleted + `"[^{}]*\}`)

// TestRealListsStillCatchOwnDifferences: providers that get the recording's
// own groups wrong in a list still differ, whatever others' groups were
// left out.
func TestRealListsStillCatchOwnDifferences(t *testing.T) {
	for _, tc := range []struct {
		p     breakage.Provider
		at    int    // the exchange that must differ
		where string // and where
	}{
		{breakage.Provider{Name: "drops the recording's deleted group from lists", Answer: func(_ http.Header, b []byte) []byte {
			return dropGroup(b, ownDeleted)
		}}, 5, "body.GroupList"}, // the whole listing: one item short
		{breakage.Provider{Name: "drops one of the recording's groups from lists", Answer: func(_ http.Header, b []byte) []byte {
			return dropGroup(b, ownExisting)
		}}, 12, "body.GroupList[GroupId=" + ownExisting + "]"}, // a page of more: a gap between the own groups it has
		{breakage.Provider{Name: "lists the recording's deleted group as not deleted", Answer: func(_ http.Header, b []byte) []byte {
			if !bytes.Contains(b, []byte(`"GroupList"`)) {
				return b
			}
			return ownItem.ReplaceAllFunc(b, func(m []byte) []byte { return bytes.Replace(m, []byte(`"Delete":true`), []byte(`"Delete":false`), 1) })
		}}, 5, "body.GroupList[0].Delete"},
		{breakage.Provider{Name: "lists deleted groups among existing ones", Rewrite: func(action string, p url.Values) {
			if action == "ListLiveMessageGroups" && p.Get("GroupStatus") == "1" {
				p.Set("GroupStatus", "0")
			}
		}}, 6, "body.GroupList[GroupId=" + ownDeleted + "]"}, // a page of more: an own item the emulator lacks
	} {
		t.Run(tc.p.Name, func(t *testing.T) {
			srv := tc.p.Start(unthrottled()...)
			defer srv.Close()
			c, text := replayAs(t, recordOnShared(t, srv.URL), "real")
			require.True(t, c.Differs(), "the provider's break shows:\n%s", text)
			var wheres []string
			for _, e := range c.Exchanges {
				if e.Index+1 == tc.at {
					for _, d := range e.Differences {
						wheres = append(wheres, d.Where)
					}
				}
			}
			assert.Contains(t, wheres, tc.where, "\n%s", text)
		})
	}
}

// TestCompareOwnXMLAndEdges: a recorded XML list of one item, an empty
// one, and an answer that is no list are handled; a nil scope compares
// whole.
func TestCompareOwnXMLAndEdges(t *testing.T) {
	c := contract.Default()
	op, _ := c.Operation("ListLiveMessageGroups")
	s := parity.ScopeOf(c, op)
	xml := func(items ...string) parity.Answer {
		var b strings.Builder
		b.WriteString(`<ListLiveMessageGroupsResponse><RequestId>0A1B2C3D-0000-4000-8000-000000000001</RequestId><Hasmore>false</Hasmore><GroupList>`)
		for _, g := range items {
			b.WriteString(`<Groups><GroupId>` + g + `</GroupId><Delete>true</Delete></Groups>`)
		}
		b.WriteString(`</GroupList></ListLiveMessageGroupsResponse>`)
		return parity.Answer{Status: 200, Header: http.Header{"Content-Type": {"text/xml"}}, Body: []byte(b.String())}
	}
	cmp := parity.NewComparer()
	cmp.Sent([]string{"mine"}, []string{"mine"})
	diffs, notes := cmp.CompareOwn(s, xml("mine", "theirs1", "theirs2"), xml("mine"))
	assert.Empty(t, diffs)
	assert.Equal(t, []string{"2 of 3 groups of GroupList, whose GroupId this recording neither sent nor saw made (other scenarios', other runs', the account's)"}, notes)

	diffs, notes = cmp.CompareOwn(s, xml("theirs1"), xml())
	assert.Empty(t, diffs, "one foreign item, none on the emulator")
	assert.Len(t, notes, 1)

	diffs, _ = cmp.CompareOwn(s, xml("theirs1"), xml("mine"))
	assert.NotEmpty(t, diffs, "an item of the recording's the recorded list lacks")

	diffs, notes = cmp.CompareOwn(s, jsonAnswer(404, `{"Code":"X"}`), jsonAnswer(404, `{"Code":"X"}`))
	assert.Empty(t, diffs)
	assert.Empty(t, notes, "no list, nothing left out")

	a := jsonAnswer(200, `{"GroupList":[{"GroupId":"theirs1"}],"Hasmore":false}`)
	b := jsonAnswer(200, `{"GroupList":[],"Hasmore":false}`)
	diffs, notes = cmp.CompareOwn(nil, a, b)
	assert.NotEmpty(t, diffs, "no scope: compared whole")
	assert.Empty(t, notes)

	var body map[string]any
	require.NoError(t, json.Unmarshal(a.Body, &body), "the answer is left as it was")
	assert.Len(t, body["GroupList"], 1)
}

// TestCompareOwnLaterPage: pages are cut by position, so on a shared app a
// page after the first holds other own items on each side (the recording's
// own group behind others' groups is on its second page, the emulator's on
// its first): its lists and listing fields are left out, said so, and the
// rest of the answer still compares. A first page ("", "0", "-1", or
// PageNumber 1) is compared on its own items as before.
func TestCompareOwnLaterPage(t *testing.T) {
	c := contract.Default()
	list, _ := c.Operation(contract.OpListLiveMessageGroups)
	s := parity.ScopeOf(c, list)
	page := func(items string) parity.Answer {
		return jsonAnswer(200, `{"GroupList":[`+items+`],"Hasmore":false,"RequestId":"0A1B2C3D-0000-4000-8000-000000000001"}`)
	}
	mine := `{"GroupId":"mine","Delete":false}`
	cmp := parity.NewComparer()
	cmp.Sent([]string{"mine"}, []string{"mine"})

	diffs, notes := cmp.CompareOwn(s.ForRequest(map[string]string{"NextPageToken": "1", "SortType": "1"}), page(mine), page(""))
	assert.Empty(t, diffs, "the own group is on the recording's second page and the emulator's first")
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], "of a page after the first (NextPageToken=1)")

	for _, first := range []string{"", "0", "-1"} {
		diffs, _ = cmp.CompareOwn(s.ForRequest(map[string]string{"NextPageToken": first}), page(mine), page(""))
		assert.NotEmpty(t, diffs, "a first page (NextPageToken=%q) still compares its own items", first)
	}

	diffs, _ = cmp.CompareOwn(s.ForRequest(map[string]string{"NextPageToken": "1"}),
		jsonAnswer(200, `{"GroupList":[],"Hasmore":false,"RequestId":"0A1B2C3D-0000-4000-8000-000000000001"}`),
		jsonAnswer(400, `{"Code":"InputInvalid","RequestId":"0A1B2C3D-0000-4000-8000-000000000002"}`))
	assert.NotEmpty(t, diffs, "the status and code of a later page still compare")

	byPage, _ := c.Operation("ListLiveMessageGroupByPage")
	bs := parity.ScopeOf(c, byPage)
	assert.Equal(t, "PageNumber=2", bs.ForRequest(map[string]string{"PageNumber": "2"}).Later)
	assert.Empty(t, bs.ForRequest(map[string]string{"PageNumber": "1"}).Later)
}
