package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/faultproxy"
)

// TestLoadAgainstSilence: a provider that never answers stops the probe
// after the first request's timeout (it used to send on for 10 s more),
// the summary is printed once, and the cause once, without the requests
// it was for (each quoted its whole URL).
func TestLoadAgainstSilence(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	began := time.Now()
	code, stdout, stderr := run(t, "load", "--target", "real", "--endpoint", faultproxy.Silent(t), "--app-id", app,
		"--out", t.TempDir(), "--op", "DeleteLiveMessageGroup", "--"+harness.ConsentFlag, "--max-requests", "2000", "--timeout", "1s")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Less(t, time.Since(began), 5*time.Second, "one timeout, not the whole --max-time")
	assert.Equal(t, 1, strings.Count(stdout, "load probes on"), "one summary:\n%s", stdout)
	assert.Contains(t, stdout+stderr, "no answer: ")
	assert.NotContains(t, stdout+stderr, "SignatureNonce", "no request is quoted")
}
