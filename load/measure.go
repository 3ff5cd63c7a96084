package load

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Measurement is what a limit probe found, before it is judged.
type Measurement struct {
	Sustained    float64       // served per whole second once throttling began; 0 when not measured
	Burst        int           // served before the first throttle
	BurstSeconds float64       // how long the burst lasted
	Window       time.Duration // how long credit takes to come back (1 s, or a long window's length)
	LongWindow   bool          // throttling lasted more than a second after the burst
	ThrottledFor time.Duration // how long, for a long window
	Allowance    int           // what a long window allows
	Method       string        // "cycles", "hold", "gaps" (gap trains, at a distance) or "long window"
	Cycles       []int         // what each cycle served (cycles), or each gap train (gaps)
	Seconds      []int         // what each whole second served (hold)
	HoldRate     float64       // the rate of the hold
	Stalled      bool          // hold: every counted second had the sender pause
	FixedPhase   bool          // cycles: the window kept its phase when the sender shifted
	TopRate      float64       // the highest rate sent
	NotThrottled bool          // nothing was throttled up to the highest rate
	Even         bool          // far: an evenly spaced limiter's signature, its limit not measured (evenSignature)
	Unfinished   string        // why the probe stopped before it knew ("" = it finished)
	RoundTrip    time.Duration // the median round trip measured before the onset
	OnsetAt      time.Duration // when the onset began (after the round trip was measured)
	// RoundTripSpread is the slowest of those round trips less the fastest.
	RoundTripSpread time.Duration
}

// Limit is the judged outcome of a limit probe of one operation: what
// summary.json, the terminal table and the report show.
type Limit struct {
	SustainedQPS float64  `json:"sustained_qps"`   // the measured limit, judged against the documented one
	Burst        int      `json:"burst"`           // served before the first throttle (reported, not judged)
	WindowS      float64  `json:"window_s"`        // how long throttling lasts after a burst (1 for per-second shapes)
	Shape        string   `json:"shape"`           // sliding, fixed, token, gcra, window, shared (contract.Shapes) or unclear
	ShapeWhy     string   `json:"shape_why"`       // what the shape was told from
	Shared       *bool    `json:"shared"`          // whether a second operation loaded at the same time was throttled with it; null = not checked
	Headers      *Headers `json:"headers"`         // the rate-limit headers, null when the provider sent none
	Method       string   `json:"method"`          // how the sustained rate was counted: cycles, hold, gaps or long window
	Counts       []int    `json:"counts"`          // what each cycle or whole second served
	Throttled    int      `json:"throttled_spent"` // throttled requests spent, setup and companion included
	Requests     int      `json:"requests"`        // requests sent, setup included
	Seconds      float64  `json:"seconds"`         // how long the probe took, setup included
	NotThrottled bool     `json:"not_throttled"`   // nothing was throttled up to the highest rate sent
	RoundTripMS  float64  `json:"round_trip_ms"`   // the median round trip measured before the onset
	SpreadMS     float64  `json:"round_trip_spread_ms"`
	Trusted      bool     `json:"trusted"` // false when the measurement cannot be trusted (see the note)
	Untrusted    string   `json:"untrusted,omitempty"`
}

// Headers are the rate-limit headers the provider sent
// (x-ratelimit-user-api, x-ratelimit-user: Limit:50,Remain:0,TimeLeft:400,...).
type Headers struct {
	Example   string `json:"example"`           // one throttled answer's value
	Limit     int    `json:"limit"`             // the Limit most throttled answers gave
	TimeLeft  int    `json:"max_time_left_ms"`  // the longest TimeLeft seen, in milliseconds
	Agree     bool   `json:"agree"`             // whether Limit agrees with what was measured
	Why       string `json:"why"`               // how it was compared
	Throttled int    `json:"throttled_answers"` // throttled answers that had one
}

// Shape names, as a probe reports them: the contract's vocabulary, which
// the emulator's --throttle takes, and unclear.
const (
	ShapeSliding = contract.ShapeSliding
	ShapeFixed   = contract.ShapeFixed
	ShapeToken   = contract.ShapeToken
	ShapeEven    = contract.ShapeGCRA
	ShapeLong    = contract.ShapeWindow
	ShapeShared  = contract.ShapeShared
	ShapeUnclear = "unclear"
)

// MeasureLimit probes the limit of p's operation (see limitProbe), with a
// companion probe for the shared-bucket check (nil = no check), and judges
// nothing: Verdict does.
func MeasureLimit(ctx context.Context, c *aliyun.Client, p, companion *Probe, o LimitOptions, file string) (Limit, *Measurement, StepResult, error) {
	o.Companion = companion != nil
	if o.Timeout <= 0 {
		o.Timeout = c.Timeout()
	}
	lp := newLimitProbe(o)
	began := time.Now()
	step, rec, err := Drive(ctx, c, p, lp, DriveOptions{Companion: companion, File: file, Rate: lp.o.Start})
	step.Rate = lp.m.TopRate
	lim := analyse(lp.m, rec)
	lim.Seconds = round2(time.Since(began).Seconds())
	return lim, lp.m, step, err
}

// burstFrom is when the burst counts from: the ranging requests a second
// or more before the onset are in no window of it, so it counts from the
// onset; when the ranging was quick (at loopback, a millisecond) they are
// part of it.
func (m *Measurement) burstFrom() time.Duration {
	if m.OnsetAt > time.Second {
		return m.OnsetAt
	}
	return 0
}

