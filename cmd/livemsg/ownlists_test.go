package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
)

// TestRealRecordingListsOnOwnGroups: the contract recorded on a real target
// whose app already holds others' deleted groups (earlier runs') replays
// identical: parity compares the list answers on the scenario's own groups
// and says what it left out, in its text and its page.
func TestRealRecordingListsOnOwnGroups(t *testing.T) {
	t.Parallel()
	useEmulatorKey(t)
	srv := breakage.Provider{Name: "faithful"}.Start()
	defer srv.Close()
	app := newApp(t, srv.URL)
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	for i := 1; i <= 4; i++ {
		for _, op := range []string{"CreateLiveMessageGroup", "DeleteLiveMessageGroup"} {
			resp, err := c.Do(context.Background(), aliyun.Request{Action: op, Params: map[string]string{"AppId": app, "GroupId": fmt.Sprintf("earlier%d", i), "CreatorId": "u1"}})
			require.NoError(t, err)
			require.True(t, resp.OK(), string(resp.Body))
		}
	}
	rec, out := t.TempDir(), t.TempDir()
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", srv.URL, "--app-id", app, "--record", rec, "--out", out,
		"--tags", "@op:DeleteLiveMessageGroup && ~@mock && ~@code && ~@assumption && ~@expensive && ~@bounds")
	require.Equal(t, exitOK, code, "%s\n%s", stdout, stderr)
	require.FileExists(t, filepath.Join(rec, "scenario-deleting-a-group-makes-it-unavailable-and-records-the-operator.yaml"))

	code, stdout, stderr = run(t, "parity", "--out", out, rec)
	assert.Equal(t, exitOK, code, "others' groups in the app are no difference:\n%s\n%s", stdout, stderr)
	assert.Contains(t, stdout, "left out of the comparison: 4 of 5 groups of GroupList, whose GroupId this recording neither sent nor saw made")
	html, err := os.ReadFile(filepath.Join(out, "parity", "parity.html"))
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(html), "Left out of the comparison") && strings.Contains(string(html), "4 of 5 groups of GroupList"),
		"parity.html says what was left out")
}

// TestRealRecordingOfEnvelopeRefusalsReplaysIdentical: the signature and
// throttling scenarios recorded on a faithful real target replay
// identical: the refusals (a used nonce, a signature method, an
// incomplete v3 header, a throttle) are listed as not resent, not as
// differences, and what follows them compares as recorded. The run itself
// passes: "A throttled delete changes nothing", right after the delete
// bursts, failed on a real target (the suite's pacer held the delete back
// for the bursts' cooldown, until the saturated window had emptied).
func TestRealRecordingOfEnvelopeRefusalsReplaysIdentical(t *testing.T) {
	t.Parallel()
	timed(t)
	useEmulatorKey(t)
	srv := breakage.Provider{Name: "faithful"}.Start()
	defer srv.Close()
	app := newApp(t, srv.URL)
	rec, out := t.TempDir(), t.TempDir()
	code, stdout, stderr := run(t, "contract", "--target", "real", "--endpoint", srv.URL, "--app-id", app, "--record", rec, "--out", out,
		"--"+harness.ConsentFlag, "--tags", "@code:SignatureNonceUsed,@code:InvalidSignatureMethod,@code:IncompleteSignature,@op:DeleteLiveMessageGroup && ~@mock && ~@expensive")
	require.Equal(t, exitOK, code, "%s\n%s", stdout, stderr)

	code, stdout, stderr = run(t, "parity", "--out", out, rec)
	assert.Equal(t, exitOK, code, "a faithful provider's refusals are no difference:\n%s\n%s", stdout, stderr)
	for _, c := range []string{"SignatureNonceUsed", "InvalidSignatureMethod", "IncompleteSignature", "Throttling.User"} {
		assert.Contains(t, stdout, "not resent: refused with "+c+" in the recording")
	}
}
