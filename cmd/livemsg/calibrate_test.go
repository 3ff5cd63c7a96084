package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
)

// TestCalibrateThenMock: livemsg calibrate writes the file from a real
// run's folder, and livemsg mock --calibration throttles as it says.
func TestCalibrateThenMock(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "calibration.yaml")
	code, stdout, stderr := run(t, "calibrate", "--from", filepath.Join("..", "..", "calibrate", "testdata", "real-run"), "--out", file)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "RemoveLiveMessageGroupBand left out: the probe did not trust its measurement")
	assert.Contains(t, stdout, "DeleteLiveMessageGroup           token 37.2/s burst 74 window 1s (2026-11-02)")
	assert.Contains(t, stdout, "calibration: "+file)
	assert.NotContains(t, stdout, "warning")

	addr, _, stop := startMock(t, "--calibration", file)
	resp, err := http.Get(addr + "/_mock/throttle")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(b), `"`+contract.OpDeleteLiveMessageGroup+`":"token:burst=74"`)
	assert.Equal(t, exitOK, stop())
}

// startMock runs livemsg mock on a free port with more flags: its
// address, the rest of its output, and stop (Ctrl-C), which returns its
// exit status.
func startMock(t *testing.T, flags ...string) (addr string, rest *bufio.Reader, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- dispatch(ctx, env{Stdout: pw, Stderr: io.Discard}, append([]string{"mock", "--listen", "127.0.0.1:0"}, flags...))
		pw.Close()
	}()
	rest = bufio.NewReader(pr)
	line, err := rest.ReadString('\n')
	require.NoError(t, err)
	return strings.TrimSpace(line), rest, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(5 * time.Second):
			t.Fatal("mock did not stop on cancel")
			return -1
		}
	}
}

// TestMockRefusesCalibration: a fact the emulator cannot honour exits 2
// with the fact and the reason, before anything listens.
func TestMockRefusesCalibration(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "calibration.yaml")
	require.NoError(t, os.WriteFile(file, []byte(`version: 1
operations:
  - operation: DeleteLiveMessageGroup
    throttle:
      shape: unclear
      sustained_qps: 37
      burst: 37
      window_s: 1
      rate_limit_headers: null
      source: {run: out, file: load/summary.json, date: 2026-11-02T10:05:00Z}
`), 0o644))
	code, _, stderr := run(t, "mock", "--listen", "127.0.0.1:0", "--calibration", file)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `DeleteLiveMessageGroup: throttle: shape "unclear"`)

	code, _, stderr = run(t, "calibrate", "--from", filepath.Join(t.TempDir(), "absent"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "absent")
	code, _, stderr = run(t, "calibrate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "want --from DIR")
}
