package load

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateTraces = flag.Bool("update-traces", false, "rewrite testdata/probe-traces.txt from the probe as it is")

// TestProbeTraces holds the probe's whole behaviour in virtual time: for
// every limiter, limit and link of a grid, what it sent and when (a
// digest) and what it measured, against testdata/probe-traces.txt. A
// change of the probe that changes nothing passes it; one that moves a
// single request shows which cases it moved; and no case spends more
// than the throttle budget. Written from the probe
// before it was split in phases; -update-traces rewrites it when a
// change of behaviour is meant.
func TestProbeTraces(t *testing.T) {
	limiters := []struct {
		name   string
		make   func(limit int) admit
		shared bool
	}{
		{"sliding", func(n int) admit { return slidingLimit(n) }, false},
		{"fixed", func(n int) admit { return fixedLimit(n, time.Second, 370*time.Millisecond) }, false},
		{"token1x", func(n int) admit { return bucketLimit(float64(n), n) }, false},
		{"token2x", func(n int) admit { return bucketLimit(float64(n), 2*n) }, false},
		{"gcra1", func(n int) admit { return gcraLimit(float64(n), 1) }, false},
		{"gcra2", func(n int) admit { return gcraLimit(float64(n), 2) }, false},
		{"window3s", func(n int) admit { return fixedLimit(3*n, 3*time.Second, 370*time.Millisecond) }, false},
		{"shared", func(n int) admit { return slidingLimit(n) }, true},
		{"none", func(int) admit { return func(time.Duration) bool { return true } }, false},
	}
	links := []link{
		{rtt: 300 * time.Microsecond},
		{rtt: 30 * time.Millisecond, jitter: 10 * time.Millisecond},
		{rtt: 150 * time.Millisecond, jitter: 50 * time.Millisecond},
		{rtt: 300 * time.Millisecond, jitter: 100 * time.Millisecond},
	}
	var got []string
	for _, lim := range limiters {
		// find-limit's onset, which ramps
		for _, net := range []link{links[0], links[2]} {
			h := sha256.New()
			m, rec := simulate(t, LimitOptions{Documented: 50, Ramp: true, Companion: true}, lim.make(37), lim.shared, net, h)
			got = append(got, fmt.Sprintf("ramp %s@37 rtt %v±%v: sent %d, throttled %d, sends %x, %+v",
				lim.name, net.rtt, net.jitter, rec.Sent, rec.throttled(), h.Sum(nil)[:6], *m))
			assert.LessOrEqual(t, rec.throttled(), DefaultMaxThrottled, got[len(got)-1])
		}
		for _, limit := range []int{10, 37, 50} {
			for _, net := range links {
				documented := 50
				if limit == 10 {
					documented = 10
				}
				h := sha256.New()
				m, rec := simulate(t, LimitOptions{Documented: documented, Companion: true}, lim.make(limit), lim.shared, net, h)
				got = append(got, fmt.Sprintf("%s@%d rtt %v±%v: sent %d, throttled %d, sends %x, %+v",
					lim.name, limit, net.rtt, net.jitter, rec.Sent, rec.throttled(), h.Sum(nil)[:6], *m))
				// the budget, at every distance (budget.go)
				assert.LessOrEqual(t, rec.throttled(), DefaultMaxThrottled, got[len(got)-1])
			}
		}
	}
	path := filepath.Join("testdata", "probe-traces.txt")
	text := strings.Join(got, "\n") + "\n"
	if *updateTraces {
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	wantLines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	require.Len(t, got, len(wantLines), "the grid changed: run with -update-traces")
	for i := range got {
		assert.Equal(t, wantLines[i], got[i])
	}
}
