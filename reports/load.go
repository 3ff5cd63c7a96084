package reports

import (
	"math"
	"sort"
)

// loadSummary copies the load probes' results, with every number finite so
// that summary.json always encodes. It is nil when the probes did not run.
func loadSummary(in *Load) *LoadSummary {
	if in == nil {
		return nil
	}
	ls := &LoadSummary{Target: in.Target, Verdict: Fail, Operations: make([]LoadResult, 0, len(in.Operations))}
	for _, op := range in.Operations {
		r := LoadResult{
			Operation:     op.Operation,
			DocumentedQPS: finite(op.DocumentedQPS),
			MeasuredQPS:   finite(op.MeasuredQPS),
			ToleranceQPS:  finite(op.ToleranceQPS),
			Verdict:       op.Verdict,
			Note:          op.Note,
			Steps:         make([]StepResult, 0, len(op.Steps)),
		}
		for _, st := range op.Steps {
			r.Steps = append(r.Steps, stepResult(st))
		}
		ls.Operations = append(ls.Operations, r)
	}
	return ls
}

func stepResult(st LoadStep) StepResult {
	r := StepResult{
		Rate:        finite(st.Rate),
		DurationS:   finite(st.DurationS),
		Sent:        st.Sent,
		Served:      st.Served,
		Throttled:   st.Throttled,
		Other:       st.Other,
		AcceptedQPS: finite(st.AcceptedQPS),
		P50ms:       finite(st.P50ms),
		P95ms:       finite(st.P95ms),
		P99ms:       finite(st.P99ms),
		Timeline:    make([]TimelinePoint, 0, len(st.Timeline)),
	}
	for _, p := range st.Timeline {
		r.Timeline = append(r.Timeline, TimelinePoint{
			T:         finite(p.T),
			Served:    p.Served,
			Throttled: p.Throttled,
			Other:     p.Other,
			P50ms:     finite(p.P50ms),
			P99ms:     finite(p.P99ms),
		})
	}
	sort.SliceStable(r.Timeline, func(i, j int) bool { return r.Timeline[i].T < r.Timeline[j].T })
	return r
}

// finite maps NaN and infinities, which JSON cannot hold, to 0.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
