package load_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// TestEveryOperationMixableOrRefused: every operation of the contract
// either has a traffic model (MixOperations) or is refused with its
// reason (NotMixable), never both, so a new operation cannot slip through
// without one or the other.
func TestEveryOperationMixableOrRefused(t *testing.T) {
	for _, name := range contract.Default().OperationNames() {
		mixable, refused := slices.Contains(load.MixOperations, name), load.NotMixable[name] != ""
		assert.True(t, mixable != refused, "%s: mixable %v, refused %v", name, mixable, refused)
	}
	assert.Len(t, load.MixOperations, len(contract.Default().OperationNames())-len(load.NotMixable))
}

// mixAll is a mix of every mixable operation, weight 1 each, the writes
// that leave something (sends, bans) before those that take it away
// (deletes of messages, unbans), so that each finds something to work on.
func mixAll() string {
	var b strings.Builder
	b.WriteString("mix:\n")
	for _, op := range load.MixOperations {
		fmt.Fprintf(&b, "  %s: 1\n", op)
	}
	return b.String()
}

// TestProfileMixesEveryOperation: a short profile mixing every mixable
// operation on the emulator has every one served (a 2xx without a code:
// no request the emulator finds invalid), 3 arrivals each; the models
// worked on what the run made (bans lifted, guests kicked, the run's own
// messages deleted), the app's settings end as they began and the app
// enabled, results.bin holds no app key, and nothing is left behind.
func TestProfileMixesEveryOperation(t *testing.T) {
	t.Parallel()
	defer profileGated()()
	srv := mock.NewTestServer(t)
	c := client(srv)
	// an app with settings of its own, which the app-level writes must keep
	create, _ := contract.Default().Operation(contract.OpCreateLiveMessageApp)
	params, lists := create.Minimal(map[string]string{"AuditType": "1", "EventCallbackUrl": "https://example.com/livemsg/cb"})
	resp, err := c.Do(context.Background(), aliyun.Request{Action: create.Name, Params: params, Lists: lists})
	require.NoError(t, err)
	require.True(t, resp.OK(), "%s %s", resp.Code, resp.Message)
	app, _ := resp.Fields["AppId"].(string)
	require.NotEmpty(t, app)
	before, err := srv.Store().AppDetails(app)
	require.NoError(t, err)

	n := len(load.MixOperations)
	j := &memJournal{}
	out := t.TempDir()
	res, err := load.RunProfile(context.Background(), load.ProfileConfig{Client: c, AppID: app, Target: "emulator",
		Journal: j, Join: mock.NewAdmin(srv.URL).Join, OutDir: out,
		Profile: parse(t, fmt.Sprintf("start_rate: %d\nstages: [{duration: 1s, rate: %d}]\n%sthresholds: [{metric: error_share, below: 0.01}]\n", 3*n, 3*n, mixAll()))})
	require.NoError(t, err)
	for _, op := range load.MixOperations {
		f := opFigures(res, op)
		assert.Equal(t, 3, f.Sent, "%s sent", op)
		assert.Equal(t, f.Sent, f.Served, "%s: every request served: %v", op, f.ErrorCodes)
	}
	assert.Equal(t, load.Pass, res.Verdict, "%+v", res.Thresholds)

	p := res.Pool
	assert.Positive(t, p.GroupsBanned)
	assert.Positive(t, p.GroupsUnbanned, "unbans of groups the run banned")
	assert.Positive(t, p.UsersKicked, "kicks of the guest who joined")
	assert.GreaterOrEqual(t, p.MessagesDeleted, 4, "deletes of messages the run sent, to groups and to users")
	assert.Zero(t, p.DeletesWithoutMessage+p.UnbansWithoutBan+p.KicksWithoutMember, "each found something to work on: %+v", p)

	// as the emulator saw it
	var kicked int
	for _, e := range srv.Store().Events(0) {
		if e.Type == store.EventMemberLeft && strings.HasSuffix(e.UserID, "guest") {
			kicked++
		}
	}
	assert.Equal(t, p.UsersKicked, kicked, "each served kick removed the guest")
	after, err := srv.Store().AppDetails(app)
	require.NoError(t, err)
	assert.Equal(t, before.AppSettings, after.AppSettings, "the app's settings end as they began")
	assert.False(t, after.Disabled)
	assert.Empty(t, j.left(), "the journal shows nothing left")
	assert.Zero(t, srv.Store().ActiveGroups(app), "every group of the run is deleted")

	raw, err := os.ReadFile(filepath.Join(out, load.ProfileResultsName))
	require.NoError(t, err)
	b := string(raw)
	assert.NotContains(t, b, before.Sign, "no AppSign in results.bin")
	assert.NotContains(t, b, before.Key, "no AppKey in results.bin")
}

