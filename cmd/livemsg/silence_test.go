package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/internal/netlink"
)

// TestLoadAgainstSilence: a provider that never answers stops the probe
// after the first request's timeout (it used to send on for 10 s more),
// the summary is printed once, and the cause once, without the requests
// it was for (each quoted its whole URL).
func TestLoadAgainstSilence(t *testing.T) {
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	began := time.Now()
	code, stdout, stderr := run(t, "load", "--target", "real", "--endpoint", faultproxy.Silent(t), "--app-id", app,
		"--out", t.TempDir(), "--op", "DeleteLiveMessageGroup", "--"+consentFlag, "--max-requests", "2000", "--timeout", "1s")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Less(t, time.Since(began), 5*time.Second, "one timeout, not the whole --max-time")
	assert.Equal(t, 1, strings.Count(stdout, "load probes on"), "one summary:\n%s", stdout)
	assert.Contains(t, stdout+stderr, "no answer: ")
	assert.NotContains(t, stdout+stderr, "SignatureNonce", "no request is quoted")
}

// TestLoadAtADistanceCLI runs `livemsg load` as a user far from the
// service would: the default operations through 150 ± 50 ms each way.
// Nothing is left on the account and the verdicts are the emulator's
// (it enforces the documented limits, so every probe passes).
func TestLoadAtADistanceCLI(t *testing.T) {
	if os.Getenv("LIVEMSG_DISTANCE_CLI") == "" {
		t.Skip("set LIVEMSG_DISTANCE_CLI=1")
	}
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	link := netlink.New(t, emu.URL)
	link.Distance(t, 150*time.Millisecond, 50*time.Millisecond)
	code, stdout, stderr := run(t, "load", "--target", "real", "--endpoint", link.URL, "--app-id", app,
		"--out", t.TempDir(), "--"+consentFlag, "--max-requests", "5000")
	t.Logf("%s\n%s", stdout, stderr)
	assert.Equal(t, exitOK, code, stderr)
}
