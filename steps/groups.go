package steps

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

func (w *World) registerGroupSteps(sc stepTable) {
	sc.Given(`^an app$`, w.anApp)
	sc.Given(`^a group "([^"]*)"$`, w.aGroup)
	sc.Given(`^a group "([^"]*)" that users "([^"]*)" have joined$`, w.aGroupJoinedBy)
	sc.Given(`^users "([^"]*)" have joined group "([^"]*)"$`, w.usersJoined)
	sc.Given(`^a deleted group "([^"]*)"$`, w.aDeletedGroup)
	sc.Given(`^group "([^"]*)" was deleted$`, w.groupWasDeleted)
	sc.Given(`^user "([^"]*)" sent the messages "([^"]*)" to group "([^"]*)"$`, w.userSent)
	sc.Given(`^(\d+) days less (\d+) minutes? ha(?:s|ve) passed$`, func(ctx context.Context, days, mins int) error {
		return w.timePasses(ctx, time.Duration(days)*24*time.Hour-time.Duration(mins)*time.Minute)
	})
	sc.Given(`^(\d+) days and (\d+) minutes? ha(?:s|ve) passed$`, func(ctx context.Context, days, mins int) error {
		return w.timePasses(ctx, time.Duration(days)*24*time.Hour+time.Duration(mins)*time.Minute)
	})
	sc.Given(`^the app holds (\d+) active groups$`, w.appHolds)

	sc.When(`^I create group "([^"]*)"$`, w.createGroup)
	sc.When(`^I delete group "([^"]*)"$`, func(ctx context.Context, g string) error { return w.deleteGroup(ctx, g, nil) })
	sc.When(`^I delete group "([^"]*)" as operator "([^"]*)"$`, func(ctx context.Context, g, op string) error {
		return w.deleteGroup(ctx, g, map[string]string{"OperatorId": op})
	})
	sc.When(`^I delete group "([^"]*)" with (OperatorId|DataCenter) "([^"]*)"$`, func(ctx context.Context, g, p, v string) error {
		return w.deleteGroup(ctx, g, map[string]string{p: v})
	})
	sc.When(`^I delete group "([^"]*)" of app "([^"]*)"$`, func(ctx context.Context, g, app string) error {
		return w.deleteGroup(ctx, g, map[string]string{"AppId": app})
	})
	sc.When(`^I recover group "([^"]*)"$`, func(ctx context.Context, g string) error { return w.recoverGroup(ctx, g, nil) })
	sc.When(`^I recover group "([^"]*)" with DataCenter "([^"]*)"$`, func(ctx context.Context, g, dc string) error {
		return w.recoverGroup(ctx, g, map[string]string{"DataCenter": dc})
	})

	sc.Then(`^the call succeeds$`, w.callSucceeds)
	sc.Then(`^the call fails with "([^"]*)"$`, w.callFailsWith)
	sc.Then(`^the error message names "([^"]*)"$`, w.errorNames)
	sc.Then(`^the response field "([^"]*)" is the id of group "([^"]*)"$`, w.fieldIsGroup)
	sc.Then(`^the response field "([^"]*)" is (true|false)$`, w.fieldIsBool)
	sc.Then(`^group "([^"]*)" is deleted by "([^"]*)"$`, w.groupDeletedBy)
	sc.Then(`^group "([^"]*)" is active$`, w.groupIsActive)
	sc.Then(`^group "([^"]*)" is still deleted$`, w.groupIsDeleted)
	sc.Then(`^group "([^"]*)" is (not )?listed among the (deleted|existing) groups$`, w.groupListed)
	sc.Then(`^describing group "([^"]*)" fails with "([^"]*)"$`, w.describeFails)
	sc.Then(`^users "([^"]*)" were notified that group "([^"]*)" closed$`, w.usersNotified)
	sc.Then(`^group "([^"]*)" lists the messages "([^"]*)"$`, w.groupListsMessages)
	sc.Then(`^the app still holds (\d+) active groups$`, w.appStillHolds)
}

