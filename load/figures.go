package load

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Figures are what a part of a profile run (a stage, an operation, the
// whole run) sent and got back. Throttled answers are their own category:
// never errors.
type Figures struct {
	Planned        int      `json:"planned"`       // arrivals the profile planned
	PlannedRate    float64  `json:"planned_rate"`  // planned arrivals per second
	AchievedRate   float64  `json:"achieved_rate"` // arrivals sent per second
	Sent           int      `json:"sent"`
	Served         int      `json:"served"`
	Throttled      int      `json:"throttled"`
	Errors         int      `json:"errors"` // neither served nor throttled, faults included
	Faults         int      `json:"faults"` // of the errors: no answer, or not Alibaba's
	ThrottledShare float64  `json:"throttled_share"`
	ErrorShare     float64  `json:"error_share"`
	P50ms          float64  `json:"p50_ms"` // latencies of served answers
	P90ms          float64  `json:"p90_ms"`
	P95ms          float64  `json:"p95_ms"`
	P99ms          float64  `json:"p99_ms"`
	MaxMs          float64  `json:"max_ms"`
	ErrorCodes     []string `json:"error_codes,omitempty"` // what the errors were
}

// agg accumulates answers into Figures.
type agg struct {
	counts    [3]int
	faults    int
	latencies []time.Duration // of served answers
	codes     map[string]int
}

func (a *agg) add(class Class, fault bool, latency time.Duration, what string) {
	a.counts[class]++
	if fault {
		a.faults++
	}
	switch class {
	case Served:
		a.latencies = append(a.latencies, latency)
	case Other:
		if what == "" {
			return // counted, not named (a second of a step, a watch window)
		}
		if a.codes == nil {
			a.codes = map[string]int{}
		}
		if _, seen := a.codes[what]; seen || len(a.codes) < maxOtherCodes {
			a.codes[what]++
		}
	}
}

func (a *agg) answered() int { return a.counts[Served] + a.counts[Throttled] + a.counts[Other] }

// figures computes the figures of seconds of sending with planned arrivals.
func (a *agg) figures(planned int, seconds float64) Figures {
	f := Figures{Planned: planned, Sent: a.answered(), Served: a.counts[Served], Throttled: a.counts[Throttled],
		Errors: a.counts[Other], Faults: a.faults}
	if seconds > 0 {
		f.PlannedRate = round2(float64(planned) / seconds)
		f.AchievedRate = round2(float64(f.Sent) / seconds)
	}
	if n := a.answered(); n > 0 {
		f.ThrottledShare = round4(float64(f.Throttled) / float64(n))
		f.ErrorShare = round4(float64(f.Errors) / float64(n))
	}
	q := quantiles(a.latencies, 0.5, 0.9, 0.95, 0.99, 1)
	f.P50ms, f.P90ms, f.P95ms, f.P99ms, f.MaxMs = q[0], q[1], q[2], q[3], q[4]
	f.ErrorCodes = a.whats()
	return f
}

// whats lists the answers neither served nor throttled, each with its
// count, sorted; nil when there were none.
func (a *agg) whats() []string {
	var out []string
	for what, n := range a.codes {
		out = append(out, fmt.Sprintf("%s ×%d", what, n))
	}
	slices.Sort(out)
	return out
}

// metric is the value of a threshold's metric; false when there is
// nothing to judge it on (no answer, or no served answer for a latency).
func (a *agg) metric(name string) (float64, bool) {
	n := a.answered()
	switch name {
	case "error_share":
		return float64(a.counts[Other]) / float64(n), n > 0
	case "throttled_share":
		return float64(a.counts[Throttled]) / float64(n), n > 0
	}
	if len(a.latencies) == 0 {
		return 0, false
	}
	q := map[string]float64{"p50_ms": 0.5, "p90_ms": 0.9, "p95_ms": 0.95, "p99_ms": 0.99, "max_ms": 1}[name]
	return quantiles(a.latencies, q)[0], true
}

// scoped is the answers of a part of the run, overall and per operation.
type scoped struct {
	all agg
	ops map[string]*agg
}

func newScoped() *scoped { return &scoped{ops: map[string]*agg{}} }

func (s *scoped) add(op string, class Class, fault bool, latency time.Duration, what string) {
	s.all.add(class, fault, latency, what)
	a := s.ops[op]
	if a == nil {
		a = &agg{}
		s.ops[op] = a
	}
	a.add(class, fault, latency, what)
}

// of is the answers of one scope: PerOverall or an operation.
func (s *scoped) of(scope string) *agg {
	if scope == PerOverall {
		return &s.all
	}
	if a := s.ops[scope]; a != nil {
		return a
	}
	return &agg{}
}

// ThresholdResult is one threshold judged in one scope.
type ThresholdResult struct {
	Threshold string  `json:"threshold"` // as written: "p95_ms below 300"
	Metric    string  `json:"metric"`
	Below     float64 `json:"below"`
	Scope     string  `json:"scope"` // "overall" or an operation
	Value     float64 `json:"value"`
	NoData    bool    `json:"no_data,omitempty"` // nothing to judge it on: not a pass
	Held      bool    `json:"held"`
	Abort     bool    `json:"abort,omitempty"`
	AfterS    float64 `json:"after_s,omitempty"`
	Line      int     `json:"line"` // in the profile
}

// String is the threshold and its outcome in a line.
func (r ThresholdResult) String() string {
	outcome := "held"
	switch {
	case r.NoData:
		outcome = "NOT JUDGED (no answers to judge it on)"
	case !r.Held:
		outcome = "BROKEN"
	}
	v := "-"
	if !r.NoData {
		v = formatMetric(r.Metric, r.Value)
	}
	return fmt.Sprintf("%-32s %-30s %10s  %s", r.Threshold, r.Scope, v, outcome)
}

// scopes are the scopes a threshold is judged in.
func (th Threshold) scopes(mix []MixEntry) []string {
	switch {
	case th.Operation != "":
		return []string{th.Operation}
	case th.Per == PerOperation:
		out := make([]string, 0, len(mix))
		for _, m := range mix {
			out = append(out, m.Operation)
		}
		return out
	}
	return []string{PerOverall}
}

// String is the threshold as a profile writes it.
func (th Threshold) String() string {
	s := fmt.Sprintf("%s below %s", th.Metric, formatMetric(th.Metric, th.Below))
	if th.Abort {
		s += fmt.Sprintf(" (abort after %s)", th.After)
	}
	return s
}

// judge judges every threshold on the answers of s.
func judge(ths []Threshold, mix []MixEntry, s *scoped) []ThresholdResult {
	out := []ThresholdResult{}
	for _, th := range ths {
		for _, scope := range th.scopes(mix) {
			v, ok := s.of(scope).metric(th.Metric)
			out = append(out, ThresholdResult{Threshold: th.String(), Metric: th.Metric, Below: th.Below, Scope: scope,
				Value: round4(v), NoData: !ok, Held: ok && v < th.Below, Abort: th.Abort, AfterS: th.After.Seconds(), Line: th.Line})
		}
	}
	return out
}

func formatMetric(metric string, v float64) string {
	if metric == "error_share" || metric == "throttled_share" {
		return fmt.Sprintf("%g", round4(v))
	}
	return fmt.Sprintf("%gms", round2(v))
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
