package load_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// memJournal is a load.Journal in memory, in order.
type memJournal struct {
	mu      sync.Mutex
	entries []string // "intended g", "created g", "not-created g", "deleted g"
}

func (j *memJournal) Intended(_, g string) error { j.add("intended " + g); return nil }
func (j *memJournal) Created(_, g string)        { j.add("created " + g) }
func (j *memJournal) NotCreated(_, g string)     { j.add("not-created " + g) }
func (j *memJournal) Deleted(_, g string)        { j.add("deleted " + g) }
func (j *memJournal) add(e string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, e)
}

// left is the groups created, or intended and never answered, and not
// deleted afterwards.
func (j *memJournal) left() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	live := map[string]bool{}
	for _, e := range j.entries {
		op, g, _ := strings.Cut(e, " ")
		switch op {
		case "intended", "created":
			live[g] = true
		case "not-created", "deleted":
			live[g] = false
		}
	}
	var out []string
	for g, l := range live {
		if l {
			out = append(out, g)
		}
	}
	return out
}

func parse(t *testing.T, src string) *load.Profile {
	t.Helper()
	p, err := load.ParseProfile("profile.yaml", []byte(src), nil)
	require.NoError(t, err)
	return p
}

// runProfile runs a profile on its own emulator.
func runProfile(t *testing.T, srv *mock.Server, src string, j load.Journal, out string) *load.ProfileResult {
	t.Helper()
	res, err := load.RunProfile(context.Background(), load.ProfileConfig{Client: client(srv), Profile: parse(t, src), Target: "emulator",
		Journal: j, Join: mock.NewAdmin(srv.URL).Join, OutDir: out})
	require.NoError(t, err)
	return res
}

// TestProfileUnderTheLimits: a profile whose every operation stays under
// its limit, in ramps up and down, sends at the planned arrival rate in
// every stage (within 2%), passes its thresholds, and its traffic is
// realistic as the emulator saw it: every group deleted had been created,
// every user unmuted had been muted in that group, every message went to a
// group a member had joined; nothing is left behind.
func TestProfileUnderTheLimits(t *testing.T) {
	t.Parallel()
	defer profileGated()()
	srv := mock.NewTestServer(t)
	j := &memJournal{}
	out := t.TempDir()
	res := runProfile(t, srv, `
start_rate: 40
stages:
  - {duration: 2s, rate: 80}
  - {duration: 1.5s, rate: 80}
  - {duration: 1.5s, rate: 40}
mix:
  SendLiveMessageGroup: 6
  AddLiveMessageGroupBand: 1
  RemoveLiveMessageGroupBand: 1
  CreateLiveMessageGroup: 1
  DeleteLiveMessageGroup: 1
  DescribeLiveMessageGroup: 3
  ListLiveMessageGroups: 3
thresholds:
  - {metric: p95_ms, below: 500}
  - {metric: throttled_share, below: 0.01, per: operation}
  - {metric: error_share, below: 0.001, abort: true, after: 1s}
`, j, out)
	assert.Equal(t, load.Pass, res.Verdict, "%+v", res.Thresholds)
	assert.Empty(t, res.Aborted)
	require.Len(t, res.Stages, 3)
	for i, want := range []int{120, 120, 90} {
		st := res.Stages[i]
		assert.Equal(t, want, st.Planned, "stage %d planned", i+1)
		assert.InEpsilon(t, st.PlannedRate, st.AchievedRate, 0.02, "stage %d: achieved %g/s, planned %g/s", i+1, st.AchievedRate, st.PlannedRate)
		assert.Zero(t, st.Throttled+st.Errors, "stage %d: %v", i+1, st.ErrorCodes)
	}
	assert.Equal(t, 330, res.Overall.Sent)
	for _, op := range res.Operations {
		assert.InDelta(t, op.Planned, op.Sent, 1, "%s: the mix's share of the arrivals", op.Operation)
		assert.InDelta(t, op.Share*330, op.Sent, 1, "%s", op.Operation)
	}
	for _, th := range res.Thresholds {
		assert.True(t, th.Held, "%s", th)
	}

	// the traffic, as the emulator saw it
	created, muted, joined := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var closed, unmuted, sent int
	for _, e := range srv.Store().Events(0) {
		switch e.Type {
		case store.EventGroupCreated:
			created[e.GroupID] = true
		case store.EventGroupClosed:
			assert.True(t, created[e.GroupID], "group %s deleted before it was created", e.GroupID)
			closed++
		case store.EventMemberJoined:
			joined[e.GroupID] = true
		case store.EventUsersMuted:
			muted[e.GroupID+"/"+e.Detail] = true
		case store.EventUsersUnmuted:
			if !strings.HasSuffix(e.Detail, "notmuted") {
				assert.True(t, muted[e.GroupID+"/"+e.Detail], "user %s unmuted in %s, never muted there", e.Detail, e.GroupID)
				unmuted++
			}
		case store.EventMessageSent:
			assert.True(t, joined[e.GroupID], "a message went to %s, which no member had joined", e.GroupID)
			sent++
		}
	}
	assert.Equal(t, res.Pool.GroupsDeleted+res.Pool.CleanupDeleted, closed, "every served delete closed a group that existed")
	assert.Equal(t, res.Pool.UsersUnmuted, unmuted)
	assert.Positive(t, res.Pool.UsersUnmuted, "unmutes of users the run muted")
	assert.Positive(t, res.Pool.GroupsDeleted, "deletes of groups the run created")
	assert.Equal(t, opFigures(res, "SendLiveMessageGroup").Served, sent)
	assert.Zero(t, res.Pool.DeletesWithoutGroup)
	assert.Empty(t, j.left(), "the journal shows nothing left")
	for app := range appsOf(srv) {
		assert.Zero(t, srv.Store().ActiveGroups(app), "every group of the run is deleted")
	}

	// the vegeta file: every arrival, named by operation, redacted
	f, err := os.Open(filepath.Join(out, load.ProfileResultsName))
	require.NoError(t, err)
	defer f.Close()
	dec := vegeta.NewDecoder(f)
	n, ops := 0, map[string]int{}
	for {
		var r vegeta.Result
		if err := dec.Decode(&r); err != nil {
			require.ErrorIs(t, err, io.EOF)
			break
		}
		n++
		ops[r.Attack]++
		assert.True(t, strings.HasSuffix(r.URL, "&Signature=REDACTED"), "no signature in a result file: %s", r.URL)
		assert.NotContains(t, r.URL, "AccessKeyId="+mock.DefaultKeyID, "no full key id in a result file")
	}
	assert.Equal(t, 330, n)
	assert.Equal(t, opFigures(res, "SendLiveMessageGroup").Sent, ops["SendLiveMessageGroup"])
	_, err = os.Stat(filepath.Join(out, load.ProfileSummaryName))
	assert.NoError(t, err, "summary.json written")
}

