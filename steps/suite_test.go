package steps_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// TestContractSuite runs every scenario against an embedded emulator: this
// is what `go test ./...` and CI run.
func TestContractSuite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tg, err := target.Open(ctx, target.Spec{Kind: target.Mock})
	require.NoError(t, err)
	defer tg.Close()
	out := t.TempDir()
	res, err := steps.Run(ctx, steps.Options{Target: tg, OutDir: out, TestingT: t})
	require.NoError(t, err)
	for _, s := range res.Scenarios {
		if s.Status == "failed" {
			t.Errorf("scenario %q (%s) failed at %q:\n%s", s.Name, s.Feature, s.FailedStep, s.Error)
		}
	}
	p, f, sk := res.Counts()
	assert.True(t, res.Passed, "suite: %d passed, %d failed, %d skipped", p, f, sk)
	if oneScenario() {
		// go test -run 'TestContractSuite/<scenario>' picks scenarios:
		// each scenario is a subtest (Options.TestingT).
		assert.Positive(t, p+f, "the -run pattern selects at least one scenario")
		return
	}
	assert.Zero(t, sk, "nothing is skipped on the embedded emulator")
	assert.Greater(t, p, 50, "every scenario ran")
	for _, name := range []string{"junit.xml", "cucumber.json"} {
		b, err := os.ReadFile(filepath.Join(out, "contract", name))
		require.NoError(t, err, "%s written", name)
		assert.Contains(t, string(b), "Deleting a group makes it unavailable", "%s lists the scenarios", name)
	}
	var cucumber []map[string]any
	b, _ := os.ReadFile(filepath.Join(out, "contract", "cucumber.json"))
	require.NoError(t, json.Unmarshal(b, &cucumber), "cucumber.json is JSON")
	assert.NotEmpty(t, cucumber)
}

// oneScenario reports whether go test's -run pattern selects scenarios
// within TestContractSuite rather than the whole suite.
func oneScenario() bool {
	f := flag.Lookup("test.run")
	return f != nil && strings.Contains(f.Value.String(), "/")
}

// realRun runs the suite in real-target mode (no admin API) against an
// endpoint, in an app created beforehand as a release engineer would.
func realRun(t *testing.T, endpoint, tags string) *steps.Result {
	return realRunWith(t, endpoint, tags, true)
}

func realRunWith(t *testing.T, endpoint, tags string, allowExpensive bool) *steps.Result {
	t.Helper()
	tg := realTarget(t, endpoint)
	resp, err := tg.Client.Do(context.Background(), aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "realrun"}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "create app: %s %s", resp.Code, resp.Message)
	app, _ := resp.Fields["AppId"].(string)
	return realRunIn(t, tg, app, tags, allowExpensive)
}

func realTarget(t *testing.T, endpoint string) *target.Target {
	t.Helper()
	creds := aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
	tg, err := target.Open(context.Background(), target.Spec{Kind: target.Real, Endpoint: endpoint, Credentials: creds})
	require.NoError(t, err)
	return tg
}

func realRunIn(t *testing.T, tg *target.Target, app, tags string, allowExpensive bool) *steps.Result {
	t.Helper()
	res, err := steps.Run(context.Background(), steps.Options{Target: tg, AppID: app, Tags: tags, AllowExpensive: allowExpensive, AllowOverLimit: true, OutDir: t.TempDir()})
	require.NoError(t, err)
	return res
}

// seededApp makes an app in emu's store that already holds n active
// groups. The @expensive scenarios then count them and fill the rest
// through the API as on a real account, without 5000 creations (and as
// many deletions) under -race.
func seededApp(t *testing.T, emu *mock.Server, n int) string {
	t.Helper()
	app := mock.AppSeed{ID: "seeded" + strconv.Itoa(n)}
	for i := range n {
		app.Groups = append(app.Groups, mock.GroupSeed{ID: "seed" + strconv.Itoa(i)})
	}
	require.NoError(t, emu.Seed(app))
	return app.ID
}

