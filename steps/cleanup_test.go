package steps_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/internal/netlink"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
	"github.com/livemsg/livemsg/steps"
)

// lossy is an emulator and a journal of groups whose answers a network
// lost, written as the suite writes it (intended, then the answer's fate):
//   - "lost": its create's answer was reset after the provider made it;
//   - "cut": its create's answer was cut short after the provider made it;
//   - "dropped": its create never reached the provider;
//   - "deleted": created, then its delete's answer was lost (the provider
//     deleted it: no entry);
//   - "left": created, never deleted.
type lossy struct {
	srv  *mock.Server
	app  string
	path string
	good *aliyun.Client
}

func newLossy(t *testing.T) *lossy {
	t.Helper()
	srv := mock.NewTestServer(t)
	st := srv.Emulator.Store()
	app, err := st.CreateApp(store.AppSpec{Name: "j", Owner: mock.DefaultAccount})
	require.NoError(t, err)
	lz := &lossy{srv: srv, app: app.ID, path: filepath.Join(t.TempDir(), "journal.jsonl"), good: srv.Client()}
	j, err := steps.OpenJournal(lz.path)
	require.NoError(t, err)
	defer j.Close()
	create := func(c *aliyun.Client, g string) aliyun.Fate {
		require.NoError(t, j.Intended(lz.app, g))
		resp, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpCreateLiveMessageGroup,
			Params: map[string]string{"AppId": lz.app, "GroupId": g, "CreatorId": "c"}})
		f := aliyun.FateOf(resp, err)
		j.Resolve(lz.app, g, f)
		return f
	}
	for g, fault := range map[string]func(*netlink.Link){
		"lost":    func(l *netlink.Link) { l.LoseAnswers(t, 1) },
		"cut":     func(l *netlink.Link) { l.CutAnswers(t, 1, 40) },
		"dropped": func(l *netlink.Link) { l.DropRequests(t, 1) },
	} {
		l := netlink.New(t, srv.URL)
		fault(l)
		c := aliyun.NewClient(l.URL, lz.good.Credentials(), aliyun.WithTimeout(2*time.Second))
		require.Equal(t, aliyun.MaybeCarried, create(c, g), "%s: no answer came", g)
	}
	for _, g := range []string{"deleted", "left"} {
		require.Equal(t, aliyun.Carried, create(lz.good, g))
	}
	l := netlink.New(t, srv.URL)
	l.LoseAnswers(t, 1)
	_, err = aliyun.NewClient(l.URL, lz.good.Credentials(), aliyun.WithTimeout(2*time.Second)).Do(context.Background(),
		aliyun.Request{Action: contract.OpDeleteLiveMessageGroup, Params: map[string]string{"AppId": lz.app, "GroupId": "deleted"}})
	require.ErrorIs(t, err, aliyun.ErrTransport, "the delete's answer is lost")

	for g, want := range map[string]string{"lost": "active", "cut": "active", "dropped": "absent", "deleted": "deleted", "left": "active"} {
		assert.Equal(t, want, lz.presence(t, g), "%s on the emulator", g)
	}
	return lz
}

// presence is what the emulator's store holds of group g.
func (lz *lossy) presence(t *testing.T, g string) string {
	v, err := lz.srv.Emulator.Store().Group(lz.app, g)
	switch {
	case err != nil:
		return "absent"
	case v.Deleted:
		return "deleted"
	}
	return "active"
}

// TestLostAnswersLeaveGroupsMaybe: a create with no answer is journaled
// as maybe, whether or not the provider made the group; a delete whose
// answer was lost leaves its group created. The journal alone cannot
// tell which are on the account.
func TestLostAnswersLeaveGroupsMaybe(t *testing.T) {
	lz := newLossy(t)
	got, err := steps.Unresolved(lz.path)
	require.NoError(t, err)
	states := map[string]string{}
	for _, g := range got {
		states[g.GroupID] = g.State
	}
	assert.Equal(t, map[string]string{"lost": steps.StateMaybe, "cut": steps.StateMaybe, "dropped": steps.StateMaybe,
		"deleted": steps.StateCreated, "left": steps.StateCreated}, states)
}

