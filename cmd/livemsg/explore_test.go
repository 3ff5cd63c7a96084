package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
)

func unthrottled() []mock.Option {
	var opts []mock.Option
	for _, op := range contract.Default().OperationNames() {
		opts = append(opts, mock.WithQPS(op, 0))
	}
	return opts
}

func TestExploreEmulatorAgainstItselfThenParity(t *testing.T) {
	t.Parallel()
	rec, out := t.TempDir(), t.TempDir()
	code, stdout, stderr := run(t, "explore", "--budget", "15", "--seed", "3", "--record", rec, "--out", out)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "no divergence")
	assert.Contains(t, stdout, "rerun with --seed 3")
	files, _ := filepath.Glob(filepath.Join(rec, "*.yaml"))
	assert.Len(t, files, 15, "one cassette per sequence")
	code, stdout, stderr = run(t, "parity", "--out", out, rec)
	assert.Equal(t, exitOK, code, "a recording of the emulator replays identical:\n%s\n%s", stdout, stderr)
	assert.FileExists(t, filepath.Join(out, "parity", "parity.html"))
}

func TestExploreFindsBrokenProviderAndParityReportsIt(t *testing.T) {
	t.Parallel()
	p := breakage.All()[2] // answers without HostId
	srv := p.Start(unthrottled()...)
	defer srv.Close()
	rec, out := t.TempDir(), t.TempDir()
	code, stdout, stderr := run(t, "explore", "--endpoint", srv.URL, "--no-pace", "--seed", "5", "--shrink-time", "1s", "--record", rec, "--out", out)
	require.Equal(t, exitFailed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "livemsg call --target mock --endpoint "+srv.URL)
	assert.Contains(t, stdout, "body.HostId")
	scripts, _ := filepath.Glob(filepath.Join(out, "explore", "divergence-5.sh"))
	require.Len(t, scripts, 1, "the minimal sequence is saved")
	b, err := os.ReadFile(scripts[0])
	require.NoError(t, err)
	assert.Contains(t, string(b), "livemsg call")

	code, stdout, _ = run(t, "parity", "--out", out, rec)
	assert.Equal(t, exitFailed, code, "parity reports the provider's difference:\n%s", stdout)
	assert.Contains(t, stdout, "HostId")
	assert.Contains(t, stdout, "different")
	html, err := os.ReadFile(filepath.Join(out, "parity", "parity.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "HostId")
}

func TestCallRecordThenParity(t *testing.T) {
	t.Parallel()
	p := breakage.All()[4] // one RequestId for every answer
	srv := p.Start(unthrottled()...)
	defer srv.Close()
	rec, out := t.TempDir(), t.TempDir()
	for i := 0; i < 2; i++ {
		code, stdout, stderr := run(t, "call", "--endpoint", srv.URL, "--record", rec, "DescribeLiveMessageGroup", "AppId=nope", "GroupId=g1")
		require.Equal(t, exitFailed, code, "%s %s", stdout, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(rec, "call-*.yaml"))
	require.Len(t, files, 2)
	code, stdout, _ := run(t, "parity", "--out", out, rec)
	assert.Equal(t, exitOK, code, "each cassette alone holds one RequestId: nothing to see:\n%s", stdout)
}

func TestContractRecordThenParity(t *testing.T) {
	t.Parallel()
	rec, out := t.TempDir(), t.TempDir()
	code, stdout, stderr := run(t, "contract", "--tags", "@op:RecoverLiveMessageDeletedGroup && ~@mock && ~@expensive && ~@code:Throttling.User", "--record", rec, "--out", out)
	require.Equal(t, exitOK, code, "%s\n%s", stdout, stderr)
	files, _ := filepath.Glob(filepath.Join(rec, "scenario-*.yaml"))
	require.NotEmpty(t, files, "one cassette per scenario")
	code, stdout, _ = run(t, "parity", "--out", out, rec)
	assert.Equal(t, exitOK, code, "the suite's exchanges with the emulator replay identical:\n%s", stdout)
}

func TestExploreUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"real without app", []string{"explore", "--target", "real", "--endpoint", "http://127.0.0.1:1"}, map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret", "LIVEMSG_APP_ID": ""}, "--app-id"},
		{"real over the bounds", []string{"explore", "--target", "real", "--endpoint", "http://127.0.0.1:1", "--app-id", "a1", "--budget", "1000"}, map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret"}, "--i-know-this-calls-the-real-service"},
		{"bad budget", []string{"explore", "--budget", "0"}, nil, "--budget"},
		{"parity without a folder", []string{"parity"}, nil, ""},
		{"parity of an empty folder", []string{"parity", os.TempDir() + "/livemsg-none-" + strings.Repeat("x", 3)}, nil, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setCmdEnv(t, tc.env)
			code, _, stderr := run(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
			assert.NoDirExists(t, filepath.Join("out", "explore"), "a refused run writes nothing (the default --out is ./out)")
		})
	}
}
