package explore_test

import (
	"context"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// TestDefaultPlanFitsTwoMinutes: the default budget, paced at 80% of the
// documented limits, takes under two minutes on a real target.
func TestDefaultPlanFitsTwoMinutes(t *testing.T) {
	p := explore.PlanFor(contract.Default(), explore.DefaultBudget, explore.DefaultMaxSteps)
	t.Logf("default plan: %s", p)
	assert.Less(t, p.Worst, 2*time.Minute)
	assert.Equal(t, explore.DefaultBudget*p.PerSequence, p.Requests)
	assert.Equal(t, 125*time.Millisecond, explore.Interval(10), "10 QPS paced at 8 per second")
	bigger := explore.PlanFor(contract.Default(), 10*explore.DefaultBudget, explore.DefaultMaxSteps)
	assert.Greater(t, bigger.Worst, 2*time.Minute, "a bigger budget goes over, and the CLI then asks for consent")
}

// TestRealModePacesUnderEveryLimit: as on a real target (no admin API, an
// app given, pacing), against an emulator that enforces every documented
// limit: no call is throttled (a throttled answer would differ from the
// unthrottled oracle), and every group made is deleted and journaled.
func TestRealModePacesUnderEveryLimit(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, defaultCreds())
	app, err := c.Do(context.Background(), aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "explore"}})
	require.NoError(t, err)
	j := &journal{}
	res, err := explore.Run(context.Background(), explore.Config{
		Target: c, AppID: app.Fields["AppId"].(string), Real: true, Budget: 12, MaxSteps: 8, Seed: 99, Journal: j,
	})
	require.NoError(t, err)
	assert.Nil(t, res.Divergence, "paced calls are never throttled, and the app holds only the run's groups")
	assert.LessOrEqual(t, res.Requests, explore.PlanFor(contract.Default(), 12, 8).Requests)
	assert.Equal(t, j.created, j.deleted, "every group made is deleted, and both are journaled")
	assert.NotEmpty(t, j.intended)
	assert.Len(t, j.intended, len(j.created)+len(j.notCreated), "every create journaled ahead is resolved by its answer")
	apps, throttled := 0, 0
	for _, r := range srv.Emulator.Requests(1000) {
		if r.Action == "CreateLiveMessageApp" {
			apps++
		}
		if r.Code == "Throttling.User" || r.Code == "Throttling.Api" {
			throttled++
		}
	}
	assert.Equal(t, 1, apps, "no app is made on a real target (only the test's own)")
	assert.Zero(t, throttled)
}

// TestRealModeJournalsCreatesAhead: on a real target whose answers to
// the creates it carries out are lost, the create is journaled before it
// goes and stays unresolved (maybe), never "not created", even when
// net/http resent a GET create and the copy was refused (its nonce used);
// the sequence's cleanup deletes the group all the same, and does not
// journal that delete, which proves nothing of a group that may never
// have been made.
func TestRealModeJournalsCreatesAhead(t *testing.T) {
	emu := mock.New(mock.DefaultConfig())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if faultproxy.Action(r) != "CreateLiveMessageGroup" {
			emu.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		if emu.ServeHTTP(rec, r); rec.Code != http.StatusOK { // refused (an invalid id drawn): answered
			maps.Copy(w.Header(), rec.Header())
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil { // carried out, and the answer reset
			_ = c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}
	}))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, defaultCreds())
	app, err := c.Do(context.Background(), aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "explore"}})
	require.NoError(t, err)
	appID := app.Fields["AppId"].(string)
	j := &journal{}
	// the run ends on the lost answer: a transport error, or a divergence
	// when net/http resent a GET create and the copy was refused
	_, _ = explore.Run(context.Background(), explore.Config{Target: c, AppID: appID, Real: true, Budget: 30, MaxSteps: 6, Seed: 5, Journal: j})
	assert.Empty(t, j.created, "no create was answered")
	assert.Empty(t, j.deleted, "a delete of a group that may never have been made is not journaled")
	made := 0
	for _, e := range emu.Store().Events(0) {
		if e.Type == store.EventGroupCreated {
			made++
			assert.Contains(t, j.intended, e.GroupID, "group %s was made and not journaled ahead", e.GroupID)
			assert.NotContains(t, j.notCreated, e.GroupID, "group %s was made and journaled as not created", e.GroupID)
		}
	}
	assert.Positive(t, made)
	assert.Zero(t, emu.Store().ActiveGroups(appID), "the cleanup deleted it")
}

type journal struct{ intended, created, notCreated, deleted []string }

func (j *journal) Intended(app, g string) error { j.intended = append(j.intended, g); return nil }
func (j *journal) Created(app, g string)        { j.created = append(j.created, g) }
func (j *journal) NotCreated(app, g string)     { j.notCreated = append(j.notCreated, g) }
func (j *journal) Deleted(app, g string)        { j.deleted = append(j.deleted, g) }

// TestRealModeOthersGroupsInTheApp: on a real account the app holds groups
// explore did not make (other runs', deleted ones listed for 30 days, and
// the earlier sequences' of this run). A faithful provider is no
// divergence: list answers, JSON and XML alike, are compared on the
// sequence's own groups.
func TestRealModeOthersGroupsInTheApp(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, defaultCreds())
	ctx := context.Background()
	made, err := c.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "shared"}})
	require.NoError(t, err)
	app := made.Fields["AppId"].(string)
	create, del := contract.OpCreateLiveMessageGroup, contract.OpDeleteLiveMessageGroup
	for _, g := range []string{"other1", "other2", "other3"} {
		resp, err := c.Do(ctx, aliyun.Request{Action: create, Params: map[string]string{"AppId": app, "GroupId": g, "CreatorId": "u1"}})
		require.NoError(t, err)
		require.True(t, resp.OK(), string(resp.Body))
	}
	for _, g := range []string{"other1", "other2"} {
		resp, err := c.Do(ctx, aliyun.Request{Action: del, Params: map[string]string{"AppId": app, "GroupId": g}})
		require.NoError(t, err)
		require.True(t, resp.OK(), string(resp.Body))
	}
	j := &journal{}
	res, err := explore.Run(ctx, explore.Config{Target: c, AppID: app, Real: true, Budget: 40, MaxSteps: 6, Seed: 7, Journal: j})
	require.NoError(t, err)
	if !assert.Nil(t, res.Divergence, "a faithful provider whose app holds others' groups") {
		t.Logf("%+v", res.Divergence.Differences)
	}
	// nothing is left behind that the journal does not know of
	groups, _, more, err := srv.Emulator.Store().ListGroups(app, store.GroupQuery{PageSize: 5000})
	require.NoError(t, err)
	require.False(t, more)
	journaled := map[string]bool{"other1": true, "other2": true, "other3": true}
	for _, g := range j.created {
		journaled[g] = true
	}
	for _, g := range groups {
		assert.True(t, journaled[g.ID], "group %s was made and not journaled", g.ID)
	}
}
