package load

import (
	"time"
)

// finish computes the result's figures from what the run saw: overall,
// per stage, per operation and per second, and judges the thresholds.
func (r *profileRun) finish(res *ProfileResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sched := r.p.Schedule()
	ran := r.p.Duration()
	if res.Aborted != "" {
		ran = min(ran, time.Duration(res.DurationS*float64(time.Second)))
	}
	res.Overall = r.whole.all.figures(sched.Planned(0, ran), ran.Seconds())
	var t time.Duration
	from := r.p.StartRate
	for i, st := range r.p.Stages {
		end := min(t+st.Duration, ran)
		if end <= t && i > 0 {
			break // the run stopped before this stage
		}
		sf := StageFigures{Stage: i + 1, StartS: t.Seconds(), DurationS: (end - t).Seconds(), FromRate: from, ToRate: st.Rate,
			Figures:    r.stages[i].all.figures(sched.Planned(t, end), (end - t).Seconds()),
			Thresholds: judge(r.p.Thresholds, r.p.Mix, r.stages[i])}
		res.Stages = append(res.Stages, sf)
		t, from = t+st.Duration, st.Rate
	}
	planned := map[string]int{}
	pk := newPicker(r.p.Mix)
	for range sched.Planned(0, ran) {
		planned[pk.next()]++
	}
	sh := shares(r.p.Mix)
	for _, m := range r.p.Mix {
		of := OperationFigures{Operation: m.Operation, Weight: m.Weight, Share: round4(sh[m.Operation]),
			Figures: r.whole.of(m.Operation).figures(planned[m.Operation], ran.Seconds()), Timeline: []Second{}}
		for i, sec := range r.seconds {
			of.Timeline = append(of.Timeline, secondOf(i, 0, sec.of(m.Operation)))
		}
		res.Operations = append(res.Operations, of)
	}
	for i, sec := range r.seconds {
		at := time.Duration(i) * time.Second
		res.Timeline = append(res.Timeline, secondOf(i, sched.Planned(at, at+time.Second), &sec.all))
	}
	res.Thresholds = judge(r.p.Thresholds, r.p.Mix, r.whole)
	res.Verdict = Pass
	for _, th := range res.Thresholds {
		if !th.Held {
			res.Verdict = Fail
		}
	}
	if res.Aborted != "" {
		res.Verdict = Fail
	}
	res.Pool = r.pool.snapshot()
	res.Requests = r.requests
}

func secondOf(i, planned int, a *agg) Second {
	q := quantiles(a.latencies, 0.5, 0.95, 0.99)
	return Second{T: float64(i), Planned: planned, Sent: a.answered(), Served: a.counts[Served],
		Throttled: a.counts[Throttled], Errors: a.counts[Other], P50ms: q[0], P95ms: q[1], P99ms: q[2]}
}
