package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = dispatch(context.Background(), env{Stdout: &out, Stderr: &errb, Getenv: getenvOf(t)}, args)
	return code, out.String(), errb.String()
}

// cmdEnvs holds, by test name, the environment the commands a test runs
// see (credentials, LIVEMSG_APP_ID): they read it through env.Getenv,
// never the process's, so a test that needs credentials may run in
// parallel (t.Setenv forbids it) and none depends on the shell's.
var cmdEnvs sync.Map // test name -> map[string]string

// setCmdEnv is t.Setenv for the commands t and its subtests run: they see
// vars over what t's parents set, and nothing of the process's environment.
func setCmdEnv(t *testing.T, vars map[string]string) {
	t.Helper()
	merged := map[string]string{}
	for k, v := range cmdEnvOf(t.Name()) {
		merged[k] = v
	}
	for k, v := range vars {
		merged[k] = v
	}
	name := t.Name()
	cmdEnvs.Store(name, merged)
	t.Cleanup(func() { cmdEnvs.Delete(name) })
}

// cmdEnvOf is what setCmdEnv set for the test name or its nearest parent.
func cmdEnvOf(name string) map[string]string {
	for {
		if vars, ok := cmdEnvs.Load(name); ok {
			return vars.(map[string]string)
		}
		i := strings.LastIndexByte(name, '/')
		if i < 0 {
			return nil
		}
		name = name[:i]
	}
}

// getenvOf is the lookup the commands t runs read their environment with.
func getenvOf(t *testing.T) func(string) string {
	vars := cmdEnvOf(t.Name())
	return func(k string) string { return vars[k] }
}

func TestUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, ""},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"unknown operation", []string{"call", "DropGroup"}, "unknown operation"},
		{"unknown parameter", []string{"call", "DeleteLiveMessageGroup", "AppId=a", "GroupId=g", "Colour=red"}, `no parameter "Colour"`},
		{"missing required", []string{"call", "DeleteLiveMessageGroup", "AppId=a"}, "needs the parameter GroupId"},
		{"not Param=Value", []string{"call", "DeleteLiveMessageGroup", "AppId"}, "not Param=Value"},
		{"bad target", []string{"call", "--target", "moon", "DeleteLiveMessageGroup", "AppId=a", "GroupId=g"}, "--target must be mock or real"},
		{"bad flag", []string{"contract", "--nope"}, ""},
		{"unknown repro code", []string{"repro", "NoSuchCode"}, "known codes: ErrorTooManyGroups"},
		{"real load without the flag", []string{"load", "--target", "real"}, "--i-know-this-calls-the-real-service"},
		{"contract: a negative concurrency", []string{"contract", "--concurrency", "-1"}, "--concurrency must be 1 or more"},
		{"repro: a negative concurrency", []string{"repro", "ErrorTooManyGroups", "--concurrency", "-1"}, "--concurrency must be 1 or more"},
		{"run: a negative concurrency", []string{"run", "--concurrency", "-1"}, "--concurrency must be 1 or more"},
		{"run: a negative cap", []string{"run", "--max-requests", "-1"}, "--max-requests must be 1 or more"},
		{"load: a negative time", []string{"load", "--max-time", "-1s"}, "--max-time must be more than 0"},
		{"load: a negative cap", []string{"load", "--max-throttled", "-1"}, "--max-throttled must be 0"},
		{"load: a cap too small for the plan", []string{"load", "--max-throttled", "20"}, "leaves 6 throttled requests per operation"},
		{"load: the ladder is gone", []string{"load", "--rates", "10000x"}, "unknown flag --rates"},
		{"bad qps", []string{"mock", "--qps", "DeleteLiveMessageGroup=many"}, ""},
		{"qps over the emulator's cap", []string{"mock", "--qps", "DeleteLiveMessageGroup=4000000000"}, "from 0 to 10000"},
		{"bad throttle shape", []string{"mock", "--throttle", "leaky"}, `unknown shape "leaky"`},
		{"bad throttle parameter", []string{"mock", "--throttle", "DeleteLiveMessageGroup=token:burst=0"}, "burst"},
		{"throttle of an unknown operation", []string{"mock", "--throttle", "Nope=fixed", "--listen", "127.0.0.1:0"}, `--throttle: unknown operation "Nope"`},
		{"unknown qps op", []string{"mock", "--qps", "Nope=3", "--listen", "127.0.0.1:0"}, "unknown operation"},
		{"unreachable emulator", []string{"contract", "--endpoint", "http://127.0.0.1:1"}, "unreachable"},
		{"tags select nothing", []string{"contract", "--tags", "@op:Nope"}, `--tags "@op:Nope" selects no scenario`},
		{"tags do not parse", []string{"contract", "--tags", "@op:Delete && ("}, `does not parse at "("`},
		{"tags with an empty term", []string{"contract", "--tags", "@op:DeleteLiveMessageGroup &&"}, "an empty term"},
		{"repro tags select nothing", []string{"repro", "ResourceNotExist", "--tags", "@op:Nope"}, "selects no scenario"},
		{"repro tags do not parse", []string{"repro", "ResourceNotExist", "--tags", "@op:Delete && ("}, "does not parse"},
		{"run tags select nothing", []string{"run", "--tags", "@op:Nope"}, "selects no scenario"},
		{"nothing runs", []string{"contract", "--tags", "@mock && @op:DeleteLiveMessageGroup", "--target", "real", "--endpoint", "http://127.0.0.1:1", "--app-id", "a", "--out", ""}, "no scenario ran: all 3 selected were skipped: 3 need the emulator's admin API (@mock: emulator only); run them on the emulator: --target mock"},
		{"bad timeout", []string{"call", "--timeout", "0s", "DeleteLiveMessageGroup", "AppId=a", "GroupId=g"}, "--timeout must be positive"},
		{"bad deadline", []string{"contract", "--deadline", "-1s"}, "--deadline must be positive"},
		{"negative retries", []string{"contract", "--retries", "-1"}, "--retries must be 0 (none) or more, not -1"},
		{"negative retry budget", []string{"call", "--retry-budget", "-5", "DeleteLiveMessageGroup", "AppId=a", "GroupId=g"}, "--retry-budget must be 0 (none) or more, not -5"},
		{"retries not a number", []string{"run", "--retries", "many"}, ""},
		{"real target without credentials", []string{"contract", "--target", "real", "--endpoint", "http://127.0.0.1:1"}, "credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "nothing runs" {
				useCanary(t)
			}
			// "real target without credentials": run gives the command none
			code, _, stderr := run(t, tc.args...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

// TestHelpOnce: --help prints the usage once, on stdout, and exits 0;
// "livemsg help CMD" is CMD's help; a bad flag prints the error and the
// one-line usage on stderr only. Every help states the exit statuses.
func TestHelpOnce(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"call", "mock", "contract", "load", "repro", "run", "cleanup"} {
		for _, args := range [][]string{{cmd, "--help"}, {cmd, "-h"}, {"help", cmd}} {
			code, stdout, stderr := run(t, args...)
			assert.Equal(t, exitOK, code, args)
			assert.Equal(t, 1, strings.Count(stdout, "Usage: livemsg "+cmd), "%v: usage once on stdout", args)
			assert.Empty(t, stderr, "%v: nothing on stderr", args)
			assert.Contains(t, stdout, "Exit status: 0", args)
		}
		code, stdout, stderr := run(t, cmd, "--no-such-flag")
		assert.Equal(t, exitUsage, code)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, "livemsg "+cmd+": unknown flag --no-such-flag")
		assert.Contains(t, stderr, "usage: livemsg "+cmd)
		assert.NotContains(t, stderr, "Usage:")
		assert.Equal(t, 2, strings.Count(stderr, "\n"), "two lines: the error, the usage")
	}
	for _, cmd := range []string{"contract", "run", "call", "load", "cleanup", "repro"} {
		_, stdout, _ := run(t, cmd, "--help")
		assert.Contains(t, stdout, "-timeout", cmd)
		assert.Contains(t, stdout, "-deadline", cmd)
	}
	for _, cmd := range []string{"contract", "repro", "run", "load"} {
		_, stdout, _ := run(t, cmd, "--help")
		assert.Contains(t, stdout, "-i-know-this-calls-the-real-service", cmd)
	}
	code, stdout, _ := run(t, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "Commands:")
	code, _, stderr := run(t, "help", "nope")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "unknown command")
}

