package reports

import (
	"cmp"
	"math"
	"slices"

	"github.com/livemsg/livemsg/load"
)

// loadSummary copies the load probes' results, with every number finite so
// that summary.json always encodes. It is nil when the probes did not run.
func loadSummary(in *load.Summary) *LoadSummary {
	if in == nil {
		return nil
	}
	ls := &LoadSummary{Target: in.Target, Verdict: Fail, Operations: make([]load.OperationResult, 0, len(in.Operations))}
	for _, op := range in.Operations {
		op.ToleranceQPS = finite(op.ToleranceQPS)
		op.SustainedQPS = finite(op.SustainedQPS)
		op.WindowS = finite(op.WindowS)
		op.Seconds = finite(op.Seconds)
		steps := make([]load.StepResult, 0, len(op.Steps))
		for _, st := range op.Steps {
			steps = append(steps, stepResult(st))
		}
		op.Steps = steps
		ls.Operations = append(ls.Operations, op)
	}
	return ls
}

func stepResult(st load.StepResult) load.StepResult {
	for _, f := range []*float64{&st.Rate, &st.DurationS, &st.AcceptedQPS, &st.SentQPS, &st.P50ms, &st.P95ms, &st.P99ms} {
		*f = finite(*f)
	}
	tl := make([]load.Point, 0, len(st.Timeline))
	for _, p := range st.Timeline {
		p.T, p.P50ms, p.P99ms = finite(p.T), finite(p.P50ms), finite(p.P99ms)
		tl = append(tl, p)
	}
	slices.SortStableFunc(tl, func(a, b load.Point) int { return cmp.Compare(a.T, b.T) })
	st.Timeline = tl
	return st
}

// finite maps NaN and infinities, which JSON cannot hold, to 0.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
