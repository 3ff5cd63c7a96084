package reports

import (
	"encoding/json"
	"fmt"
	"github.com/livemsg/livemsg/load"
	"io"
	"math"
	"sort"
)

// Comparison is what changed since a baseline run (an earlier
// summary.json): scenarios newly failing or fixed, load limits and latency
// that moved.
type Comparison struct {
	BaselineStartedAt string `json:"baseline_started_at"`
	BaselineVersion   string `json:"baseline_version"`
	// NewlyFailing failed now and did not fail in the baseline (passed,
	// skipped or absent there); Fixed failed there and passes now. Each
	// is "Feature: Scenario".
	NewlyFailing []string `json:"newly_failing"`
	Fixed        []string `json:"fixed"`
	Added        int      `json:"added"`   // scenarios absent from the baseline
	Removed      int      `json:"removed"` // scenarios of the baseline that did not run
	Limits       []Moved  `json:"limits_moved"`
	Latency      []Moved  `json:"latency_moved"`
}

// Moved is one figure of an operation that changed beyond its noise.
type Moved struct {
	Operation string  `json:"operation"`
	Before    float64 `json:"before"`
	After     float64 `json:"after"`
	Unit      string  `json:"unit"` // QPS or ms
}

// Changed reports whether anything moved.
func (c *Comparison) Changed() bool {
	return len(c.NewlyFailing)+len(c.Fixed)+len(c.Limits)+len(c.Latency)+c.Added+c.Removed > 0
}

// ReadSummary reads a summary.json, as a baseline.
func ReadSummary(r io.Reader) (Summary, error) {
	var s Summary
	dec := json.NewDecoder(r)
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("not a livemsg summary.json: %w", err)
	}
	if s.Verdict == "" || s.StartedAt.IsZero() {
		return s, fmt.Errorf("not a livemsg summary.json: no verdict or started_at")
	}
	return s, nil
}

// Latency moves when the p99 of an operation's first (lowest-rate, below
// the limit) step changes by half or more and by 50 ms or more. The step
// holds a few dozen answers, so its p99 is nearly its slowest answer: one
// scheduler pause on a shared machine took it from 6.12 to 40.78 ms on
// identical code, a change a 1 ms (or 25 ms) floor called a move. The page
// states both floors (LatencyFloors).
const (
	latencyRatio = 1.5
	latencyMinMS = 50.0
)

// LatencyFloors says in words when a latency change counts as a move.
func LatencyFloors() string {
	return fmt.Sprintf("a p99 latency counts as moved only when it changes by %s%% or more and by %s ms or more",
		num((latencyRatio-1)*100), num(latencyMinMS))
}

// Compare sets out what changed from base to cur.
func Compare(cur, base Summary) *Comparison {
	c := &Comparison{
		BaselineStartedAt: base.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC"),
		BaselineVersion:   base.Livemsg.String(),
		NewlyFailing:      []string{}, Fixed: []string{}, Limits: []Moved{}, Latency: []Moved{},
	}
	before, after := statuses(base), statuses(cur)
	for _, k := range sortedKeys(after) {
		was, ok := before[k]
		switch {
		case !ok:
			c.Added++
			if after[k] == Failed {
				c.NewlyFailing = append(c.NewlyFailing, k)
			}
		case after[k] == Failed && was != Failed:
			c.NewlyFailing = append(c.NewlyFailing, k)
		case after[k] == Passed && was == Failed:
			c.Fixed = append(c.Fixed, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			c.Removed++
		}
	}
	if cur.Load == nil || base.Load == nil {
		return c
	}
	baseOps := map[string]load.OperationResult{}
	for _, op := range base.Load.Operations {
		baseOps[op.Operation] = op
	}
	for _, op := range cur.Load.Operations {
		b, ok := baseOps[op.Operation]
		if !ok {
			continue
		}
		if tol := math.Max(math.Max(op.ToleranceQPS, b.ToleranceQPS), 1); math.Abs(op.SustainedQPS-b.SustainedQPS) > tol {
			c.Limits = append(c.Limits, Moved{Operation: op.Operation, Before: b.SustainedQPS, After: op.SustainedQPS, Unit: "QPS"})
		}
		if len(op.Steps) > 0 && len(b.Steps) > 0 {
			was, now := b.Steps[0].P99ms, op.Steps[0].P99ms
			if math.Abs(now-was) >= latencyMinMS && (now >= was*latencyRatio || was >= now*latencyRatio) {
				c.Latency = append(c.Latency, Moved{Operation: op.Operation, Before: was, After: now, Unit: "ms"})
			}
		}
	}
	return c
}

// statuses maps "Feature: Scenario" to its status, over every scenario.
func statuses(s Summary) map[string]string {
	out := map[string]string{}
	for _, f := range s.Features {
		for _, r := range f.Scenarios {
			out[r.Feature+": "+r.Name] = r.Status
		}
	}
	for _, r := range s.Assumptions {
		out[r.Feature+": "+r.Name] = r.Status
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
