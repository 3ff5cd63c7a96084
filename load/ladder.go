package load

import (
	"fmt"
	"strconv"
	"strings"
)

// Rate is one rung of a ladder: a multiple of the documented limit, or an
// absolute rate.
type Rate struct {
	Multiple float64 // 1.5 for "1.5x"
	Absolute float64 // 75 for "75"
}

// DefaultRates is the ladder below, at and above the documented limit.
var DefaultRates = []Rate{{Multiple: 0.5}, {Multiple: 1}, {Multiple: 1.5}, {Multiple: 2}}

// ParseRates reads "0.5x,1x,1.5x,2x" or "25,50,75" (or a mix).
func ParseRates(s string) ([]Rate, error) {
	var out []Rate
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		mult := strings.HasSuffix(part, "x")
		n, err := strconv.ParseFloat(strings.TrimSuffix(part, "x"), 64)
		if err != nil || n <= 0 || n > 100000 {
			return nil, fmt.Errorf("rate %q: want a multiple such as 1.5x or requests per second such as 75", part)
		}
		if mult {
			out = append(out, Rate{Multiple: n})
		} else {
			out = append(out, Rate{Absolute: n})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rates in %q", s)
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
