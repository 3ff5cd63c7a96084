package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/internal/netlink"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/reports"
)

// retriesLine is the terminal's summary of what a run resent.
var retriesLine = regexp.MustCompile(`(?m)^retries: (\d+)(?: \(([^)]*)\))?, budget (\d+), at most (\d+) a call`)

// resent reads the retries line of a run's output (-1 when there is none).
func resent(stdout string) int {
	m := retriesLine.FindStringSubmatch(stdout)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// summaryRetries reads the retries section of a run's summary.json.
func summaryRetries(t *testing.T, dir string) *reports.Retries {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	var s struct {
		Retries *reports.Retries `json:"retries"`
	}
	require.NoError(t, json.Unmarshal(b, &s))
	require.NotNil(t, s.Retries, "summary.json has the retries")
	return s.Retries
}

// TestRunResendsWhatALinkLost: a link that resets every third request of
// the operations safe to repeat (before the provider sees it) costs a
// real-target run nothing: every reset call is sent again, the run passes,
// and the terminal, summary.json and the report count exactly the resets,
// per operation. Creates and sends go through untouched: they are never
// resent (TestCreateNotResentOutcomeUnknown in aliyun).
func TestRunResendsWhatALinkLost(t *testing.T) {
	t.Parallel()
	timed(t)
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	c := contract.Default()
	link := faultproxy.NewResettingWhere(t, emu.URL, 3, func(r *http.Request) bool { return c.Idempotent(faultproxy.Action(r)) })
	out := t.TempDir()
	code, stdout, stderr := run(t, "run", "--target", "real", "--endpoint", link.URL, "--app-id", app, "--out", out,
		"--retry-budget", "500", "--tags", "@op:DeleteLiveMessageGroup,@op:RemoveLiveMessageGroupBand && ~@mock && ~@expensive")
	require.Equal(t, exitOK, code, "a lossy link is no failure:\n%s\n%s", stdout, stderr)
	resets := int(link.Reset.Load())
	require.Positive(t, resets, "the link reset some requests")
	assert.Equal(t, resets, resent(stdout), "the terminal counts every resend:\n%s", stdout)
	sum := summaryRetries(t, filepath.Join(out, "run"))
	assert.Equal(t, resets, sum.Spent)
	assert.Equal(t, 3, sum.PerCall, "--retries defaults to 3")
	assert.GreaterOrEqual(t, sum.Budget, 500, "--retry-budget 500, and one more per 20 calls")
	assert.Zero(t, sum.NotResent)
	byOp := 0
	for _, o := range sum.ByOperation {
		assert.True(t, c.Idempotent(o.Operation), "only operations safe to repeat are resent, not %s", o.Operation)
		byOp += o.Retries
	}
	assert.Equal(t, resets, byOp, "per operation, the same resends")
	html, err := os.ReadFile(filepath.Join(out, "run", "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "<dt>Retries</dt><dd>"+strconv.Itoa(resets)+" (", "the report's header says it")
}

// readsOnly selects scenarios whose calls are all safe to repeat (no
// create, no send): reads and deletes in an app or of a group that does
// not exist, and envelope refusals of reads and deletes. On a lossy link
// only these can promise a pass: a create whose request was lost has an
// unknown outcome and is not resent.
const readsOnly = "@code:ResourceNotExist && @op:DescribeLiveMessageGroup,@op:ListLiveMessageGroups,@op:DescribeLiveMessageGroupBand," +
	"@op:ListLiveMessageGroupMessages,@op:DeleteLiveMessageGroup,@op:AddLiveMessageGroupBand" +
	",@code:InvalidVersion,@code:InvalidFormat,@code:MissingGroupId,@code:MissingUnbannedUsers"

// TestContractOverALinkDropping2Percent: through toxiproxy dropping 2% of
// the connections before they reach the provider, a contract run passes
// (exit 0) and says what it resent.
func TestContractOverALinkDropping2Percent(t *testing.T) {
	t.Parallel()
	_, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	l := netlink.New(t, endpoint)
	l.DropRequests(t, 0.02)
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", l.URL, "--app-id", app, "--out", t.TempDir(),
		"--tags", readsOnly)
	assert.Equal(t, exitOK, code, "%s\n%s", stdout, stderr)
	assert.GreaterOrEqual(t, resent(stdout), 0, "the run says what it resent:\n%s", stdout)
	assert.Regexp(t, `, budget (2\d|[3-9]\d), at most 3 a call`, stdout, "the defaults: 20, and one per 20 calls")
}

// TestContractOverALinkDropping30Percent: through a link dropping 30% of
// the connections, a contract run with creates and cleanups either passes
// with its resends counted, or could not run (exit 2) and says why: the
// faults seen and, once spent, the retry budget and its flags. Never a
// contract failure (1): nothing the link did is the provider's.
func TestContractOverALinkDropping30Percent(t *testing.T) {
	t.Parallel()
	_, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	l := netlink.New(t, endpoint)
	l.DropRequests(t, 0.3)
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", l.URL, "--app-id", app, "--out", t.TempDir(),
		"--deadline", "60s", "--tags", "@op:DeleteLiveMessageGroup,@op:DescribeLiveMessageGroup && ~@mock && ~@expensive")
	require.NotEqual(t, exitFailed, code, "a lossy link is never a contract failure:\n%s\n%s", stdout, stderr)
	n := resent(stdout)
	require.GreaterOrEqual(t, n, 0, "the run says what it resent:\n%s", stdout)
	if code == exitOK {
		assert.Positive(t, n, "30%% of the connections dropped and nothing resent?\n%s", stdout)
		return
	}
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "could not run: connection reset (", "the faults seen, counted")
	if strings.Contains(stdout, " not resent") {
		// the budget grows with every call, those made after it was spent
		// included: the line's budget is at least what was spent
		m := retriesLine.FindStringSubmatch(stdout)
		budget, _ := strconv.Atoi(m[3])
		assert.GreaterOrEqual(t, budget, n, "spent means all of it, as it stood")
		assert.Contains(t, stderr, "the retry budget is spent: all "+strconv.Itoa(n)+" resends made (--retry-budget 20 and one per 20 calls)")
		assert.Contains(t, stderr, "(--retries 3 a call)")
	}
}

// TestAnswersCutShortSpendTheBudget: a link that cuts every answer in its
// body (toxiproxy's limit_data) gets resends until the run's budget is
// spent; the run could not run (exit 2), and its one diagnosis says the
// answers were cut short, not that connections were reset, and names the
// flags.
func TestAnswersCutShortSpendTheBudget(t *testing.T) {
	t.Parallel()
	_, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	l := netlink.New(t, endpoint)
	l.CutAnswers(t, 1, 150)
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", l.URL, "--app-id", app, "--out", t.TempDir(),
		"--retry-budget", "2", "--tags", readsOnly)
	require.Equal(t, exitUsage, code, "%s\n%s", stdout, stderr)
	assert.Contains(t, stderr, "could not run: the answer was cut short (truncated) (")
	assert.NotContains(t, stderr, "connection reset")
	assert.Contains(t, stderr, "the retry budget is spent: all 2 resends made (--retry-budget 2 and one per 20 calls)")
	assert.Contains(t, stderr, "--retries 3 a call")
	assert.Equal(t, 2, resent(stdout), "%s", stdout)
}