// TestRealTargetSkipsExactlyAdminState runs the real-target suite against
// the emulator as an external server (no admin API used): every scenario
// that needs no state only the emulator can make runs and passes; the
// skipped are exactly those tagged @mock or @members, each with its reason;
// and the app's settings the family's scenarios change are set back.
func TestRealTargetSkipsExactlyAdminState(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	tg := realTarget(t, srv.URL)
	resp, err := tg.Client.Do(context.Background(), aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "realrun"}})
	require.NoError(t, err)
	app, _ := resp.Fields["AppId"].(string)
	before := describeApp(t, tg, app)
	res := realRunIn(t, tg, app, "~@expensive", true)
	checkRealRun(t, res)

	tagged := 0
	for _, s := range res.Scenarios {
		if contains(s.Tags, "@mock") || contains(s.Tags, "@members") {
			tagged++
		}
	}
	_, _, skipped := res.Counts()
	assert.Equal(t, tagged, skipped, "the skipped are the scenarios tagged @mock or @members, no more")
	for _, name := range []string{ // the family's scenarios that need no member (issue 19)
		"A whole-group ban spares its exceptions, and lifting it keeps users muted one by one",
		"ModifyLiveMessageGroupBand sets the whole mute state, its users spelt BannnedUsers",
		"A member page holds 10 to 50 users",
		"Changing the information of a user who is in no group succeeds and changes nothing",
		"The app's moderation and callback settings",
	} {
		assert.Equal(t, "passed", statusOf(res, name), "%q runs on a real target", name)
	}
	assert.Equal(t, before, describeApp(t, tg, app), "the app's moderation, callback and disabled state are set back after the run")
	checkRanPerOperation(t, res)
}

// checkRanPerOperation builds the report of a real-target run as livemsg
// run does and checks its per-operation coverage: each operation's row
// counts its scenarios and those that ran, and every operation of the
// contract, the app-level and member ones included, ran some.
func checkRanPerOperation(t *testing.T, res *steps.Result) {
	t.Helper()
	in := reports.Input{}
	for _, s := range res.Scenarios {
		in.Scenarios = append(in.Scenarios, reports.Scenario{Feature: s.Feature, Name: s.Name, Tags: s.Tags, Status: s.Status, SkipReason: s.SkipReason})
	}
	for _, op := range contract.Default().Operations() {
		in.Operations = append(in.Operations, reports.OperationCodes{Operation: op.Name, QPS: op.QPS, Codes: op.Errors})
	}
	sum := reports.Build(in)
	require.Len(t, sum.Coverage, len(contract.Default().Operations()))
	for _, row := range sum.Coverage {
		ran, exist := 0, 0
		for _, s := range res.Scenarios {
			if contains(s.Tags, "@op:"+row.Operation) {
				exist++
				if s.Status != steps.StatusSkipped {
					ran++
				}
			}
		}
		assert.Equal(t, [2]int{ran, exist}, [2]int{row.Ran, row.Scenarios}, "%s: ran of exist in the report", row.Operation)
		assert.Positive(t, row.Ran, "%s: some of its %d scenarios run on a real target", row.Operation, row.Scenarios)
	}
}

// describeApp reads the app's settings the suite may change.
func describeApp(t *testing.T, tg *target.Target, app string) map[string]any {
	t.Helper()
	resp, err := tg.Client.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageApp", Params: map[string]string{"AppId": app}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "describe app: %s %s", resp.Code, resp.Message)
	out := map[string]any{}
	for _, k := range []string{"AuditType", "AuditUrl", "EventCallbackUrl", "Disable"} {
		out[k] = resp.Fields[k]
	}
	return out
}

func statusOf(res *steps.Result, name string) string {
	for _, s := range res.Scenarios {
		if s.Name == name {
			return s.Status
		}
	}
	return "absent"
}

