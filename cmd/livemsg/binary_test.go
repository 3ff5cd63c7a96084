package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
)

// TestMain runs main itself when LIVEMSG_RUN_MAIN is set: the test binary
// then behaves as the livemsg binary does, before any testing flag is
// parsed (what the in-process tests, which run inside a test, cannot show).
func TestMain(m *testing.M) {
	if os.Getenv("LIVEMSG_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
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