// TestCallSaysItResent: livemsg call prints the last exchange, and says on
// stderr that it followed a resend, and why.
func TestCallSaysItResent(t *testing.T) {
	t.Parallel()
	emu := mock.NewServer()
	defer emu.Close()
	var first atomic.Bool
	link := faultproxy.NewResettingWhere(t, emu.URL, 1, func(r *http.Request) bool {
		return faultproxy.Action(r) != "" && first.CompareAndSwap(false, true)
	})
	code, stdout, stderr := run(t, "call", "--endpoint", link.URL, "DescribeLiveMessageGroup", "AppId=nope", "GroupId=g1")
	assert.Equal(t, exitFailed, code, "the API's answer, ResourceNotExist:\n%s\n%s", stdout, stderr)
	assert.Contains(t, stdout, contract.CodeResourceNotExist)
	assert.Contains(t, stderr, "livemsg: DescribeLiveMessageGroup answered after 1 resend (connection reset (1 of 2 calls))")
}

// TestContractResendsCreatesALinkDropped: a link that resets every third
// create before the provider sees it costs a contract run nothing: each
// create without an answer is read back (the contract's @readBack), found
// absent, and sent again as a counted resend; the run passes, and nothing
// is left on the account. Without the read-back each reset create's
// outcome is unknown and its scenario errs (exit 2).
func TestContractResendsCreatesALinkDropped(t *testing.T) {
	t.Parallel()
	emu, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	mk := contract.OpCreateLiveMessageGroup
	link := faultproxy.NewResettingWhere(t, endpoint, 3, func(r *http.Request) bool { return faultproxy.Action(r) == mk })
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", link.URL, "--app-id", app, "--out", t.TempDir(),
		"--retry-budget", "200", "--tags", "@op:DeleteLiveMessageGroup && ~@mock && ~@expensive")
	require.Equal(t, exitOK, code, "a create the link dropped is read back and sent again:\n%s\n%s", stdout, stderr)
	resets := int(link.Reset.Load())
	require.Positive(t, resets, "the link reset some creates")
	assert.Regexp(t, `retries: \d+ \([^)]*`+mk+` `+strconv.Itoa(resets), stdout, "every reset create resent, counted")
	assert.Empty(t, activeGroups(t, emu, app), "nothing left on the account")
}