func (w *World) anApp(ctx context.Context) error {
	if w.admin == nil {
		require.NotEmpty(w.t(ctx), w.appID, "a real target needs --app-id")
		return nil
	}
	resp, err := w.mustOK(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "livemsg"}})
	if err != nil {
		return err
	}
	id, _ := resp.Fields["AppId"].(string)
	require.NotEmpty(w.t(ctx), id, "CreateLiveMessageApp answered no AppId")
	w.appID = id
	return nil
}

func (w *World) aGroup(ctx context.Context, alias string) error {
	if err := w.createGroup(ctx, alias); err != nil {
		return err
	}
	return w.callSucceeds(ctx)
}

func (w *World) createGroup(ctx context.Context, alias string) error {
	id := w.group(alias)
	req := w.op(contract.OpCreateLiveMessageGroup, map[string]string{"GroupId": id, "CreatorId": "livemsg", "GroupName": alias})
	_, err := w.createJournaled(ctx, req, func(r aliyun.Request) (*aliyun.Response, error) { return w.do(ctx, r) })
	return err
}

func (w *World) aGroupJoinedBy(ctx context.Context, alias, users string) error {
	if err := w.aGroup(ctx, alias); err != nil {
		return err
	}
	return w.usersJoined(ctx, users, alias)
}

// usersJoined joins users to a group through the admin API (users join
// through the client SDK, which the contract does not cover): a scenario
// with this step is tagged @members.
func (w *World) usersJoined(ctx context.Context, users, alias string) error {
	return w.admin.Join(ctx, w.appID, w.group(alias), splitUsers(users)...)
}

func (w *World) aDeletedGroup(ctx context.Context, alias string) error {
	if err := w.aGroup(ctx, alias); err != nil {
		return err
	}
	return w.groupWasDeleted(ctx, alias)
}

func (w *World) groupWasDeleted(ctx context.Context, alias string) error {
	_, err := w.mustOK(ctx, w.op(contract.OpDeleteLiveMessageGroup, map[string]string{"GroupId": w.group(alias)}))
	return err
}

func (w *World) deleteGroup(ctx context.Context, alias string, extra map[string]string) error {
	return w.onGroup(ctx, contract.OpDeleteLiveMessageGroup, alias, extra)
}

func (w *World) recoverGroup(ctx context.Context, alias string, extra map[string]string) error {
	return w.onGroup(ctx, contract.OpRecoverLiveMessageDeletedGroup, alias, extra)
}

// onGroup calls an operation on a group, with extra parameters.
func (w *World) onGroup(ctx context.Context, action, alias string, extra map[string]string) error {
	p := map[string]string{"GroupId": w.group(alias)}
	for k, v := range extra {
		p[k] = v
	}
	_, err := w.do(ctx, w.op(action, p))
	return w.settled(err)
}

func (w *World) userSent(ctx context.Context, user, bodies, alias string) error {
	for _, body := range splitUsers(bodies) {
		if _, err := w.mustOK(ctx, w.op(contract.OpSendLiveMessageGroup, map[string]string{
			"GroupId": w.group(alias), "SenderId": user, "MsgType": "1", "Body": body,
		})); err != nil {
			return err
		}
	}
	return nil
}

func (w *World) timePasses(ctx context.Context, d time.Duration) error {
	return w.admin.Advance(ctx, w.account, d)
}

func (w *World) callSucceeds(ctx context.Context) error {
	t := w.t(ctx)
	if w.lost != nil {
		return nil // read back, it was carried out: a success whose answer was lost
	}
	if err := w.answered(ctx); err != nil {
		return err
	}
	assert.True(t, w.last.OK(), "%s: want success, got %d %s: %s", w.lastOp, w.last.Status, w.last.Code, w.last.Message)
	return nil
}

