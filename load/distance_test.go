package load_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/internal/netlink"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
)

// probeThrough probes the limit of an emulator enforcing shape at limit,
// through a link of oneWay ± jitter each way (toxiproxy), and returns the
// result and the probe's trace.
func probeThrough(t *testing.T, shape string, limit int, oneWay, jitter time.Duration) (load.OperationResult, string) {
	t.Helper()
	op := matrixOps[limit]
	th, err := mock.ParseThrottle(shape)
	require.NoError(t, err)
	srv := mock.NewServer(mock.WithQPS(op, limit), mock.WithThrottle("", th))
	t.Cleanup(srv.Close)
	l := netlink.New(t, srv.URL)
	l.Distance(t, oneWay, jitter)
	c := aliyun.NewClient(l.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	var trace strings.Builder
	sum, err := load.Run(context.Background(), load.Config{Client: c, Target: "emulator", Operations: []string{op}, Trace: &trace})
	require.NoError(t, err)
	require.Len(t, sum.Operations, 1)
	return sum.Operations[0], trace.String()
}

// TestProbeAtADistance probes through 150 ± 50 ms each way, a CI runner
// in another region: the round trip is measured before the onset, answers
// are judged by when the provider gave them, and what goes out blind
// while answers travel is bounded by trains of a set size. (Through the
// same link the probe of the last release said inconclusive after 63
// throttled requests, on every shape.)
//
// Sliding windows at 37 and 50 and a fixed one at 37 are measured
// within ±1 QPS, with their verdict and shape, every time (before the
// trains counted their own excess as what was at risk, a window at 37
// was inconclusive about one run in four); a fixed window at 50 is but
// when both onset trains straddle its turn and the onset then spends 22
// throttled blind (one run in four or five). For the others the probe
// is right or honest: right (within ±1, the verdict and the shape) or
// inconclusive, never a wrong limit, shape or verdict, and always within
// the budget of 30 throttled requests. docs/load.md has how often each is
// right (a token bucket at 37 is measured in gap trains; before the
// refill check one read a bucket of 37/s as a fixed window of 50, a
// pass).
// An evenly spaced limiter is named gcra every time, and its limit
// said not measurable through the jitter.
func TestProbeAtADistance(t *testing.T) {
	t.Parallel()
	t.Run("cases", func(t *testing.T) { probeAtADistance(t) })
}

func probeAtADistance(t *testing.T) {
	for _, tc := range []struct {
		shape    string
		enforced int
		want     string // the shape to name when it is measured
		verdict  string
		strict   bool // measured every time, never inconclusive
		named    bool // named every time (want), measured or not
	}{
		{"sliding", 50, load.ShapeSliding, load.Pass, true, true},
		{"sliding", 37, load.ShapeSliding, load.Fail, true, true},
		{"fixed", 50, load.ShapeFixed, load.Pass, false, false}, // the onset's overspend, when both its trains straddle a turn
		{"fixed", 37, load.ShapeFixed, load.Fail, true, true},
		{"token", 37, load.ShapeToken, load.Fail, false, false},
		// its signature survives the jitter, its limit does not
		{"gcra", 37, load.ShapeEven, load.Fail, false, true},
	} {
		t.Run(fmt.Sprintf("%s@%d", tc.shape, tc.enforced), func(t *testing.T) {
			t.Parallel()
			defer farGated()()
			res, trace := probeThrough(t, tc.shape, tc.enforced, 150*time.Millisecond, 50*time.Millisecond)
			t.Logf("sustained %.2f %v, shape %s, %s, %d throttled, %.1fs, round trip %.0f ms\n%s",
				res.SustainedQPS, res.Counts, res.Shape, res.Verdict, res.Throttled, res.Seconds, res.RoundTripMS, trace)
			assert.InDelta(t, 300, res.RoundTripMS, 120, "the round trip measured")
			assert.LessOrEqual(t, res.Throttled, 30, "throttled requests spent")
			assert.LessOrEqual(t, res.Seconds, 11.0, "seconds spent (the setup's round trips included)")
			if tc.named {
				assert.Equal(t, tc.want, res.Shape, res.ShapeWhy)
			}
			if tc.want == load.ShapeEven && res.Verdict == load.Inconclusive {
				assert.Contains(t, res.Untrusted, "its limit is not measurable through", "it says why, and what to do")
			}
			if !tc.strict && res.Verdict == load.Inconclusive {
				assert.NotEmpty(t, res.Untrusted, "an inconclusive probe says why")
				return
			}
			assert.InDelta(t, float64(tc.enforced), res.SustainedQPS, 1, "sustained limit vs the enforced one")
			assert.Equal(t, tc.verdict, res.Verdict, res.Note)
			assert.Equal(t, tc.want, res.Shape, res.ShapeWhy)
		})
	}
}

// TestProbeDistanceTable is the measurement behind docs/load.md's
// distance table: DIST_SHAPE, DIST_LIMIT and DIST_MS (one way, jitter a
// third of it) pick the case; it prints the result and the probe's trace.
func TestProbeDistanceTable(t *testing.T) {
	shape := os.Getenv("DIST_SHAPE")
	if shape == "" {
		t.Skip("a measurement, not a check: set DIST_SHAPE, DIST_LIMIT and DIST_MS")
	}
	ms, err := strconv.Atoi(os.Getenv("DIST_MS"))
	require.NoError(t, err)
	limit, err := strconv.Atoi(os.Getenv("DIST_LIMIT"))
	require.NoError(t, err)
	res, trace := probeThrough(t, shape, limit, time.Duration(ms)*time.Millisecond, time.Duration(ms/3)*time.Millisecond)
	fmt.Print(trace)
	fmt.Printf("| %s | %d | %d ± %d | %.1f | %s | %s | %d | %.1f |\n", shape, limit, ms, ms/3, res.SustainedQPS, res.Shape, res.Verdict, res.Throttled, res.Seconds)
}

var distanceTable = flag.String("distance-table", "", "run the probe matrix at 50, 150 and 300 ms each way and write it as a Markdown table to this file (make probe-distance)")

// TestProbeDistanceMatrix is the probe matrix's distance dimension (make
// probe-distance):
// every shape of the matrix at 37 and 50, through 50, 150 and 300 ms each
// way (jitter a third of it). Each case must be right or inconclusive,
// never a wrong limit, verdict or shape, and within 30 throttled
// requests; the table says which. It needs minutes, so it runs only when
// asked for (-distance-table FILE).
func TestProbeDistanceMatrix(t *testing.T) {
	if *distanceTable == "" {
		t.Skip("a few minutes of probing: make probe-distance runs it (-distance-table FILE)")
	}
	type row struct {
		c      matrixCase
		oneWay int
		res    load.OperationResult
	}
	var mu sync.Mutex
	var rows []row
	t.Run("cases", func(t *testing.T) {
		for _, ms := range []int{50, 150, 300} {
			for _, tc := range probeMatrix() {
				if tc.enforced == 10 {
					continue
				}
				t.Run(fmt.Sprintf("%dms/%s@%d", ms, tc.shape, tc.enforced), func(t *testing.T) {
					t.Parallel()
					defer farGated()()
					res, trace := probeThrough(t, tc.shape, tc.enforced, time.Duration(ms)*time.Millisecond, time.Duration(ms/3)*time.Millisecond)
					mu.Lock()
					rows = append(rows, row{c: tc, oneWay: ms, res: res})
					mu.Unlock()
					assert.LessOrEqual(t, res.Throttled, 30, "throttled requests spent")
					if res.Verdict == load.Inconclusive {
						return
					}
					want := load.Pass
					if math.Abs(float64(tc.enforced-res.DocumentedQPS)) > load.Tolerance(res.DocumentedQPS) {
						want = load.Fail
					}
					ok := assert.InDelta(t, float64(tc.enforced), res.SustainedQPS, 1, "sustained limit vs the enforced one") &&
						assert.Equal(t, want, res.Verdict, res.Note) &&
						assert.Equal(t, tc.want, res.Shape, res.ShapeWhy)
					if !ok {
						t.Logf("the probe's steps:\n%s", trace)
					}
				})
			}
		}
	})
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.oneWay != b.oneWay {
			return a.oneWay < b.oneWay
		}
		if a.c.enforced != b.c.enforced {
			return a.c.enforced < b.c.enforced
		}
		return a.c.shape < b.c.shape
	})
	var b strings.Builder
	b.WriteString("| one way | shape | enforced | measured | shape named | verdict | throttled | seconds |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		named := r.res.Shape
		if r.res.Verdict != load.Inconclusive && named != r.c.want {
			named += " (want " + r.c.want + ")"
		}
		fmt.Fprintf(&b, "| %d ± %d ms | %s | %d | %.1f | %s | %s | %d | %.1f |\n", r.oneWay, r.oneWay/3, r.c.shape, r.c.enforced,
			r.res.SustainedQPS, named, r.res.Verdict, r.res.Throttled, r.res.Seconds)
	}
	fmt.Print(b.String())
	require.NoError(t, os.WriteFile(*distanceTable, []byte(b.String()), 0o644))
}