// TestBurstsCountWhatTheLinkLost: a link that resets every seventh delete
// before the provider sees it: the throttling scenarios of delete still
// pass (exit 0). Their bursts are not resent; a lost request is counted
// as unanswered, not as an unexpected answer, and the deletes around the
// bursts are resent as any call.
func TestBurstsCountWhatTheLinkLost(t *testing.T) {
	t.Parallel()
	timed(t) // its bursts are judged by their pace
	_, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	del := contract.OpDeleteLiveMessageGroup
	link := faultproxy.NewResettingWhere(t, endpoint, 7, func(r *http.Request) bool { return faultproxy.Action(r) == del })
	out := t.TempDir()
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", link.URL, "--app-id", app, "--out", out,
		"--"+harness.ConsentFlag, "--tags", "@code:Throttling.User && @op:"+del)
	require.Equal(t, exitOK, code, "a lost request of a burst is no failure:\n%s\n%s", stdout, stderr)
	require.Positive(t, link.Reset.Load(), "the link reset some deletes")
	assert.Regexp(t, `[1-9]\d* scenarios, [1-9]\d* passed, 0 failed, 0 errors`, stdout)
}

// TestContractReadsBackCreatesWhoseAnswersWereLost: a link that loses the
// answer of every third create and recovery after the provider carried it
// out. Each is read back: a new group found made, a group of the
// scenario's deleted found active again, is not sent again; a create of a
// group the scenario made already (answered AlreadyExists again) is
// resent. Scenarios that only set a group up go on and pass; a step that
// judges a lost answer ("the response field AlreadyExists") has none: an
// error (exit 2) that says the call was carried out, never a failure
// (1). Every group is deleted. Without the read-back every such call's
// outcome is unknown and its scenario errs.
func TestContractReadsBackCreatesWhoseAnswersWereLost(t *testing.T) {
	t.Parallel()
	mk, rec := contract.OpCreateLiveMessageGroup, contract.OpRecoverLiveMessageDeletedGroup
	for _, tc := range []struct {
		name, tags string
		want       int
	}{
		{"set-ups", "@op:DeleteLiveMessageGroup && ~@mock && ~@expensive", exitOK},
		{"judged", "@op:CreateLiveMessageGroup,@op:RecoverLiveMessageDeletedGroup && ~@mock && ~@expensive", exitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			emu, endpoint := closingEmulator(t, false)
			app := newApp(t, endpoint)
			link := faultproxy.NewLosingWhere(t, endpoint, 3, func(r *http.Request) bool { a := faultproxy.Action(r); return a == mk || a == rec })
			out := t.TempDir()
			code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", link.URL, "--app-id", app, "--out", out, "--tags", tc.tags)
			require.Equal(t, tc.want, code, "%s\n%s", stdout, stderr)
			require.Positive(t, link.Reset.Load(), "the link lost some answers")
			assert.Regexp(t, `, 0 failed, `, stdout, "a lost answer is never a failure")
			if code == exitUsage {
				junit, err := os.ReadFile(junitIn(t, out))
				require.NoError(t, err)
				errs := regexp.MustCompile(`<error message="([^"]*)"`).FindAllSubmatch(junit, -1)
				require.NotEmpty(t, errs)
				for _, e := range errs {
					assert.Contains(t, string(e[1]), "read back, it was carried out: only its answer was lost")
				}
			}
			assert.Empty(t, activeGroups(t, emu, app), "every group made is deleted, those whose answer was lost included")
		})
	}
}

