package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// The steps of what the official API metadata documents: optional
// parameters, the moderation and URL rules of an app, message weights, the
// answer's MsgTid, the fields a description has or has not, the unit of
// every time, the first page of a group list.
func (w *World) registerMetadataSteps(sc stepTable) {
	sc.Given(`^a group "([^"]*)" that (\d+) users have joined$`, w.groupJoinedBy)
	sc.When(`^I create group "([^"]*)" without a CreatorId$`, w.createGroupWithoutCreator)
	sc.When(`^I describe group "([^"]*)"$`, w.describeGroup)
	sc.When(`^I list the existing groups newest first from NextPageToken "([^"]*)"$`, w.listNewestFrom)
	sc.When(`^I mute users "([^"]*)" in group "([^"]*)"$`, w.muteUsersIn)
	sc.When(`^I create an app without an AppName$`, w.createAppWithoutName)
	sc.When(`^I create an app with (\w+) "([^"]*)"$`, w.createAppWithOne)
	sc.When(`^I create an app with (\w+) "([^"]*)" and (\w+) "([^"]*)"$`, w.createAppWithTwo)
	sc.When(`^I create an app with an? (\w+) of (\d+) bytes$`, w.createAppWithLong)
	sc.When(`^I send a message to group "([^"]*)" as "([^"]*)" with (\w+) "([^"]*)"$`, w.sendWithParam)
	sc.When(`^I send a message to group "([^"]*)" as "([^"]*)" without a MsgType$`, w.sendWithoutMsgType)
	sc.Then(`^the response field "([^"]*)" is not empty$`, w.fieldNotEmpty)
	sc.Then(`^the response has the fields "([^"]*)"$`, w.hasFields)
	sc.Then(`^the response has none of the fields "([^"]*)"$`, w.hasNoneOfFields)
	sc.Then(`^the listed groups include group "([^"]*)"$`, w.listedGroupsInclude)
	sc.Then(`^group "([^"]*)" was created within the last (\d+) minutes, read in the unit the contract states$`, w.createdWithin)
	sc.Then(`^the messages of group "([^"]*)" were sent within the last (\d+) minutes, read in the unit the contract states$`, w.messagesSentWithin)
	sc.Then(`^group "([^"]*)" lists a message with the MsgTid of the answer$`, w.listsMessageWithTid)
}

func (w *World) groupJoinedBy(ctx context.Context, alias string, n int) error {
	users := make([]string, n)
	for i := range users {
		users[i] = "user" + strconv.Itoa(i+1)
	}
	if err := w.aGroup(ctx, alias); err != nil {
		return err
	}
	return w.admin.Join(ctx, w.appID, w.group(alias), users...)
}

func (w *World) createGroupWithoutCreator(ctx context.Context, alias string) error {
	id := w.group(alias)
	req := w.op(contract.OpCreateLiveMessageGroup, map[string]string{"GroupId": id})
	_, err := w.createJournaled(ctx, req, func(r aliyun.Request) (*aliyun.Response, error) { return w.do(ctx, r) })
	return err
}

func (w *World) describeGroup(ctx context.Context, alias string) error {
	_, err := w.do(ctx, w.op(contract.OpDescribeLiveMessageGroup, map[string]string{"GroupId": w.group(alias)}))
	return err
}

func (w *World) listNewestFrom(ctx context.Context, token string) error {
	_, err := w.do(ctx, w.op(contract.OpListLiveMessageGroups, map[string]string{"SortType": "2", "GroupStatus": "1", "NextPageToken": token}))
	return err
}

func (w *World) muteUsersIn(ctx context.Context, users, alias string) error {
	req := w.op(contract.OpAddLiveMessageGroupBand, map[string]string{"GroupId": w.group(alias)})
	req.Lists["BannedUsers"] = splitUsers(users)
	_, err := w.do(ctx, req)
	return err
}

func (w *World) createAppWithoutName(ctx context.Context) error {
	return w.createApp(ctx, nil)
}

func (w *World) createAppWithOne(ctx context.Context, p, v string) error {
	return w.createApp(ctx, map[string]string{p: v})
}

func (w *World) createAppWithTwo(ctx context.Context, p1, v1, p2, v2 string) error {
	return w.createApp(ctx, map[string]string{p1: v1, p2: v2})
}

func (w *World) createAppWithLong(ctx context.Context, p string, n int) error {
	const prefix = "https://cb.example.com/"
	return w.createApp(ctx, map[string]string{p: prefix + strings.Repeat("a", max(n-len(prefix), 0))})
}

func (w *World) sendWithParam(ctx context.Context, alias, user, p, v string) error {
	params := map[string]string{"GroupId": w.group(alias), "SenderId": user, "MsgType": "1", "Body": "hello"}
	params[p] = v
	_, err := w.do(ctx, w.op(contract.OpSendLiveMessageGroup, params))
	return err
}

func (w *World) sendWithoutMsgType(ctx context.Context, alias, user string) error {
	_, err := w.do(ctx, w.op(contract.OpSendLiveMessageGroup, map[string]string{"GroupId": w.group(alias), "SenderId": user, "Body": "hello"}))
	return err
}