// TestProfileOverTheUnmuteLimit: a profile that takes unmutes over their 10
// QPS fails throttled_share for that operation only, whatever shape the
// provider throttles in; the throttled answers are counted as throttled,
// never as errors.
func TestProfileOverTheUnmuteLimit(t *testing.T) {
	t.Parallel()
	for _, shape := range []string{"sliding", "fixed", "token:burst=1x", "gcra"} {
		t.Run(shape, func(t *testing.T) {
			t.Parallel()
			defer profileGated()()
			th, err := mock.ParseThrottle(shape)
			require.NoError(t, err)
			srv := mock.NewTestServer(t, mock.WithThrottle("", th))
			res := runProfile(t, srv, `
start_rate: 12
stages:
  - {duration: 1s, rate: 12}
  - {duration: 100ms, rate: 40}
  - {duration: 1500ms, rate: 40}
mix:
  RemoveLiveMessageGroupBand: 6
  SendLiveMessageGroup: 3
  AddLiveMessageGroupBand: 1
  DescribeLiveMessageGroup: 2
thresholds:
  - {metric: throttled_share, below: 0.05, per: operation}
  - {metric: error_share, below: 0.01}
`, nil, "")
			assert.Equal(t, load.Fail, res.Verdict)
			for _, th := range res.Thresholds {
				if th.Metric == "throttled_share" {
					assert.Equal(t, th.Scope != "RemoveLiveMessageGroupBand", th.Held, "%s", th)
				} else {
					assert.True(t, th.Held, "%s", th)
				}
			}
			unmute := opFigures(res, "RemoveLiveMessageGroupBand")
			assert.Greater(t, unmute.Throttled, 5)
			assert.Zero(t, unmute.Errors, "throttled answers are not errors: %v", unmute.ErrorCodes)
			assert.Zero(t, res.Overall.Errors)
			require.Len(t, res.Stages, 3)
			assert.Zero(t, res.Stages[0].Throttled, "under the limit in the first stage (6 unmutes a second)")
			assert.Positive(t, res.Stages[2].Throttled, "over it in the last (20 a second)")
		})
	}
}