// TestProfileRefusesWhatItCannotMix: the app's creation is refused in any
// mix, the app-level writes and user messages without send_users on a
// real target, each with its reason and before anything is sent.
func TestProfileRefusesWhatItCannotMix(t *testing.T) {
	t.Parallel()
	const head = "stages: [{duration: 1s, rate: 5}]\nthresholds: [{metric: error_share, below: 0.01}]\n"
	createApp := contract.OpCreateLiveMessageApp
	_, err := load.ParseProfile("p.yaml", []byte(head+"mix: {"+createApp+": 1}\n"), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "p.yaml:3: mix."+createApp+": cannot be mixed in a profile: it creates an app, which cannot be deleted")

	real := load.ProfileConfig{Real: true, AllowReal: true, MaxRequests: 1000, AppID: "app"}
	for _, op := range []string{contract.OpModifyLiveMessageAppDisable, contract.OpModifyLiveMessageAppAudit, contract.OpModifyLiveMessageAppCallback} {
		cfg := real
		cfg.Profile = parse(t, head+"mix: {"+op+": 1}\n")
		_, err := cfg.Plan()
		require.Error(t, err, op)
		assert.Contains(t, err.Error(), "profile.yaml:3: mix."+op+": "+op+" changes the app itself")
		cfg.Real = false
		_, err = cfg.Plan()
		assert.NoError(t, err, "%s on the emulator", op)
	}
	sendUser := contract.OpSendLiveMessageUser
	cfg := real
	cfg.Profile = parse(t, head+"mix: {"+sendUser+": 1}\n")
	_, err = cfg.Plan()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "send_users")
	cfg.Profile = parse(t, head+"mix: {"+sendUser+": 1}\nsend_users: [someone]\n")
	_, err = cfg.Plan()
	assert.NoError(t, err)
	// the reads of the app and the rest of the family are harmless there
	for _, op := range []string{contract.OpDescribeLiveMessageApp, contract.OpListLiveMessageApps, contract.OpBanLiveMessageGroup, contract.OpKickLiveMessageGroupUser, contract.OpModifyLiveMessageUserInfo} {
		cfg.Profile = parse(t, head+"mix: {"+op+": 1}\n")
		_, err = cfg.Plan()
		assert.NoError(t, err, op)
	}
}

// TestProfileHarmlessFormsOnAStricterProvider: a provider that answers
// ResourceNotExist to a kick of a user who is not a member, an unban of a
// group not banned and a delete of a message that does not exist (a
// proxy in front of the emulator) still serves the harmless forms a
// profile sends when its pool has nothing for them; they are counted as
// such.
func TestProfileHarmlessFormsOnAStricterProvider(t *testing.T) {
	t.Parallel()
	defer profileGated()()
	srv := mock.NewTestServer(t)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	var refused atomic.Int32
	strict := map[string]bool{contract.OpKickLiveMessageGroupUser: true, contract.OpUnbanLiveMessageGroup: true,
		contract.OpDeleteLiveMessageGroupMessage: true, contract.OpDeleteLiveMessageUserMessage: true}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		q, _ := url.ParseQuery(string(body))
		if r.URL.RawQuery != "" {
			q, _ = url.ParseQuery(r.URL.RawQuery + "&" + string(body))
		}
		if strict[q.Get("Action")] {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"RequestId":"1","Code":"ResourceNotExist","Message":"not there","HostId":"live.aliyuncs.com"}`)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	c := aliyun.NewClient(proxy.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	var mix strings.Builder
	for op := range strict {
		fmt.Fprintf(&mix, "  %s: 1\n", op)
	}
	// no Join: no guest to kick, and no messages or bans of the run
	res, err := load.RunProfile(context.Background(), load.ProfileConfig{Client: c, Target: "stricter",
		Profile: parse(t, "start_rate: 16\nstages: [{duration: 1s, rate: 16}]\nmix:\n"+mix.String()+"thresholds: [{metric: error_share, below: 0.01}]\n")})
	require.NoError(t, err)
	for op := range strict {
		f := opFigures(res, op)
		assert.Equal(t, 4, f.Sent, op)
		assert.Equal(t, f.Sent, f.Served, "%s: the harmless form is served: %v", op, f.ErrorCodes)
	}
	assert.Equal(t, int32(16), refused.Load(), "the provider said ResourceNotExist to each")
	assert.Equal(t, 4, res.Pool.KicksWithoutMember)
	assert.Equal(t, 4, res.Pool.UnbansWithoutBan)
	assert.Equal(t, 8, res.Pool.DeletesWithoutMessage)
	assert.Equal(t, load.Pass, res.Verdict)
}
