package load

import (
	"fmt"
	"math"
	"sort"
)

// Tolerance is how far a measured limit may be from the documented one:
// 5% of it or 1 QPS, whichever is larger.
func Tolerance(documented int) float64 {
	return math.Max(0.05*float64(documented), 1)
}

// Verdict judges the steps of an operation against its documented limit.
// The measured limit is the median accepted rate of the steps that saw
// throttling (the rate the provider sustained when asked for more); it
// passes when it is within Tolerance of the documented limit and nothing
// was throttled in a step below the documented limit.
func Verdict(documented int, steps []StepResult) (measured float64, verdict, note string) {
	var sustained []float64
	maxServed := 0.0
	for _, s := range steps {
		if s.Throttled > 0 {
			sustained = append(sustained, s.AcceptedQPS)
		}
		maxServed = math.Max(maxServed, s.AcceptedQPS)
	}
	tol := Tolerance(documented)
	for _, s := range steps {
		if s.Rate < float64(documented)-tol && s.Throttled > 0 {
			measured = median(sustained)
			return round2(measured), "fail", fmt.Sprintf("throttled below the documented limit: %d of %d requests at %g rps", s.Throttled, s.Sent, s.Rate)
		}
	}
	if len(sustained) == 0 {
		top := 0.0
		for _, s := range steps {
			top = math.Max(top, s.Rate)
		}
		note = fmt.Sprintf("no throttling observed up to %g rps", top)
		if top > float64(documented)+tol {
			return round2(maxServed), "fail", note + ": the documented limit is not enforced"
		}
		return round2(maxServed), "fail", note + ": the ladder never went over the documented limit"
	}
	measured = median(sustained)
	if math.Abs(measured-float64(documented)) <= tol {
		return round2(measured), "pass", ""
	}
	return round2(measured), "fail", fmt.Sprintf("enforced limit %.1f rps is outside %d ± %.1f", measured, documented, tol)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