func (w *World) callFailsWith(ctx context.Context, code string) error {
	t := w.t(ctx)
	if w.lost != nil {
		// read back, it was carried out: a call that should have been
		// refused was not, whatever its lost answer said
		assert.Failf(t, "carried out", "%s: want error %s; its answer was lost, and reading the state back shows it was carried out", w.lost.Action, code)
		return nil
	}
	if err := w.answered(ctx); err != nil {
		return err
	}
	if err := w.throttleUnjudgeable(code); err != nil {
		return err
	}
	require.Equal(t, code, w.last.Code, "%s: want error %s, got %d %q: %s", w.lastOp, code, w.last.Status, w.last.Code, w.last.Message)
	ec, ok := w.s.contract.Code(code)
	require.True(t, ok, "code %s is not in the contract", code)
	assert.Equal(t, ec.Status, w.last.Status, "%s must come with status %d", code, ec.Status)
	return nil
}

// throttleUnjudgeable is the error of a call that should have been
// throttled, was not, and was answered only when resent after its first
// copy's answer was lost: the resend came a backoff later, when the
// window may have given its credit back, so the answer says nothing of
// the throttle (the network's doing: an error, not a failure). A
// throttled answer, resent or not, is judged as usual.
func (w *World) throttleUnjudgeable(code string) error {
	if !contract.IsThrottling(code) || w.last.Retried == 0 || w.last.Code == code {
		return nil
	}
	w.transport = &aliyun.TransportError{Action: w.lastOp, Cause: fmt.Sprintf(
		"want error %s: the first answer was lost, and the call, sent %d times, was answered %d %q only after the window may have turned: nothing to judge the throttle by",
		code, w.last.Retried+1, w.last.Status, w.last.Code)}
	return w.transport
}

func (w *World) errorNames(ctx context.Context, param string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	assert.Contains(w.t(ctx), w.last.Message, param, "the error message should name the parameter")
	return nil
}

func (w *World) fieldIsGroup(ctx context.Context, field, alias string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	assert.Equal(w.t(ctx), w.group(alias), w.last.Fields[field], "response field %s", field)
	return nil
}

func (w *World) fieldIsBool(ctx context.Context, field, want string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	assert.Equal(w.t(ctx), want == "true", w.last.Fields[field], "response field %s", field)
	return nil
}

// describe reads a group; the read is what proves a write's effect.
func (w *World) describe(ctx context.Context, alias string) (map[string]any, error) {
	resp, err := w.mustOK(ctx, w.op(contract.OpDescribeLiveMessageGroup, map[string]string{"GroupId": w.group(alias)}))
	if err != nil {
		return nil, err
	}
	return resp.Fields, nil
}

func (w *World) groupDeletedBy(ctx context.Context, alias, operator string) error {
	f, err := w.describe(ctx, alias)
	if err != nil {
		return err
	}
	t := w.t(ctx)
	assert.Equal(t, true, f["Delete"], "Delete after deletion")
	assert.Equal(t, operator, f["Deletor"], "Deletor should be the OperatorId")
	assert.NotZero(t, f["Deletatime"], "Deletatime should be set")
	return nil
}

func (w *World) groupIsActive(ctx context.Context, alias string) error {
	f, err := w.describe(ctx, alias)
	if err != nil {
		return err
	}
	assert.Equal(w.t(ctx), false, f["Delete"], "group %s should be active", alias)
	return nil
}

func (w *World) groupIsDeleted(ctx context.Context, alias string) error {
	f, err := w.describe(ctx, alias)
	if err != nil {
		return err
	}
	assert.Equal(w.t(ctx), true, f["Delete"], "group %s should be deleted", alias)
	return nil
}

func (w *World) describeFails(ctx context.Context, alias, code string) error {
	if _, err := w.do(ctx, w.op(contract.OpDescribeLiveMessageGroup, map[string]string{"GroupId": w.group(alias)})); err != nil {
		return err
	}
	return w.callFailsWith(ctx, code)
}

