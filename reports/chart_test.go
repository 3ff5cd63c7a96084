package reports

import (
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
			[]float64{0.5, 1.5, 2.75, 3.75}, []band{{0, 2, "up to 10/s"}, {2, 4.25, "up to 20/s"}}},
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