// TestRealTargetExpensive runs an @expensive scenario (the 5000-group cap)
// in real-target mode, where the app is counted and filled through the API
// alone. Through the API at the documented 50 QPS filling and cleaning up
// 5000 groups takes minutes, so the emulator here lifts the limits of the
// calls it repeats, and its app holds 4,990 groups to begin with (the
// scenario counts them page by page and creates the last ten). One scenario
// (the documented refusal on recovery) shows that path; each of them fills
// the same way, and all of them run on the embedded emulator in
// TestContractSuite.
func TestRealTargetExpensive(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer(mock.WithQPS("CreateLiveMessageGroup", 0), mock.WithQPS("DeleteLiveMessageGroup", 0),
		mock.WithQPS("ListLiveMessageGroups", 0))
	defer srv.Close()
	res := realRunIn(t, realTarget(t, srv.URL), seededApp(t, srv, 4990), "@expensive && @code:ErrorTooManyGroups && ~@assumption", true)
	p, _, _ := res.Counts()
	assert.GreaterOrEqual(t, p, 1, "the @expensive scenario ran")
	checkRealRun(t, res)

	skipped := realRunWith(t, srv.URL, "@expensive", false)
	for _, s := range skipped.Scenarios {
		assert.Equal(t, "skipped", s.Status, "without --allow-expensive %q is skipped", s.Name)
	}
}

func checkRealRun(t *testing.T, res *steps.Result) {
	t.Helper()
	for _, s := range res.Scenarios {
		if contains(s.Tags, "@mock") {
			assert.Equal(t, "skipped", s.Status, "@mock scenario %q must be skipped on a real target", s.Name)
			continue
		}
		if contains(s.Tags, "@members") {
			assert.Equal(t, "skipped", s.Status, "@members scenario %q must be skipped on a real target", s.Name)
			assert.Equal(t, "needs members joined (emulator only)", s.SkipReason, "the reason %q is skipped", s.Name)
			continue
		}
		assert.Equal(t, "passed", s.Status, "scenario %q failed at %q: %s", s.Name, s.FailedStep, s.Error)
	}
	assert.True(t, res.Passed)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// TestVerboseAndOutputShareAWriter: the progress lines and the transcripts
// may go to the same writer while scenarios run concurrently; the writes
// must be serialised (go test -race fails here otherwise). godog itself
// prints nothing.
func TestVerboseAndOutputShareAWriter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tg, err := target.Open(ctx, target.Spec{Kind: target.Mock})
	require.NoError(t, err)
	defer tg.Close()
	var buf strings.Builder // not safe for concurrent use on its own
	res, err := steps.Run(ctx, steps.Options{Target: tg, Tags: "@op:RemoveLiveMessageGroupBand", Concurrency: 4, Output: &buf, Verbose: &buf})
	require.NoError(t, err)
	p, f, _ := res.Counts()
	assert.Zero(t, f)
	assert.Greater(t, p, 3, "several scenarios ran at once")
	assert.Contains(t, buf.String(), "Action=RemoveLiveMessageGroupBand", "exchanges printed")
	assert.Equal(t, p, strings.Count(buf.String(), "=== "), "one transcript, with its heading, per scenario")
	assert.Contains(t, buf.String(), "admin: POST /_mock/keys", "the admin calls are in the transcript")
	assert.NotContains(t, buf.String(), "scenarios (", "godog's summary is not printed")
}

// TestGoTestRunPicksOneScenario runs `go test -run
// 'TestContractSuite/<scenario>'` as a user would and checks that exactly
// that scenario ran, as its own subtest.
func TestGoTestRunPicksOneScenario(t *testing.T) {
	if testing.Short() || oneScenario() {
		t.Skip("builds and runs the package's tests again")
	}
	t.Parallel()
	cmd := exec.Command("go", "test", "-count=1", "-v", "-run", "TestContractSuite/^A_nonce_used_twice", ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	var ran []string
	for _, line := range strings.Split(string(out), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "--- PASS: TestContractSuite/"); ok {
			ran = append(ran, name)
		}
	}
	require.Len(t, ran, 1, "one scenario ran:\n%s", out)
	assert.True(t, strings.HasPrefix(ran[0], "A_nonce_used_twice_is_refused_the_second_time"), ran[0])
}
