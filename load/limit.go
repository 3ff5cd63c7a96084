package load

import (
	"fmt"
	"io"
	"math"
	"time"
)

// LimitOptions configure a limit probe.
type LimitOptions struct {
	// Start is the onset's rate (default 3 times Documented): the probe
	// sends at it until the first throttle.
	Start float64
	// Documented is the documented limit, used for the default rates.
	Documented int
	// Ramp raises the onset's rate by half every half second until the
	// first throttle (find-limit); without it the onset goes to MaxRate
	// after 1.5 s without throttling. At MaxRate it gives up 1.5 s later
	// once it has had more served than an enforced limit allows over two
	// windows of MaxTime (with the default rates, half a second more).
	Ramp bool
	// MaxRate is the rate the probe never exceeds (default 8 times
	// Documented, at least 16).
	MaxRate float64
	// MaxThrottled is the most throttled requests the probe may spend,
	// companion ones included (default 30).
	MaxThrottled int
	// MaxTime is the most the probe may take (default 10s).
	MaxTime time.Duration
	// MaxRequests caps every request of the probe (0 = none).
	MaxRequests int
	// Companion asks for the shared-bucket check: a few requests of the
	// companion operation right after the probed one is throttled.
	Companion bool
	// Trace receives a line at each step of the probe (nil = none).
	Trace io.Writer
	// Timeout is the client's timeout: a first request unanswered for
	// that long means a silent provider (0 = not known).
	Timeout time.Duration
}

// Defaults of a limit probe.
const (
	DefaultMaxThrottled = 30
	DefaultMaxTime      = 10 * time.Second
)

func (o *LimitOptions) defaults(t Tuning) {
	d := float64(max(o.Documented, 1))
	if o.MaxRate <= 0 {
		o.MaxRate = math.Max(t.TopOver*d, t.TopFloor)
	}
	o.MaxRate = math.Min(o.MaxRate, maxRate)
	if o.Start <= 0 {
		o.Start = t.StartOver * d
	}
	o.Start = math.Min(o.Start, o.MaxRate)
	if o.MaxThrottled <= 0 {
		o.MaxThrottled = DefaultMaxThrottled
	}
	if o.MaxTime <= 0 {
		o.MaxTime = DefaultMaxTime
	}
}

// limitProbe is the schedule that measures a limit, in phases (see
// sequence.go): ranging (the round trip), the onset at a rate over the
// limit until the first throttle (the burst), then the tail, whose few
// requests after it tell a bursty limiter (a window: sliding, fixed,
// long) from a smooth one (a token bucket, evenly spaced):
//   - a window's turn is found by pilots, and it is measured in cycles
//     (trains at a distance): each opens at full pressure when the window
//     has turned and stops at its first throttle; what a cycle serves is
//     the credit that came back in one window, and a cycle shifted in
//     time tells a fixed window (it keeps its phase) from a sliding one
//     (it follows the sender);
//   - a smooth limiter is held just over its rate, and what it serves per
//     whole second is counted.
//
// It stops as soon as it knows, and before it spends MaxThrottled
// throttled requests or MaxTime. What it keeps beyond the phase under
// way is the pacer all phases share, the shared-bucket check and what
// later phases read of earlier ones.
type limitProbe struct {
	o    LimitOptions
	tun  Tuning
	m    *Measurement
	cur  phase // the phase under way
	done bool

	rate     float64       // the rate of the current pacing
	paceAt   time.Duration // when the current pacing began
	paceSent int           // requests sent since

	onset     onsetFinding     // the first throttle (once the onset found it)
	resume    time.Duration    // the served pilot that ended a throttled stretch (a window's turn)
	allowance [2]time.Duration // a long window's cycle: from its turn to its first throttle

	companionAsked int  // companion requests sent
	wantCompanion  bool // one is due (right after a throttle)
}

func newLimitProbe(o LimitOptions) *limitProbe {
	tun := DefaultTuning()
	o.defaults(tun)
	return &limitProbe{o: o, tun: tun, m: &Measurement{}, rate: o.Start, cur: &rangingPhase{}}
}

// Next implements Schedule.
func (l *limitProbe) Next(now time.Duration, rec *Record) (Send, bool) {
	if l.done {
		return Send{}, true
	}
	if why := l.outOfBudget(now, rec); why != "" {
		if p, ok := l.cur.(*pilotsPhase); ok && p.throttledFor(now, l.tun) > 0 {
			// no pilot served yet, well past a second: what is known is
			// that the window is long (and at least this long)
			l.m.LongWindow, l.m.ThrottledFor = true, p.throttledFor(now, l.tun)
		}
		return l.stop(rec, why)
	}
	if s, ok := l.companion(now, rec); ok {
		return s, false
	}
	return l.run(now, rec)
}