// TestUnansweredSaturationIsNoFailure: a link that resets every second
// delete before the provider sees it halves the burst that should
// saturate DeleteLiveMessageGroup, so the provider never throttles it.
// That is the network's doing: the scenario is an error (exit 2) that
// says how many requests got no answer, never a failure (1).
func TestUnansweredSaturationIsNoFailure(t *testing.T) {
	t.Parallel()
	timed(t)
	_, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	del := contract.OpDeleteLiveMessageGroup
	link := faultproxy.NewResettingWhere(t, endpoint, 2, func(r *http.Request) bool { return faultproxy.Action(r) == del })
	out := t.TempDir()
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", link.URL, "--app-id", app, "--out", out,
		"--"+harness.ConsentFlag, "--retry-budget", "200", "--tags", "@op:"+del+" && ~@code:Throttling.User && ~@expensive && ~@mock")
	require.Equal(t, exitUsage, code, "%s\n%s", stdout, stderr)
	assert.Contains(t, stdout, ", 0 failed, 1 errors,", "the saturation is the one error, not a failure")
	junit, err := os.ReadFile(junitIn(t, out))
	require.NoError(t, err)
	assert.Regexp(t, `the burst to saturate it was not throttled, and \d+ of its \d+ requests got no answer`, string(junit))
}

// TestLateResentThrottleIsNoFailure: the delete that should be throttled
// right after a saturating burst loses its answer late (the link holds it
// 1.2 s, then resets), and its resend comes after the window gave its
// credit back: served. The served answer says nothing of the throttle:
// the scenario errs (exit 2) and says why; it was a failure (exit 1).
func TestLateResentThrottleIsNoFailure(t *testing.T) {
	t.Parallel()
	timed(t)
	_, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	var lost atomic.Bool
	link := faultproxy.NewLosingLateWhere(t, endpoint, 1, 1200*time.Millisecond, func(r *http.Request) bool {
		// the scenario's own delete, not the burst's (its group is absent)
		return faultproxy.Action(r) == contract.OpDeleteLiveMessageGroup && !strings.HasSuffix(r.URL.Query().Get("GroupId"), "absent") &&
			lost.CompareAndSwap(false, true)
	})
	dir := writeFeature(t, `Feature: a throttled delete, its answer lost late
  Scenario: A throttled delete changes nothing
    Given an app
    And a group "g1"
    And the operation "DeleteLiveMessageGroup" is saturated
    When I delete group "g1"
    Then the call fails with "Throttling.User"
    And group "g1" is active
`)
	out := t.TempDir()
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", link.URL, "--app-id", app, "--out", out,
		"--"+harness.ConsentFlag, "--builtin=false", "--features", dir)
	require.Equal(t, int64(1), link.Reset.Load(), "the delete's answer was lost once\n%s\n%s", stdout, stderr)
	assert.Equal(t, exitUsage, code, "%s\n%s", stdout, stderr)
	assert.Contains(t, stdout, "0 failed, 1 errors", "an error, not a failure")
	junit, err := os.ReadFile(junitIn(t, out))
	require.NoError(t, err)
	assert.Contains(t, string(junit), "nothing to judge the throttle by", "it says why")
}

// TestRefusalReadBackAsCarriedOutFails: a recovery the scenario says
// must be refused is carried out by the provider, and its answer is lost.
// Reading the group back shows it active again: that is a departure from
// the contract (exit 1), not a network error, and the failure says what
// the read-back found. (The feature's expectation stands in for a provider
// that recovers what it must refuse: the emulator recovers a group
// deleted a moment ago.)
func TestRefusalReadBackAsCarriedOutFails(t *testing.T) {
	t.Parallel()
	_, endpoint := closingEmulator(t, false)
	app := newApp(t, endpoint)
	link := faultproxy.NewLosingWhere(t, endpoint, 1, func(r *http.Request) bool {
		return faultproxy.Action(r) == contract.OpRecoverLiveMessageDeletedGroup
	})
	dir := writeFeature(t, `Feature: a recovery that must be refused
  Scenario: A recovery refused
    Given an app
    And a deleted group "g1"
    When I recover group "g1"
    Then the call fails with "ResourceNotExist"
`)
	out := t.TempDir()
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", link.URL, "--app-id", app, "--out", out,
		"--builtin=false", "--features", dir)
	require.Equal(t, int64(1), link.Reset.Load(), "the recovery's answer was lost once\n%s\n%s", stdout, stderr)
	assert.Equal(t, exitFailed, code, "%s\n%s", stdout, stderr)
	assert.Contains(t, stdout, "0 passed, 1 failed, 0 errors", "a failure, not an error")
	assert.Contains(t, stdout, "its answer was lost, and reading the state back shows it was carried out")
}
