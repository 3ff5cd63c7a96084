package reports

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
)

func TestAxisTicks(t *testing.T) {
	tests := []struct {
		name  string
		hi    float64
		n     int
		max   float64
		ticks []float64
	}{
		{"requests", 108, 5, 125, []float64{0, 25, 50, 75, 100, 125}},
		{"latency", 7.3, 5, 8, []float64{0, 2, 4, 6, 8}},
		{"seconds", 20, 5, 20, []float64{0, 5, 10, 15, 20}},
		{"nothing", 0, 5, 1, []float64{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newAxis(tc.hi, tc.n, 0, 100)
			assert.InDelta(t, tc.max, a.max, 1e-9)
			assert.InDeltaSlice(t, tc.ticks, a.ticks(), 1e-9)
			assert.InDelta(t, 100, a.px(a.max), 1e-9)
		})
	}
}

// TestTimelineLaysStepsEndToEnd: steps whose points restart at 0 are drawn
// one after the other, like steps whose points count from the first step.
func TestTimelineLaysStepsEndToEnd(t *testing.T) {
	step := func(rate float64, ts ...float64) load.StepResult {
		s := load.StepResult{Rate: rate, DurationS: 2}
		for _, t := range ts {
			s.Timeline = append(s.Timeline, load.Point{T: t, Served: 1})
		}
		return s
	}
	tests := []struct {
		name  string
		steps []load.StepResult
		ts    []float64
		bands []band
	}{
		{"from the first step", []load.StepResult{step(10, 0, 1), step(20, 2, 3)},
			[]float64{0.5, 1.5, 2.5, 3.5}, []band{{0, 2, "up to 10/s"}, {2, 4, "up to 20/s"}}},
		{"restarting each step", []load.StepResult{step(10, 0, 1), step(20, 0, 1)},
			[]float64{0.5, 1.5, 2.5, 3.5}, []band{{0, 2, "up to 10/s"}, {2, 4, "up to 20/s"}}},
		{"from the first step, steps started late", []load.StepResult{step(10, 0, 1), step(20, 2.25, 3.25)},
			[]float64{0.5, 1.5, 2.75, 3.75}, []band{{0, 2, "up to 10/s"}, {2.25, 4.25, "up to 20/s"}}}, // 2 s wide, from when it began
		{"answers sent in a step's last instant", []load.StepResult{step(10, 0, 1, 2), step(20, 3, 4, 5)},
			[]float64{0.5, 1.5, 3.5, 4.5}, []band{{0, 2, "up to 10/s"}, {3, 5, "up to 20/s"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			samples, bands := timeline(load.OperationResult{Steps: tc.steps})
			require.Len(t, samples, len(tc.ts))
			var ts []float64
			for _, s := range samples {
				ts = append(ts, s.t)
			}
			assert.Equal(t, tc.ts, ts, "points at the middle of their second")
			assert.Equal(t, tc.bands, bands)
		})
	}
}

func TestChartWithoutTimeline(t *testing.T) {
	op := load.OperationResult{Operation: "Op", DocumentedQPS: 10, Steps: []load.StepResult{{Rate: 5, DurationS: 5}}}
	assert.NotContains(t, string(throughputChart(op)), "<svg")
	assert.Contains(t, string(latencyChart(op)), "No per-second timeline")
}

func TestChartEscapesLabels(t *testing.T) {
	op := load.OperationResult{Operation: `<Op "x">`, Steps: []load.StepResult{{Rate: 5, DurationS: 1, Timeline: []load.Point{{T: 0, Served: 5}}}}}
	svg := string(throughputChart(op))
	assert.False(t, strings.Contains(svg, `<Op`), "the operation name is escaped in the chart's title")
	assert.Contains(t, svg, "&lt;Op &#34;x&#34;&gt;")
}

// TestTimelineFoldsStragglers: a 2 s step whose last request was answered
// in a third bucket is drawn 2 s wide, with that answer in its last second
// (not as about 1 rps between steps).
func TestTimelineFoldsStragglers(t *testing.T) {
	op := load.OperationResult{Steps: []load.StepResult{{Rate: 10, DurationS: 2, Timeline: []load.Point{
		{T: 0, Served: 10, P99ms: 2}, {T: 1, Served: 9, P99ms: 3}, {T: 2, Served: 1, P99ms: 9},
	}}}}
	samples, bands := timeline(op)
	assert.Equal(t, []band{{0, 2, "up to 10/s"}}, bands)
	require.Len(t, samples, 2)
	assert.Equal(t, 10.0, samples[1].served, "the straggler counts in the last second")
	assert.Equal(t, 3.0, samples[1].p99, "the last second's own latency stands")
}

// polylines returns the points of each polyline of a class in an SVG.
func polylines(t *testing.T, svg, class string) [][][2]float64 {
	t.Helper()
	re := regexp.MustCompile(`<polyline class="` + class + `" fill="none" points="([^"]*)"`)
	var out [][][2]float64
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		var pts [][2]float64
		for _, p := range strings.Fields(m[1]) {
			var x, y float64
			_, err := fmt.Sscanf(p, "%g,%g", &x, &y)
			require.NoError(t, err)
			pts = append(pts, [2]float64{x, y})
		}
		out = append(out, pts)
	}
	return out
}

// TestLatencyChartSkipsSecondsWithoutAnswers: a second where nothing was
// served has no latency; the lines break there instead of dropping to 0 ms.
func TestLatencyChartSkipsSecondsWithoutAnswers(t *testing.T) {
	op := load.OperationResult{Operation: "Op", Steps: []load.StepResult{{Rate: 10, DurationS: 3, Timeline: []load.Point{
		{T: 0, Served: 10, P50ms: 1, P99ms: 2}, {T: 1, Served: 10, P50ms: 1, P99ms: 3}, {T: 2, Throttled: 10},
	}}}}
	svg := string(latencyChart(op))
	for _, class := range []string{"line p50", "line p99"} {
		lines := polylines(t, svg, class)
		require.NotEmpty(t, lines, class)
		for _, pts := range lines {
			for _, p := range pts {
				assert.Less(t, p[1], plotBottom-1, "%s never drops to 0 ms (y %.1f)", class, p[1])
			}
		}
	}
}

// TestThroughputChartBreaksBetweenSteps: nothing is drawn in the pause
// between two steps.
func TestThroughputChartBreaksBetweenSteps(t *testing.T) {
	op := load.OperationResult{Operation: "Op", DocumentedQPS: 10, Steps: []load.StepResult{
		{Rate: 5, DurationS: 2, Timeline: []load.Point{{T: 0, Served: 5}, {T: 1, Served: 5}}},
		{Rate: 15, DurationS: 2, Timeline: []load.Point{{T: 3, Served: 10, Throttled: 5}, {T: 4, Served: 10, Throttled: 5}}},
	}}
	svg := string(throughputChart(op))
	samples, bands := timeline(op)
	c := newChart(samples, bands, 20, "", "")
	gapFrom, gapTo := c.x.px(2), c.x.px(3)
	lines := polylines(t, svg, "line served")
	require.Len(t, lines, 2, "one line per step")
	for _, pts := range lines {
		for _, p := range pts {
			assert.False(t, p[0] > gapFrom+0.1 && p[0] < gapTo-0.1, "no point in the pause between steps (x %.1f)", p[0])
		}
	}
}