// TestSettleReadsBack: the read-back names what is on the account and
// nothing else: the groups made though their answer was lost, and the one
// never deleted; not the one whose delete went through unanswered, nor
// the one never made. What it found is written to the journal.
func TestSettleReadsBack(t *testing.T) {
	lz := newLossy(t)
	res, err := steps.Settle(context.Background(), lz.good, lz.path)
	require.NoError(t, err)
	assert.Equal(t, []string{"cut", "left", "lost"}, sortedIDs(res.Left), "on the account")
	assert.Empty(t, res.Unknown)
	assert.Equal(t, 1, res.Gone, "the group whose delete's answer was lost is gone")
	assert.Equal(t, 1, res.NeverCreated, "the dropped create made nothing")
	assert.Empty(t, res.Deleted, "Settle deletes nothing")

	got, err := steps.Unresolved(lz.path)
	require.NoError(t, err)
	for _, g := range got {
		assert.Equal(t, steps.StateCreated, g.State, "%s: read back active, journaled as created", g.GroupID)
	}
	assert.Len(t, got, 3)
}

// TestCleanupCountsWhatWasOnTheAccount: a cleanup deletes the groups read
// back active and counts only them: "deleted 3 of 3", with the group
// already deleted and the one never made said apart. The account is then
// empty and the journal settled.
func TestCleanupCountsWhatWasOnTheAccount(t *testing.T) {
	lz := newLossy(t)
	res, err := steps.Cleanup(context.Background(), lz.good, lz.path)
	require.NoError(t, err)
	assert.Equal(t, []string{"cut", "left", "lost"}, sortedIDs(res.Deleted))
	assert.Equal(t, 3, res.Found())
	assert.Equal(t, 1, res.Gone)
	assert.Equal(t, 1, res.NeverCreated)
	assert.Zero(t, lz.srv.Emulator.Store().ActiveGroups(lz.app), "the app holds no active group")
	left, err := steps.Leftovers(lz.path)
	require.NoError(t, err)
	assert.Empty(t, left, "the journal is settled")
}

// TestCleanupReadsBackAfterADelete: a delete answered with success proves
// nothing (the service answers so for a group that does not exist too).
// A provider that answers deletes and does not carry them out (here a
// proxy answering for it) leaves the groups on the account: the cleanup
// says so and deletes none of them.
func TestCleanupReadsBackAfterADelete(t *testing.T) {
	srv := mock.NewTestServer(t)
	st := srv.Emulator.Store()
	app, err := st.CreateApp(store.AppSpec{Name: "j", Owner: mock.DefaultAccount})
	require.NoError(t, err)
	_, err = st.CreateGroup(app.ID, store.GroupSpec{ID: "g1", CreatorID: "c"})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := steps.OpenJournal(path)
	require.NoError(t, err)
	j.Created(app.ID, "g1")
	require.NoError(t, j.Close())

	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	deleteSays := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if faultproxy.Action(r) == contract.OpDeleteLiveMessageGroup {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"RequestId":"5A1B2C3D-0000-4000-8000-000000000000","GroupId":"g1"}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	defer deleteSays.Close()
	c := aliyun.NewClient(deleteSays.URL, srv.Client().Credentials())
	res, err := steps.Cleanup(context.Background(), c, path)
	assert.ErrorContains(t, err, "still active after its delete")
	assert.Empty(t, res.Deleted, "nothing was deleted")
	assert.Equal(t, []string{"g1"}, sortedIDs(res.Left))
	left, err := steps.Leftovers(path)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{app.ID: {"g1"}}, left, "the journal still names it")
}

