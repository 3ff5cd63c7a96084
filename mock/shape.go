package mock

import (
	"fmt"
	"github.com/livemsg/livemsg/contract"
	"math"
	"strconv"
	"strings"
)

// The throttling shapes the emulator can enforce. Nobody outside Alibaba
// knows which one the real gateway uses, so the load probe is tested
// against each of them.
const (
	ShapeSliding = contract.ShapeSliding // at most N admitted in any second (the default)
	ShapeFixed   = contract.ShapeFixed   // a counter reset at each whole second of the clock
	ShapeToken   = contract.ShapeToken   // a token bucket: N per second, up to Burst at once
	ShapeGCRA    = contract.ShapeGCRA    // evenly spaced (generic cell rate), Burst requests may come together
	ShapeWindow  = contract.ShapeWindow  // a fixed window of Seconds seconds allowing Seconds×N
	ShapeShared  = contract.ShapeShared  // one sliding bucket per account across the operations that share it, at Rate
)

// Shapes lists the shapes in the order the documentation gives them.
var Shapes = contract.Shapes

// DefaultWindowSeconds is the length of a window shape when none is given.
const DefaultWindowSeconds = 10

// Throttle is how one operation is throttled: a shape and its parameters.
// The rate is the operation's QPS limit (the contract's, or an override),
// except for the shared shape, whose bucket has its own Rate.
type Throttle struct {
	Shape string `json:"shape"`
	// Burst is how many requests may come at once: the bucket of a token
	// shape (default: one second's worth), the burst of a gcra shape
	// (default 2: evenly spaced with a tolerance of one interval). BurstX
	// gives it as a multiple of the rate instead ("2x").
	Burst  int     `json:"burst,omitempty"`
	BurstX float64 `json:"burst_x,omitempty"`
	// Seconds is the length of a window shape (default 10).
	Seconds int `json:"seconds,omitempty"`
	// Rate is the per-second rate of a shared bucket (default: the
	// operation's limit). Operations throttled shared:rate=R share the
	// account's one bucket of R per second.
	Rate int `json:"rate,omitempty"`
}

// ParseThrottle reads a shape as the command line writes it: a name and
// optional parameters after a colon, e.g. "sliding", "fixed",
// "token:burst=2x", "token:burst=120", "gcra", "gcra:burst=1x",
// "window:seconds=10", "shared:rate=50".
func ParseThrottle(s string) (Throttle, error) {
	name, params, _ := strings.Cut(strings.TrimSpace(s), ":")
	t := Throttle{Shape: strings.ToLower(strings.TrimSpace(name))}
	if params != "" {
		for _, kv := range strings.Split(params, ",") {
			k, v, ok := strings.Cut(kv, "=")
			k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
			if !ok || v == "" {
				return Throttle{}, fmt.Errorf("throttle %q: want NAME=VALUE parameters, got %q", s, kv)
			}
			if err := t.set(k, v); err != nil {
				return Throttle{}, fmt.Errorf("throttle %q: %w", s, err)
			}
		}
	}
	if err := t.Validate(); err != nil {
		return Throttle{}, fmt.Errorf("throttle %q: %w", s, err)
	}
	return t, nil
}

func (t *Throttle) set(k, v string) error {
	switch k {
	case "burst":
		if num, ok := strings.CutSuffix(strings.ToLower(v), "x"); ok {
			f, err := strconv.ParseFloat(num, 64)
			if err != nil || !(f > 0) || f > 1000 {
				return fmt.Errorf("burst %q: want a multiple such as 2x or a count such as 100", v)
			}
			t.BurstX = f
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return fmt.Errorf("burst %q: want a multiple such as 2x or a count such as 100", v)
		}
		t.Burst = n
	case "seconds":
		n, err := strconv.Atoi(strings.TrimSuffix(v, "s"))
		if err != nil || n < 1 || n > 3600 {
			return fmt.Errorf("seconds %q: want a whole number of seconds from 1 to 3600", v)
		}
		t.Seconds = n
	case "rate":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return fmt.Errorf("rate %q: want requests per second, at least 1", v)
		}
		t.Rate = n
	default:
		return fmt.Errorf("unknown parameter %q (burst, seconds or rate)", k)
	}
	return nil
}

// Validate checks the shape's name and that its parameters belong to it.
func (t Throttle) Validate() error {
	known := false
	for _, s := range Shapes {
		known = known || t.Shape == s
	}
	switch {
	case !known:
		return fmt.Errorf("unknown shape %q: want one of %s", t.Shape, strings.Join(Shapes, ", "))
	case (t.Burst != 0 || t.BurstX != 0) && t.Shape != ShapeToken && t.Shape != ShapeGCRA:
		return fmt.Errorf("burst applies to token and gcra only")
	case t.Burst != 0 && t.BurstX != 0:
		return fmt.Errorf("give burst once")
	case t.Seconds != 0 && t.Shape != ShapeWindow:
		return fmt.Errorf("seconds applies to window only")
	case t.Rate != 0 && t.Shape != ShapeShared:
		return fmt.Errorf("rate applies to shared only")
	case t.Burst < 0 || t.BurstX < 0 || t.Seconds < 0 || t.Rate < 0 || math.IsNaN(t.BurstX) || math.IsInf(t.BurstX, 0):
		return fmt.Errorf("parameters must be positive")
	}
	return nil
}

// String writes the shape as ParseThrottle reads it.
func (t Throttle) String() string {
	var params []string
	switch {
	case t.BurstX > 0:
		params = append(params, "burst="+strconv.FormatFloat(t.BurstX, 'f', -1, 64)+"x")
	case t.Burst > 0:
		params = append(params, "burst="+strconv.Itoa(t.Burst))
	}
	if t.Seconds > 0 {
		params = append(params, "seconds="+strconv.Itoa(t.Seconds))
	}
	if t.Rate > 0 {
		params = append(params, "rate="+strconv.Itoa(t.Rate))
	}
	shape := t.Shape
	if shape == "" {
		shape = ShapeSliding
	}
	if len(params) == 0 {
		return shape
	}
	return shape + ":" + strings.Join(params, ",")
}

// burst is the shape's burst for a rate: the absolute count, the multiple
// of the rate (at least 1), or def.
func (t Throttle) burst(rate, def int) int {
	switch {
	case t.Burst > 0:
		return t.Burst
	case t.BurstX > 0:
		return max(int(math.Round(t.BurstX*float64(rate))), 1)
	}
	return def
}