// groupListed pages through ListLiveMessageGroups, newest first.
func (w *World) groupListed(ctx context.Context, alias, not, which string) error {
	status := "1"
	if which == "deleted" {
		status = "2"
	}
	id, found := w.group(alias), false
	token := ""
	// An app holds at most GroupsPerApp groups that are not deleted, a page
	// GroupPageSize of them: past that many pages the listing is broken.
	lim := contract.Default().Limits()
	maxPages := lim.GroupsPerApp/lim.GroupPageSize + 1
	for page := 0; page < maxPages && !found; page++ {
		p := map[string]string{"SortType": "2", "GroupStatus": status}
		if token != "" {
			p["NextPageToken"] = token
		}
		resp, err := w.mustOK(ctx, w.op(contract.OpListLiveMessageGroups, p))
		if err != nil {
			return err
		}
		list, _ := resp.Fields["GroupList"].([]any)
		for _, g := range list {
			if m, ok := g.(map[string]any); ok && m["GroupId"] == id {
				found = true
			}
		}
		token, _ = resp.Fields["NextpageToken"].(string)
		if more, _ := resp.Fields["Hasmore"].(bool); !more || token == "" {
			break
		}
	}
	assert.Equal(w.t(ctx), not == "", found, "group %s %slisted among the %s groups", alias, not, which)
	return nil
}

func (w *World) usersNotified(ctx context.Context, users, alias string) error {
	evs, err := w.admin.Events(ctx)
	if err != nil {
		return err
	}
	got := map[string]bool{}
	for _, e := range evs {
		if e.Type == "member.notified" && e.AppID == w.appID && e.GroupID == w.group(alias) {
			got[e.UserID] = true
		}
	}
	for _, u := range splitUsers(users) {
		assert.True(w.t(ctx), got[u], "user %s should have been notified that %s closed", u, alias)
	}
	return nil
}

// largestPage is the largest PageSize the contract lets the operation
// name ask for (ListLiveMessageGroupMessages: 10 to 50).
func largestPage(name string) string {
	op := contract.Default().Op(name)
	if p, ok := op.Param("PageSize"); ok && p.Max != nil {
		return strconv.FormatInt(*p.Max, 10)
	}
	panic("the contract gives " + op.Name + " no PageSize bound")
}

func (w *World) groupListsMessages(ctx context.Context, alias, bodies string) error {
	resp, err := w.mustOK(ctx, w.op(contract.OpListLiveMessageGroupMessages, map[string]string{
		"GroupId": w.group(alias), "SortType": "1", "PageSize": largestPage(contract.OpListLiveMessageGroupMessages),
	}))
	if err != nil {
		return err
	}
	var got []string
	list, _ := resp.Fields["MessageList"].([]any)
	for _, m := range list {
		if mm, ok := m.(map[string]any); ok {
			b, _ := mm["Body"].(string)
			got = append(got, b)
		}
	}
	assert.Equal(w.t(ctx), splitUsers(bodies), got, "messages of group %s", alias)
	return nil
}

// appHolds brings the app to n active groups: on the emulator through its
// admin API (the API at 50 QPS would take minutes), on a real target
// through the API, paced and recorded for cleanup.
func (w *World) appHolds(ctx context.Context, n int) error {
	if w.admin != nil {
		have, err := w.admin.ActiveGroups(ctx, w.appID)
		if err != nil {
			return err
		}
		if have < n {
			return w.admin.SeedGroups(ctx, w.appID, w.s.name("seed"), n-have)
		}
		return nil
	}
	return w.fillThroughAPI(ctx, n)
}

// appStillHolds proves the count: a further creation must be refused (so
// at least n are active) and, on the emulator, the store holds exactly n.
func (w *World) appStillHolds(ctx context.Context, n int) error {
	if err := w.createGroup(ctx, "probe"+strconv.Itoa(n)); err != nil {
		return err
	}
	if err := w.callFailsWith(ctx, contract.CodeErrorTooManyGroups); err != nil {
		return err
	}
	if w.admin != nil {
		have, err := w.admin.ActiveGroups(ctx, w.appID)
		if err != nil {
			return err
		}
		assert.Equal(w.t(ctx), n, have, "active groups in the app")
	}
	return nil
}