// TestSettleGivesUpOnADeadTarget: when the target answers nothing, the
// read-back spends its tries once, not for every group, and leaves every
// group unknown (they may be on the account), none called gone.
func TestSettleGivesUpOnADeadTarget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := steps.OpenJournal(path)
	require.NoError(t, err)
	for _, g := range []string{"g1", "g2", "g3", "g4", "g5"} {
		require.NoError(t, j.Intended("a", g))
	}
	require.NoError(t, j.Close())
	c := aliyun.NewClient(faultproxy.Refused(t), aliyun.Credentials{AccessKeyID: "k", AccessKeySecret: "s"})
	res, err := steps.Settle(context.Background(), c, path)
	require.Error(t, err)
	assert.Len(t, res.Unknown, 5, "every group may be on the account")
	calls, _, _ := c.Faults().Counts()
	assert.Equal(t, 8, calls, "the tries of one call, then nothing more")
	left, err := steps.Leftovers(path)
	require.NoError(t, err)
	assert.Len(t, left["a"], 5, "the journal still names them")
}

func sortedIDs(groups []steps.Group) []string {
	out := make([]string, 0, len(groups))
	for _, g := range groups {
		out = append(out, g.GroupID)
	}
	slices.Sort(out)
	return out
}

// TestSettleDoesNotMultiplyTheClientsResends: the run's client resends a
// read that got no answer (--retries 3 a call), and so does the
// read-back (8 tries). Layered, a dead link would cost 8 × 4 requests,
// each after a backoff, and spend the run's retry budget; the read-back
// turns the client's resends off: 8 requests, the budget untouched.
func TestSettleDoesNotMultiplyTheClientsResends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := steps.OpenJournal(path)
	require.NoError(t, err)
	for _, g := range []string{"g1", "g2"} {
		require.NoError(t, j.Intended("a", g))
	}
	require.NoError(t, j.Close())
	budget := aliyun.NewRetryBudget(20)
	k := contract.Default()
	c := aliyun.NewClient(faultproxy.Refused(t), aliyun.Credentials{AccessKeyID: "k", AccessKeySecret: "s"},
		aliyun.WithRetries(3, budget, aliyun.RetryRules{Idempotent: k.Idempotent, Transient: k.Transient}),
		aliyun.WithBackoff(time.Millisecond, time.Millisecond))
	res, err := steps.Settle(context.Background(), c, path)
	require.Error(t, err)
	assert.Len(t, res.Unknown, 2)
	calls, _, _ := c.Faults().Counts()
	assert.Equal(t, 8, calls, "the read-back's tries, one request each")
	assert.Zero(t, budget.Spent(), "the run's retry budget is not the read-back's")
}

// TestSettleWaitsOutAThrottle: a read-back throttled twice is resent by
// the client 250 ms, then 500 ms later (RetryThrottledDoubling), and finds
// the group; a throttle is an answer, not a lost one.
func TestSettleWaitsOutAThrottle(t *testing.T) {
	srv := mock.NewTestServer(t)
	st := srv.Emulator.Store()
	app, err := st.CreateApp(store.AppSpec{Name: "j", Owner: mock.DefaultAccount})
	require.NoError(t, err)
	_, err = st.CreateGroup(app.ID, store.GroupSpec{ID: "g1", CreatorID: "c"})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := steps.OpenJournal(path)
	require.NoError(t, err)
	require.NoError(t, j.Intended(app.ID, "g1"))
	require.NoError(t, j.Close())

	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	var describes atomic.Int64
	throttling := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if faultproxy.Action(r) == contract.OpDescribeLiveMessageGroup {
			if describes.Add(1) <= 2 {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"RequestId":"R","HostId":"h","Code":"` + contract.CodeThrottlingUser + `","Message":"m"}`))
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	defer throttling.Close()
	began := time.Now()
	res, err := steps.Settle(context.Background(), aliyun.NewClient(throttling.URL, srv.Client().Credentials()), path)
	require.NoError(t, err)
	assert.Equal(t, []string{"g1"}, sortedIDs(res.Left))
	assert.Equal(t, int64(3), describes.Load())
	assert.GreaterOrEqual(t, time.Since(began), 750*time.Millisecond, "250 ms, then 500 ms")
}
