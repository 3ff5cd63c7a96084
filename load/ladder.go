package load

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Rate is one rung of a ladder: a multiple of the documented limit, or an
// absolute rate in requests per second.
type Rate struct {
	Multiple float64 // 1.5 for "1.5x"
	Absolute float64 // 75 for "75"
}

// DefaultRates is the ladder below, at and above the documented limit.
var DefaultRates = []Rate{{Multiple: 0.5}, {Multiple: 1}, {Multiple: 1.5}, {Multiple: 2}}

// maxRate bounds any rate a ladder asks for.
const maxRate = 100000

// ParseRates reads "0.5x,1x,1.5x,2x" (multiples of the documented limit),
// "25,50,75" (requests per second) or a mix of both.
func ParseRates(s string) ([]Rate, error) {
	var out []Rate
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		num, mult := strings.CutSuffix(strings.ToLower(part), "x")
		n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || math.IsNaN(n) || n <= 0 || n > maxRate || (!mult && n < 0.01) {
			return nil, fmt.Errorf("rate %q: want a multiple such as 1.5x or requests per second such as 75", part)
		}
		if mult {
			out = append(out, Rate{Multiple: n})
		} else {
			out = append(out, Rate{Absolute: n})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rates in %q: want a list such as 0.5x,1x,1.5x,2x or 25,50,75", s)
	}
	return out, nil
}

// For gives the requests per second of the rung for a documented limit.
func (r Rate) For(documented int) float64 {
	if r.Absolute > 0 {
		return r.Absolute
	}
	return r.Multiple * float64(documented)
}

func (r Rate) String() string {
	if r.Absolute > 0 {
		return strconv.FormatFloat(r.Absolute, 'f', -1, 64)
	}
	return strconv.FormatFloat(r.Multiple, 'f', -1, 64) + "x"
}

// Ladder gives the rates of the rungs for a documented limit, lowest first,
// each once, rounded to a hundredth of a request per second.
func Ladder(rates []Rate, documented int) []float64 {
	out := make([]float64, 0, len(rates))
	for _, r := range rates {
		if v := math.Round(r.For(documented)*100) / 100; v > 0 {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Extension factors: while no step is throttled and the ladder has reached
// the documented limit, the next rung is 1.5 times the last, up to 8 times
// the documented limit.
const (
	extendFactor = 1.5
	maxExtension = 8.0
)

// nextRung is the rung that extends a ladder whose steps saw no throttling,
// or false when the ladder should stop: it never reached the documented
// limit (it was asked to stay below), or it is at 8 times it already.
func nextRung(top float64, documented int) (float64, bool) {
	ceiling := maxExtension * float64(documented)
	if top < float64(documented) || top >= ceiling {
		return 0, false
	}
	return math.Min(math.Round(top*extendFactor), ceiling), true
}