// analyse names the shape and checks the headers.
func analyse(m *Measurement, rec *Record) Limit {
	if t1, ok := rec.first(Throttled, 0); ok {
		from := m.burstFrom()
		m.Burst = rec.count(Served, from, t1.At)
		m.BurstSeconds = t1.At.Seconds()
		if first := rec.Main(from); len(first) > 0 {
			m.BurstSeconds = (t1.At - first[0].At).Seconds()
		}
	}
	lim := Limit{SustainedQPS: round2(m.Sustained), Burst: m.Burst, WindowS: round2(m.Window.Seconds()),
		Method: m.Method, Throttled: rec.throttled(), Requests: rec.Sent, Trusted: true, NotThrottled: m.NotThrottled,
		RoundTripMS: round2(ms(m.RoundTrip)), SpreadMS: round2(ms(m.RoundTripSpread))}
	lim.Counts = append(append([]int{}, m.Cycles...), m.Seconds...)
	served, throttled := 0, 0
	for _, h := range rec.Hits {
		if h.Companion {
			switch h.Class {
			case Served:
				served++
			case Throttled:
				throttled++
			}
		}
	}
	if served+throttled > 0 && (served == 0 || throttled == 0) {
		shared := throttled > 0
		lim.Shared = &shared
	}
	lim.Shape, lim.ShapeWhy = shapeOf(m, lim.Shared, served, throttled)
	lim.Headers = headersOf(rec, m)
	switch {
	case m.Unfinished != "":
		lim.Trusted, lim.Untrusted = false, m.Unfinished
	case m.NotThrottled:
		lim.Trusted, lim.Untrusted = false, fmt.Sprintf("no throttling up to %g rps", round2(m.TopRate))
	case m.Stalled && lim.Shape == ShapeEven:
		lim.Trusted, lim.Untrusted = false, "the sender paused in every counted second (a busy machine), and an evenly spaced limiter loses the credit of a pause"
	case m.Stalled:
		lim.Trusted, lim.Untrusted = false, "the sender fell behind the rate it held in every counted second (a busy machine): those seconds measured the sender, not the limiter"
	}
	return lim
}

func shapeOf(m *Measurement, shared *bool, served, throttled int) (string, string) {
	switch {
	case m.NotThrottled:
		return ShapeUnclear, "nothing was throttled"
	case shared != nil && *shared:
		return ShapeShared, fmt.Sprintf("a second operation sent right after each throttle was throttled too (%d times): one bucket for both", throttled)
	case shared == nil && served > 0 && throttled > 0:
		return ShapeUnclear, fmt.Sprintf("the second operation was served %d and throttled %d times: a bucket shared or not", served, throttled)
	case m.LongWindow && m.Method != "":
		return ShapeLong, fmt.Sprintf("throttled for %.1f s after a burst of %d; %d allowed per %s window", m.ThrottledFor.Seconds(), m.Burst, m.Allowance, m.Window)
	case m.LongWindow:
		return ShapeLong, fmt.Sprintf("throttled for at least %.1f s after a burst of %d", m.ThrottledFor.Seconds(), m.Burst)
	case m.Method == "cycles" && m.FixedPhase:
		return ShapeFixed, "credit comes back all at once, at the same phase of each second, even when the sender shifts"
	case m.Method == "cycles":
		return ShapeSliding, "credit comes back one second after each served request, following the sender"
	case m.Method == "gaps":
		return ShapeToken, fmt.Sprintf("credit came back in proportion to the idle time before each train (%v served), at %.0f/s", m.Cycles, m.Sustained)
	case m.Method == "hold" && float64(m.Burst) >= 0.5*m.Sustained:
		return ShapeToken, fmt.Sprintf("served again at once after the first throttle, and a burst of %d (about %d over the rate) first", m.Burst,
			max(int(math.Round(float64(m.Burst)-m.Sustained*m.BurstSeconds)), 0))
	case m.Method == "hold":
		return ShapeEven, fmt.Sprintf("served again at once after the first throttle, without a burst (%d)", m.Burst)
	}
	if m.Even {
		return ShapeEven, "throttled among the first requests of a quiet start, then served and throttled by turns (a window or a bucket serves its first burst in full)"
	}
	if m.Unfinished != "" {
		return ShapeUnclear, m.Unfinished
	}
	return ShapeUnclear, "the measurement did not finish"
}

// headersOf reads the rate-limit headers of the throttled answers and
// compares their Limit with the measurement: the sustained rate times the
// window.
func headersOf(rec *Record, m *Measurement) *Headers {
	limits := map[int]int{}
	h := &Headers{}
	for _, hit := range rec.Hits {
		if hit.RateLimit == "" || hit.Class != Throttled {
			continue
		}
		h.Throttled++
		if h.Example == "" {
			h.Example = hit.RateLimit
		}
		kv := parseRateLimit(hit.RateLimit)
		if n, err := strconv.Atoi(kv["Limit"]); err == nil {
			limits[n]++
		}
		if n, err := strconv.Atoi(kv["TimeLeft"]); err == nil {
			h.TimeLeft = max(h.TimeLeft, n)
		}
	}
	if h.Throttled == 0 {
		return nil
	}
	for n, k := range limits {
		if k > limits[h.Limit] || (k == limits[h.Limit] && n < h.Limit) {
			h.Limit = n
		}
	}
	if m.Sustained <= 0 {
		h.Why = "nothing measured to compare with"
		return h
	}
	want := m.Sustained * math.Max(m.Window.Seconds(), 1)
	tol := math.Max(0.05*want, 1)
	h.Agree = math.Abs(float64(h.Limit)-want) <= tol
	h.Why = fmt.Sprintf("Limit %d against %.1f measured per %gs window (± %.1f)", h.Limit, want, math.Max(m.Window.Seconds(), 1), tol)
	return h
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// parseRateLimit reads "Limit:50,Remain:0,TimeLeft:400,Reset:..." as the
// SDKs do.
func parseRateLimit(v string) map[string]string {
	out := map[string]string{}
	for _, pair := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(pair, ":")
		if ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(val)
		}
	}
	return out
}