// TestOnePrefix: an error of the load package reaches the user as one line
// "livemsg: ...", never "load: load: ...".
func TestOnePrefix(t *testing.T) {
	t.Parallel()
	useCanary(t)
	emu := mock.NewServer(mock.WithKey(mock.Key{ID: canaryID, Secret: canarySecret, Account: mock.DefaultAccount}))
	defer emu.Close()
	code, _, stderr := run(t, "run", "--target", "real", "--endpoint", emu.URL, "--app-id", "x", "--out", t.TempDir(),
		"--i-know-this-calls-the-real-service", "--tags", "@op:DeleteLiveMessageGroup && @code:ResourceNotExist")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "livemsg: a real target needs --max-requests N")
	assert.NotContains(t, stderr, "load: load:")
	assert.NotContains(t, stderr, "livemsg: load:")
}

// TestCallPrintsRedactedExchange: one signed call against an external
// emulator in real-target mode; the exchange is printed without secrets.
func TestCallPrintsRedactedExchange(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	setCmdEnv(t, map[string]string{aliyun.EnvAccessKeyID: mock.DefaultKeyID, aliyun.EnvAccessKeySecret: mock.DefaultKeySecret,
		aliyun.EnvSecurityToken: "sts-token-value"})
	code, stdout, stderr := run(t, "call", "--target", "real", "--endpoint", srv.URL, "CreateLiveMessageApp", "AppName=demo")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"AppId"`)
	assert.Contains(t, stdout, "Signature=REDACTED")
	assert.NotContains(t, stdout, mock.DefaultKeySecret)
	assert.NotContains(t, stdout, "sts-token-value")

	code, stdout, _ = run(t, "call", "--target", "real", "--endpoint", srv.URL, "--sign", "v3", "DescribeLiveMessageGroup", "AppId=none", "GroupId=g1")
	assert.Equal(t, exitFailed, code, "an API error exits 1")
	assert.Contains(t, stdout, "ResourceNotExist")
	assert.Contains(t, stdout, "Signature=REDACTED")
}

func TestContractAndRepro(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, stdout, stderr := run(t, "repro", "ErrorTooManyGroups", "--out", out)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "ErrorTooManyGroups")
	assert.Contains(t, stdout, "Signature=REDACTED", "repro prints the exchanges")
	for _, f := range []string{"junit.xml", "cucumber.json", "results.json"} {
		_, err := os.Stat(filepath.Join(out, "repro", "ErrorTooManyGroups", f))
		assert.NoError(t, err, f)
	}
}

// TestMockCommand starts the emulator, reads its address line, calls it
// and stops it with the context (Ctrl-C).
func TestMockCommand(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- dispatch(ctx, env{Stdout: pw, Stderr: io.Discard}, []string{"mock", "--listen", "127.0.0.1:0", "--qps", "DeleteLiveMessageGroup=37"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	addr := strings.TrimSpace(line)
	assert.True(t, strings.HasPrefix(addr, "http://127.0.0.1:"), addr)
	resp, err := http.Get(addr + "/_mock/qps")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(b), `"DeleteLiveMessageGroup":37`)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code)
	case <-time.After(5 * time.Second):
		t.Fatal("mock did not stop on cancel")
	}
}