// TestProfileAbort: an abort threshold broken from the second stage on
// stops the run within its after window plus one second of the stage's
// start, and not before it has been broken for its after window.
func TestProfileAbort(t *testing.T) {
	t.Parallel()
	defer profileGated()()
	srv := mock.NewTestServer(t)
	res := runProfile(t, srv, `
start_rate: 8
stages:
  - {duration: 1s, rate: 8}
  - {duration: 100ms, rate: 30}
  - {duration: 4s, rate: 30}
mix:
  RemoveLiveMessageGroupBand: 3
  SendLiveMessageGroup: 1
thresholds:
  - {metric: throttled_share, below: 0.1, per: operation, abort: true, after: 1s}
`, nil, "")
	require.NotEmpty(t, res.Aborted, "the run stopped early")
	assert.Contains(t, res.Aborted, "RemoveLiveMessageGroupBand")
	assert.Equal(t, load.Fail, res.Verdict)
	const breaks, after = 1.1, 1.0 // unmutes go over their limit from 1 s to 1.1 s
	assert.GreaterOrEqual(t, res.DurationS, 1+after, "not before it was broken for its window")
	assert.LessOrEqual(t, res.DurationS, breaks+after+1, "within its window plus one second")
	last := 0.0
	for _, s := range res.Timeline {
		if s.Sent > 0 {
			last = s.T
		}
	}
	assert.Less(t, last, breaks+after+1, "nothing sent after the window plus one second")
	assert.Less(t, float64(res.Overall.Sent), 8+2+30*1.1+30, "no more arrivals than the run planned until 3.1 s")
}

// TestProfileRefusedBeforeSending: on a real target a profile needs the
// acknowledgement, a cap its plan fits, an app id, and groups users
// joined for its sends; nothing is sent when one is missing.
func TestProfileRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "secret"})
	const src = `
start_rate: 10
stages: [{duration: 10s, rate: 10}]
mix: {SendLiveMessageGroup: 1, CreateLiveMessageGroup: 1}
thresholds: [{metric: error_share, below: 0.01}]
`
	withGroups := src + "send_groups: [usersjoinedthis]\n"
	for _, tc := range []struct {
		name, src string
		cfg       load.ProfileConfig
		want      string
	}{
		{"no acknowledgement", withGroups, load.ProfileConfig{Real: true, MaxRequests: 1000, AppID: "app"}, "--i-know-this-calls-the-real-service"},
		{"no cap", withGroups, load.ProfileConfig{Real: true, AllowReal: true, AppID: "app"}, "--max-requests N: the profile plans up to 156 requests (100 arrivals over 10s, 3 setup, up to 53 cleanup deletes)"},
		{"no app", withGroups, load.ProfileConfig{Real: true, AllowReal: true, MaxRequests: 1000}, "--app-id"},
		{"sends without joined groups", src, load.ProfileConfig{Real: true, AllowReal: true, MaxRequests: 1000, AppID: "app"}, "send_groups"},
		{"over the cap", withGroups, load.ProfileConfig{Real: true, AllowReal: true, MaxRequests: 150, AppID: "app"}, "over --max-requests 150"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Client, cfg.Profile = c, parse(t, tc.src)
			_, err := load.RunProfile(context.Background(), cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	assert.Zero(t, hits.Load(), "nothing was sent")
}

// TestProfileCouldNotRun: a target whose answers are not Alibaba's (a
// proxy's 502 page) cannot run a profile: ErrCouldNotMeasure, before the
// stages.
func TestProfileCouldNotRun(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
	}))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "secret"})
	_, err := load.RunProfile(context.Background(), load.ProfileConfig{Client: c, AppID: "app", Profile: parse(t, `
stages: [{duration: 2s, rate: 50}]
mix: {DescribeLiveMessageGroup: 1}
thresholds: [{metric: error_share, below: 0.01}]
`)})
	require.Error(t, err)
	assert.True(t, errors.Is(err, load.ErrCouldNotMeasure), "%v", err)
	assert.Less(t, int(hits.Load()), 10, "it stopped at setup, before the stages")
}

func opFigures(res *load.ProfileResult, op string) load.OperationFigures {
	for _, o := range res.Operations {
		if o.Operation == op {
			return o
		}
	}
	return load.OperationFigures{}
}

// appsOf lists the apps the emulator has seen in its events.
func appsOf(srv *mock.Server) map[string]bool {
	out := map[string]bool{}
	for _, e := range srv.Store().Events(0) {
		if e.AppID != "" {
			out[e.AppID] = true
		}
	}
	return out
}
