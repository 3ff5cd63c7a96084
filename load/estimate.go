package load

import (
	"fmt"
	"math"
)

// The verdicts.
const (
	Pass         = "pass"
	Fail         = "fail"
	Inconclusive = "inconclusive" // the measurement cannot be trusted: not a pass
)

// otherShare is the share of other answers (errors that are neither served
// nor throttled) above which a measurement is not trusted.
const otherShare = 0.01

// Tolerance is how far a measured limit may be from the documented one:
// 5% of it or 1 QPS, whichever is larger.
func Tolerance(documented int) float64 {
	return math.Max(0.05*float64(documented), 1)
}

// Verdict judges a limit probe against the documented limit. The sustained
// rate is judged; the burst is reported, not judged (the documentation says
// nothing about bursts). It passes when the sustained rate is within
// Tolerance of the documented limit. It fails when it is outside, or when
// nothing was throttled up to a rate over the documented limit (the limit
// is not enforced). It is inconclusive, never a pass, when the measurement
// cannot be trusted: the probe stopped before it knew (budget, time,
// cycles that disagree), or more than 1% of the answers were neither
// served nor throttled.
func Verdict(documented int, lim Limit, step StepResult) (verdict, note string) {
	var notes []string
	if step.Sent > 0 && float64(step.Other) > otherShare*float64(step.Sent) {
		notes = append(notes, fmt.Sprintf("%d of %d answers were neither served nor throttled (%v)", step.Other, step.Sent, step.OtherCodes))
	}
	switch {
	case lim.NotThrottled && len(notes) == 0 && step.Faults == 0:
		return Fail, fmt.Sprintf("no throttling observed up to %g rps (%d served, none throttled): the documented limit of %d is not enforced", step.Rate, step.Served, documented)
	case lim.Untrusted != "":
		return Inconclusive, join(append([]string{"could not be measured: " + lim.Untrusted}, notes...)...)
	case len(notes) > 0:
		return Inconclusive, join(append([]string{fmt.Sprintf("sustained %.1f rps, but", lim.SustainedQPS)}, notes...)...)
	}
	if tol := Tolerance(documented); math.Abs(lim.SustainedQPS-float64(documented)) > tol {
		return Fail, fmt.Sprintf("sustained limit %.1f rps is outside %d ± %.1f", lim.SustainedQPS, documented, tol)
	}
	return Pass, ""
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// join joins the non-empty parts with "; ".
func join(parts ...string) string {
	out := ""
	for _, p := range parts {
		switch {
		case p == "":
		case out == "":
			out = p
		default:
			out += "; " + p
		}
	}
	return out
}