func (w *World) fieldNotEmpty(ctx context.Context, field string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	v, _ := w.last.Fields[field].(string)
	assert.NotEmpty(w.t(ctx), v, "response field %s", field)
	return nil
}

func (w *World) hasFields(ctx context.Context, fields string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	for _, f := range splitUsers(fields) {
		_, ok := w.last.Fields[f]
		assert.True(w.t(ctx), ok, "the answer of %s should have %s", w.lastOp, f)
	}
	return nil
}

func (w *World) hasNoneOfFields(ctx context.Context, fields string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	for _, f := range splitUsers(fields) {
		v, ok := w.last.Fields[f]
		assert.False(w.t(ctx), ok, "the answer of %s should not have %s, got %v", w.lastOp, f, v)
	}
	return nil
}

func (w *World) listedGroupsInclude(ctx context.Context, alias string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	list, _ := w.last.Fields["GroupList"].([]any)
	var ids []string
	for _, g := range list {
		if m, ok := g.(map[string]any); ok {
			id, _ := m["GroupId"].(string)
			ids = append(ids, id)
		}
	}
	assert.Contains(w.t(ctx), ids, w.group(alias), "the first page of the newest groups")
	return nil
}

func (w *World) createdWithin(ctx context.Context, alias string, mins int) error {
	f, err := w.describe(ctx, alias)
	if err != nil {
		return err
	}
	return w.recent(ctx, contract.OpDescribeLiveMessageGroup, []string{"Createtime"}, f["Createtime"], time.Duration(mins)*time.Minute)
}

func (w *World) messagesSentWithin(ctx context.Context, alias string, mins int) error {
	list, err := w.messages(ctx, alias)
	if err != nil {
		return err
	}
	require.NotEmpty(w.t(ctx), list, "group %s lists no message", alias)
	for _, m := range list {
		if err := w.recent(ctx, contract.OpListLiveMessageGroupMessages, []string{"MessageList", "Timestamp"}, m["Timestamp"], time.Duration(mins)*time.Minute); err != nil {
			return err
		}
	}
	return nil
}

func (w *World) listsMessageWithTid(ctx context.Context, alias string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	tid, _ := w.last.Fields["MsgTid"].(string)
	require.NotEmpty(w.t(ctx), tid, "the answer of %s has no MsgTid", w.lastOp)
	list, err := w.messages(ctx, alias)
	if err != nil {
		return err
	}
	var tids []any
	for _, m := range list {
		tids = append(tids, m["MsgTid"])
	}
	assert.Contains(w.t(ctx), tids, tid, "the messages of %s", alias)
	return nil
}

// createApp calls CreateLiveMessageApp with params (and no AppName unless
// given).
func (w *World) createApp(ctx context.Context, params map[string]string) error {
	p := map[string]string{}
	for k, v := range params {
		p[k] = v
	}
	_, err := w.do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: p, Lists: map[string][]string{}})
	return err
}

// messages lists the stored messages of a group, oldest first.
func (w *World) messages(ctx context.Context, alias string) ([]map[string]any, error) {
	resp, err := w.mustOK(ctx, w.op(contract.OpListLiveMessageGroupMessages, map[string]string{
		"GroupId": w.group(alias), "SortType": "1", "PageSize": largestPage(contract.OpListLiveMessageGroupMessages),
	}))
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	list, _ := resp.Fields["MessageList"].([]any)
	for _, m := range list {
		if mm, ok := m.(map[string]any); ok {
			out = append(out, mm)
		}
	}
	return out, nil
}

// recent checks that a time field of an answer, read in the unit the
// contract gives the field, is within d of now: a time in another unit (a
// millisecond value in a seconds field) lands centuries away and fails.
func (w *World) recent(ctx context.Context, opName string, path []string, v any, d time.Duration) error {
	t := w.t(ctx)
	f := w.s.contract.FieldAt(opName, path...)
	require.NotNil(t, f, "%s has no field %s in the contract", opName, strings.Join(path, "."))
	require.Equal(t, contract.KindTime, f.Kind, "%s.%s is a time in the contract", opName, f.Name)
	n, err := jsonInt(v)
	require.NoError(t, err, "%s.%s", opName, f.Name)
	var at time.Time
	switch f.Unit {
	case contract.Seconds:
		at = contract.UnixSeconds(n).Time()
	case contract.Millis:
		at = contract.UnixMillis(n).Time()
	default:
		return fmt.Errorf("%s.%s states no unit", opName, f.Name)
	}
	off := time.Since(at)
	assert.True(t, off > -d && off < d, "%s.%s = %d read as %s is %s, which is %s from now (want within %s)",
		opName, f.Name, n, f.Unit, at.UTC().Format(time.RFC3339), off.Round(time.Second), d)
	return nil
}

// jsonInt is an integer of a decoded JSON answer.
func jsonInt(v any) (int64, error) {
	switch n := v.(type) {
	case json.Number:
		return n.Int64()
	case float64:
		if n == float64(int64(n)) {
			return int64(n), nil
		}
	}
	return 0, fmt.Errorf("%v (%T) is not an integer", v, v)
}
