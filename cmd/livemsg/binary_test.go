package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/internal/testrun"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
)

// TestMain runs main itself when LIVEMSG_RUN_MAIN is set: the test binary
// then behaves as the livemsg binary does, before any testing flag is
// parsed (what the in-process tests, which run inside a test, cannot show).
// Otherwise it runs the tests, defaultParallel at a time unless -parallel
// says otherwise.
func TestMain(m *testing.M) {
	if os.Getenv("LIVEMSG_RUN_MAIN") == "1" {
		main()
		return
	}
	flag.Parse()
	testrun.DefaultParallel(defaultParallel)
	os.Exit(m.Run())
}

// defaultParallel is how many tests of this package run at once: they
// mostly wait (on links of 100 ms, deadlines, silent endpoints, probes
// paced in real time), using about half a core; those whose verdict hangs
// on that pace take the timingLane. Four at a time failed now and then on
// a busy machine.
const defaultParallel = 3

// timingLane lets two tests at a time judge what hangs on the pace of the
// requests (a load probe's limit, a throttling burst, a profile's
// thresholds), or drive probes that would disturb those, as when the
// package ran two tests at once.
var timingLane = make(chan struct{}, 2)

// timed holds t in the timingLane until t and its subtests end.
func timed(t *testing.T) {
	t.Helper()
	timingLane <- struct{}{}
	t.Cleanup(func() { <-timingLane })
}

// asBinary runs livemsg with args in a process of its own, as a user's
// shell would.
func asBinary(t *testing.T, args ...string) (int, string) {
	t.Helper()
	return asBinaryWith(t, nil, args...)
}

// asBinaryWith is asBinary with vars (KEY=value) added to the process's
// environment.
func asBinaryWith(t *testing.T, vars []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), vars...), "LIVEMSG_RUN_MAIN=1")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	require.NoError(t, err)
	return 0, string(out)
}

// TestExploreAsABinary: explore runs in the livemsg binary. It drives
// rapid, which reads testing.Short(); in a program that is not a test
// that panicked ("testing: Short called before Parse"), and every
// in-process test, running inside a test binary, passed.
func TestExploreAsABinary(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, output := asBinary(t, "explore", "--budget", "3", "--out", out)
	assert.NotContains(t, output, "panic")
	require.Equal(t, exitOK, code, output)
	assert.Contains(t, output, "no divergence")
	assert.NoFileExists(t, filepath.Join(out, "explore", "divergence-0.sh"))
}

// TestBinaryReadsItsEnvironment: the livemsg binary reads the credentials
// and LIVEMSG_APP_ID from its process's environment (the in-process tests
// give the commands a lookup of their own instead).
func TestBinaryReadsItsEnvironment(t *testing.T) {
	t.Parallel()
	emu := mock.NewServer()
	defer emu.Close()
	creds := []string{aliyun.EnvAccessKeyID + "=" + mock.DefaultKeyID, aliyun.EnvAccessKeySecret + "=" + mock.DefaultKeySecret}
	code, output := asBinaryWith(t, creds, "call", "--target", "real", "--endpoint", emu.URL, "CreateLiveMessageApp", "AppName=env")
	require.Equal(t, exitOK, code, output)
	assert.Contains(t, output, `"AppId"`)

	none := []string{aliyun.EnvAccessKeyID + "=", aliyun.EnvAccessKeySecret + "=", target.EnvAppID + "="}
	code, output = asBinaryWith(t, none, "contract", "--target", "real", "--endpoint", emu.URL)
	assert.Equal(t, exitUsage, code, output)
	assert.Contains(t, output, "--app-id ID (or "+target.EnvAppID+")")
	assert.Contains(t, output, "credentials (set "+aliyun.EnvAccessKeyID+" and "+aliyun.EnvAccessKeySecret+")")

	code, output = asBinaryWith(t, append(none, target.EnvAppID+"=fromenv"), "contract", "--target", "real", "--endpoint", emu.URL)
	assert.Equal(t, exitUsage, code, output)
	assert.NotContains(t, output, "--app-id", "LIVEMSG_APP_ID names the app")
	assert.Contains(t, output, "credentials (set ")
}
