package load

import (
	"fmt"
	"math"
	"slices"
)

// The verdicts.
const (
	Pass = "pass"
	Fail = "fail"
)

// clearShare is the share of throttled answers from which a step was
// clearly over the limit: a step paced right at the limit may see a few
// throttled requests from timing jitter, and serves a little less than the
// limit, so it is a worse estimate than a step well over it.
const clearShare = 0.05

// otherShare is the share of other answers (errors that are neither served
// nor throttled) above which a measurement is not trusted.
const otherShare = 0.01

// Tolerance is how far a measured limit may be from the documented one:
// 5% of it or 1 QPS, whichever is larger.
func Tolerance(documented int) float64 {
	return math.Max(0.05*float64(documented), 1)
}

// Verdict judges the steps of an operation against its documented limit.
//
// The measured limit is the median accepted rate of the steps that saw
// throttling (those clearly over the limit when there are any, see
// clearShare): the rate the provider sustained when asked for more. It
// passes when it is within Tolerance of the documented limit, nothing was
// throttled in a step asked for less than the documented limit, and at
// most 1% of the answers were neither served nor throttled.
//
// When no step saw throttling the measured figure is the highest accepted
// rate, a lower bound of the limit, and the verdict fails: either the
// documented limit was exceeded without throttling, or the ladder never
// went over it and the limit was not measured.
func Verdict(documented int, steps []StepResult) (measured float64, verdict, note string) {
	sustained := sustainedRates(steps)
	highest := 0.0
	top, sent, other := 0.0, 0, 0
	for _, s := range steps {
		highest = math.Max(highest, s.AcceptedQPS)
		top = math.Max(top, s.Rate)
		sent += s.Sent
		other += s.Other
	}
	if len(sustained) == 0 {
		note = fmt.Sprintf("no throttling observed up to %g rps", top)
		if top > float64(documented) {
			return round2(highest), Fail, note + ": the documented limit of " + fmt.Sprint(documented) + " is not enforced"
		}
		return round2(highest), Fail, note + ": the ladder never went over the documented limit, so the limit was not measured"
	}
	measured = round2(median(sustained))
	var why []string
	for _, s := range steps {
		if s.Rate < float64(documented) && s.Throttled > 0 {
			why = append(why, fmt.Sprintf("throttled below the documented limit: %d of %d requests at %g rps", s.Throttled, s.Sent, s.Rate))
		}
	}
	if tol := Tolerance(documented); math.Abs(measured-float64(documented)) > tol {
		why = append(why, fmt.Sprintf("enforced limit %.1f rps is outside %d ± %.1f", measured, documented, tol))
	}
	if sent > 0 && float64(other) > otherShare*float64(sent) {
		why = append(why, fmt.Sprintf("%d of %d answers were neither served nor throttled", other, sent))
	}
	if len(why) > 0 {
		return measured, Fail, join(why...)
	}
	if other > 0 {
		note = fmt.Sprintf("%d of %d answers were neither served nor throttled", other, sent)
	}
	return measured, Pass, note
}

// sustainedRates are the accepted rates of the steps clearly over the
// limit, or of every throttled step when none is clearly over it.
func sustainedRates(steps []StepResult) []float64 {
	var clear, any []float64
	for _, s := range steps {
		if s.Throttled == 0 {
			continue
		}
		any = append(any, s.AcceptedQPS)
		if float64(s.Throttled) >= clearShare*float64(s.Sent) {
			clear = append(clear, s.AcceptedQPS)
		}
	}
	if len(clear) > 0 {
		return clear
	}
	return any
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
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
