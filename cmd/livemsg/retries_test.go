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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
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
	assert.Equal(t, 500, sum.Budget)
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
	assert.Contains(t, stdout, ", budget 20, at most 3 a call", "the defaults")
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
		assert.Equal(t, 20, n, "spent means all of it")
		assert.Contains(t, stderr, "the retry budget is spent: all 20 resends made (--retry-budget 20)")
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
	assert.Contains(t, stderr, "the retry budget is spent: all 2 resends made (--retry-budget 2)")
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