// outOfBudget says why the probe must stop now ("" = it may go on).
func (l *limitProbe) outOfBudget(now time.Duration, rec *Record) string {
	faults := 0
	for _, h := range rec.Hits {
		if h.Fault {
			faults++
		}
	}
	switch {
	case len(rec.Hits) >= l.tun.FaultsJudgedFrom && float64(faults) >= l.tun.FaultShare*float64(len(rec.Hits))-1e-9:
		return fmt.Sprintf("%d of %d answers were transport faults or not Alibaba's", faults, len(rec.Hits))
	case rec.throttled() >= l.o.MaxThrottled:
		return fmt.Sprintf("the budget of %d throttled requests was spent before the measurement ended", l.o.MaxThrottled)
	case rec.throttled()+l.maybeThrottled(rec) >= l.o.MaxThrottled:
		return fmt.Sprintf("the budget of %d throttled requests would be spent by what is in flight or planned (%d throttled so far) before the measurement ended", l.o.MaxThrottled, rec.throttled())
	case now >= l.o.MaxTime:
		return fmt.Sprintf("the measurement needed more than %s", l.o.MaxTime)
	case l.o.MaxRequests > 0 && rec.Sent >= l.o.MaxRequests:
		return fmt.Sprintf("the cap of %d requests was reached before the measurement ended", l.o.MaxRequests)
	}
	return ""
}

// inTrains returns the far cycles under way, or nil.
func (l *limitProbe) inTrains() *farCyclesPhase {
	p, _ := l.cur.(*farCyclesPhase)
	return p
}

// inGaps returns the gap trains under way, or nil.
func (l *limitProbe) inGaps() *gapsPhase {
	p, _ := l.cur.(*gapsPhase)
	return p
}

// maybeThrottled is how many requests in flight may still come back
// throttled (see budget.go): at loopback none before the first throttle
// (the onset is served), InFlightAtRisk at most after it.
func (l *limitProbe) maybeThrottled(rec *Record) int {
	switch {
	case !l.onset.throttled && !l.far():
		return 0
	case l.far() && l.inGaps() != nil:
		return l.inGaps().atRisk(rec)
	case l.far() && l.inTrains() != nil:
		// a train goes over the credit it expects by a few, and the
		// refill checks follow it
		return l.inTrains().atRisk(l, rec)
	case l.far():
		// a round trip's worth is on its way, any of it may be throttled
		return rec.InFlight()
	}
	return min(rec.InFlight(), l.tun.InFlightAtRisk)
}

// note traces a step of the probe.
func (l *limitProbe) note(now time.Duration, rec *Record, format string, args ...any) {
	if l.o.Trace != nil {
		fmt.Fprintf(l.o.Trace, "%7.3fs sent %d in flight %d throttled %d: %s\n", now.Seconds(), rec.Sent, rec.InFlight(), rec.throttled(), fmt.Sprintf(format, args...))
	}
}

// stop ends the probe, unfinished, saying why.
func (l *limitProbe) stop(rec *Record, why string) (Send, bool) {
	l.note(0, rec, "stop: %s", why)
	l.m.Unfinished = why
	l.finish(rec)
	return Send{}, true
}

func (l *limitProbe) finish(rec *Record) {
	l.done, l.cur = true, nil
	l.m.TopRate = math.Max(l.m.TopRate, l.rate)
}

// pace sends at l.rate from paceAt.
func (l *limitProbe) pace(now time.Duration) Send {
	interval := time.Duration(float64(time.Second) / l.rate)
	at := l.paceAt + time.Duration(float64(l.paceSent)/l.rate*float64(time.Second))
	if at < now-time.Duration(l.tun.LateIntervals*float64(interval)) {
		// late (a stalled machine): go on from now rather than send the
		// missed requests in a bunch
		l.paceAt, l.paceSent, at = now, 0, now
	}
	if at <= now {
		l.paceSent++
		l.m.TopRate = math.Max(l.m.TopRate, l.rate)
	}
	return Send{At: at}
}

// setRate starts pacing at rate from now.
func (l *limitProbe) setRate(now time.Duration, rate float64) {
	l.rate, l.paceAt, l.paceSent = math.Min(rate, l.o.MaxRate), now, 0
}

// companion sends the shared-bucket check: right after a throttle of the
// probed operation, one request of the companion operation;
// Tuning.CompanionChecks in all.
func (l *limitProbe) companion(now time.Duration, rec *Record) (Send, bool) {
	if !l.o.Companion || !l.wantCompanion || l.companionAsked >= l.tun.CompanionChecks {
		return Send{}, false
	}
	l.wantCompanion = false
	l.companionAsked++
	return Send{At: now, Companion: true}, true
}
