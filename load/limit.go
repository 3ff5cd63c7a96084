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

func (o *LimitOptions) defaults() {
	d := float64(max(o.Documented, 1))
	if o.MaxRate <= 0 {
		o.MaxRate = math.Max(8*d, 16)
	}
	o.MaxRate = math.Min(o.MaxRate, maxRate)
	if o.Start <= 0 {
		o.Start = 3 * d
	}
	o.Start = math.Min(o.Start, o.MaxRate)
	if o.MaxThrottled <= 0 {
		o.MaxThrottled = DefaultMaxThrottled
	}
	if o.MaxTime <= 0 {
		o.MaxTime = DefaultMaxTime
	}
}

// The probe's timing. Pilots are single requests that find when the
// provider serves again after a throttle, cheaply: at these offsets from
// it, then every pilotEvery.
var pilotOffsets = []time.Duration{40, 100, 150, 250, 400, 550, 700, 850, 1000, 1150, 1300}

const (
	pilotEvery    = 450 * time.Millisecond  // in a long window: under half a second, so its length rounds right
	perSecondGap  = 1300 * time.Millisecond // served again within this: a one-second window
	cycleShift    = 300 * time.Millisecond  // the third cycle starts this late, to tell fixed from sliding
	checkAfter    = 150 * time.Millisecond  // the fixed-or-sliding pilot, after the second boundary
	cycleLead     = 50 * time.Millisecond   // later cycles start this much after a whole second
	holdOver      = 1.1                     // the hold sends at holdOver×estimate + holdExtra (+ a calibration count)
	calibration   = 400 * time.Millisecond
	holdExtra     = 2.0
	maxCycles     = 5
	tailBursty    = 5    // throttled in a row after the first throttle: the window is bursty
	tailServed    = 4    // served after the first throttle: the limiter refills smoothly
	tailMaxThrott = 12   // the most the tail may spend
	tailShare     = 0.75 // the tail goes at this share of the onset's rate
	turnRun       = 3    // served in a row after the first throttle: the window turned
	extendAfter   = 1500 * time.Millisecond
	rampEvery     = 500 * time.Millisecond
	blindExcess   = 8.0 // at a distance, the most the onset sends over the documented rate in a blind round trip
	trainExtra    = 3   // at a distance, the onset's first train is the documented limit and this many
	cycleExtra    = 3   // at a distance, a cycle sends what the last one served and this many, then looks
)

type limitPhase int

const (
	phaseRanging limitPhase = iota
	phaseOnset
	phaseTail
	phasePilots
	phaseCycle
	phaseLongPilots
	phaseLongCycle
	phaseHold
	phaseFarCycle
	phaseDone
)

// limitProbe is the schedule that measures a limit. It opens at a rate
// over the limit until the first throttle (the burst), then tells a
// bursty limiter (a window: sliding, fixed, long) from a smooth one (a
// token bucket, evenly spaced) by the few requests after it:
//   - a window is measured in cycles: each opens at full pressure when the
//     window has turned and stops at its first throttle; what a cycle
//     serves is the credit that came back in one window, and a cycle
//     shifted in time tells a fixed window (it keeps its phase) from a
//     sliding one (it follows the sender);
//   - a smooth limiter is held just over its rate, and what it serves per
//     whole second is counted.
//
// It stops as soon as it knows, and before it spends MaxThrottled
// throttled requests or MaxTime.
type limitProbe struct {
	o      LimitOptions
	m      *Measurement
	phase  limitPhase
	pinged int // ranging requests sent

	pilotSentFrom time.Duration // far: pilots went out from then on (the sender's clock; 0 = none yet)
	trains2       int           // far: the onset's trains answered in full (two at most)
	trainEnd      int           // far: the onset's current train ends when this many are sent
	trainSent     int           // far: requests of the onset's second train sent
	quietAt       time.Duration // far: when the onset's second train starts
	quietTo       time.Duration // far: its requests went out before this (the sender's clock)
	tailUntil     int           // far: the tail sends until this many are sent, then looks
	batches       int           // far: tail batches sent
	turn          time.Duration // far: when the window was seen to turn (served again after the burst)
	trains        []train       // far: the cycles, each a train of a set size
	refillAsked   bool          // far: the refill check was made

	rate         float64         // the rate of the current pacing
	paceAt       time.Duration   // when the current pacing began
	paceSent     int             // requests sent since
	rateAt       time.Duration   // when the onset's rate last changed
	onsetRate    float64         // the rate at the first throttle
	cycleRate    float64         // the rate of every cycle
	replica      []time.Duration // the served requests of the last cycle, which this one follows
	replicaShift time.Duration
	cycleSent    int
	allowance    [2]time.Duration // a long window's cycle: from its turn to its first throttle
	raisedAt     time.Duration    // when a cycle last raised its rate

	t1       time.Duration // the first throttle
	pilotRef time.Duration // pilots count from here
	pilotN   int           // pilots sent since pilotRef
	resume   time.Duration // the served pilot that ended a throttled stretch

	cycleStart []time.Duration // when each cycle began (index = cycle - 2)
	cycleFrom  []time.Duration // from when a cycle's served ones count
	cycleEnd   []time.Duration // its first throttle
	cycleGot   []int           // what each cycle served
	checkAt    time.Duration   // the fixed-or-sliding pilot (0 = none yet)
	checkSent  bool

	companionAsked int // companion requests sent
	wantCompanion  bool

	holdAt    time.Duration
	calibAt   time.Duration // the first throttle of the hold, its calibration starts (-1 = none yet)
	anchor    time.Duration // counting starts (-1 = not yet)
	holdSecs  int           // whole seconds to count
	estimated float64
}

func newLimitProbe(o LimitOptions) *limitProbe {
	o.defaults()
	return &limitProbe{o: o, m: &Measurement{}, rate: o.Start, t1: -1, anchor: -1, calibAt: -1, onsetRate: o.Start}
}

// Next implements Schedule.
func (l *limitProbe) Next(now time.Duration, rec *Record) (Send, bool) {
	if l.phase == phaseDone {
		return Send{}, true
	}
	if why := l.outOfBudget(now, rec); why != "" {
		if l.phase == phasePilots && now-l.pilotRef > perSecondGap {
			// no pilot served yet, well past a second: what is known is
			// that the window is long (and at least this long)
			l.m.LongWindow, l.m.ThrottledFor = true, now-l.pilotRef
		}
		return l.stop(rec, why)
	}
	if s, ok := l.companion(now, rec); ok {
		return s, false
	}
	switch l.phase {
	case phaseRanging:
		return l.ranging(now, rec)
	case phaseOnset:
		return l.onset(now, rec)
	case phaseTail:
		return l.tail(now, rec)
	case phasePilots, phaseLongPilots:
		return l.pilots(now, rec)
	case phaseCycle, phaseLongCycle:
		return l.cycling(now, rec)
	case phaseFarCycle:
		return l.farCycling(now, rec)
	case phaseHold:
		return l.hold(now, rec)
	}
	return Send{}, true
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
	case len(rec.Hits) >= 10 && faults*10 >= len(rec.Hits)*8:
		return fmt.Sprintf("%d of %d answers were transport faults or not Alibaba's", faults, len(rec.Hits))
	case rec.throttled()+l.maybeThrottled(rec) >= l.o.MaxThrottled:
		return fmt.Sprintf("the budget of %d throttled requests was spent before the measurement ended", l.o.MaxThrottled)
	case now >= l.o.MaxTime:
		return fmt.Sprintf("the measurement needed more than %s", l.o.MaxTime)
	case l.o.MaxRequests > 0 && rec.Sent >= l.o.MaxRequests:
		return fmt.Sprintf("the cap of %d requests was reached before the measurement ended", l.o.MaxRequests)
	}
	return ""
}

// maybeThrottled is how many requests in flight may still come back
// throttled: none before the first throttle (the onset is served).
func (l *limitProbe) maybeThrottled(rec *Record) int {
	switch {
	case l.t1 < 0:
		return 0
	case l.far() && l.phase == phaseFarCycle:
		// a train goes over what the last one served by a few, and the
		// refill checks follow it
		return min(rec.InFlight(), cycleExtra+refillChecks)
	case l.far():
		// a round trip's worth is on its way, any of it may be throttled
		return rec.InFlight()
	}
	return min(rec.InFlight(), 3)
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
	l.phase = phaseDone
	l.m.TopRate = math.Max(l.m.TopRate, l.rate)
}

// pace sends at l.rate from paceAt.
func (l *limitProbe) pace(now time.Duration) Send {
	interval := time.Duration(float64(time.Second) / l.rate)
	at := l.paceAt + time.Duration(float64(l.paceSent)/l.rate*float64(time.Second))
	if at < now-2*interval {
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

func (l *limitProbe) onset(now time.Duration, rec *Record) (Send, bool) {
	if th, ok := rec.first(Throttled, 0); ok {
		l.t1, l.onsetRate = th.At, l.rate
		l.note(now, rec, "first throttle at %.3fs, %d served before it", th.At.Seconds(), rec.count(Served, 0, th.At))
		l.phase = phaseTail
		l.setRate(now, math.Max(tailShare*l.rate, 1))
		return l.tail(now, rec)
	}
	if l.far() && l.trains2 < 2 {
		if s, wait := l.onsetTrain(now, rec); wait {
			return s, false
		}
	}
	step := extendAfter
	if l.o.Ramp {
		step = rampEvery
	}
	if now-l.rateAt >= step {
		if l.rate >= l.o.MaxRate {
			if rec.count(Served, 0, now) <= l.windowProof() {
				// a window of up to MaxTime could still have turned
				// while the onset ran: go on at the top until it
				// would have thrown
				return l.pace(now), false
			}
			l.m.NotThrottled = true
			l.finish(rec)
			return Send{}, true
		}
		next := l.o.MaxRate // not throttled at three times the limit: straight to the top
		if l.o.Ramp {
			next = 1.5 * l.rate
		}
		if l.far() {
			// at a distance a round trip goes out blind at whatever rate
			// this is: a smooth limiter throttles all of the excess
			next = math.Min(next, math.Max(l.rate, 2*float64(max(l.o.Documented, 1))))
		}
		l.setRate(now, next)
		l.rateAt = now
	}
	return l.pace(now), false
}

// windowProof is how many requests an enforced limit could serve without
// one throttle to a sender that began anywhere in a window of up to
// MaxTime, the longest the probe measures: two windows' worth, the end of
// one and the whole next. Served more than that unthrottled, the limit is
// not enforced over any such window. Fewer could be a long window that
// turned while the onset ran (a fixed 10 s window of 100 serves 167
// requests in 3 s to a sender that starts 8 s into it).
func (l *limitProbe) windowProof() int { return windowProof(l.o.Documented, l.o.MaxTime) }

func windowProof(documented int, maxTime time.Duration) int {
	return int(2 * float64(max(documented, 1)) * maxTime.Seconds())
}

// tail goes on at half the onset's rate right after the first throttle,
// until it is clear whether the limiter serves again at once (smooth) or
// throttles everything for a while (a window).
func (l *limitProbe) tail(now time.Duration, rec *Record) (Send, bool) {
	if l.far() {
		return l.farTail(now, rec)
	}
	// requests sent within a moment of the first throttle may have been
	// reordered on their way: they say nothing about the limiter's shape
	after := rec.Main(l.t1 + min(2*time.Millisecond, time.Duration(0.4*float64(time.Second)/l.onsetRate)))
	served, run, throttled, between, inRow := 0, 0, 0, 0, 0
	var firstServed, lastServed time.Duration
	for _, h := range after {
		switch h.Class {
		case Served:
			if served == 0 {
				firstServed = h.At
			}
			served++
			inRow++
			lastServed = h.At
		case Throttled:
			throttled++
			if served == 0 {
				run++
			} else {
				between++
			}
			if served < turnRun {
				inRow = 0
			}
		}
	}
	switch {
	case served >= turnRun && between == 0 && inRow >= max(turnRun, rec.count(Served, 0, l.t1)/4) &&
		lastServed-firstServed >= time.Duration(1.5*float64(time.Second)/l.rate):
		// served again in a row: the window turned right after the burst
		l.resume = firstServed
		l.m.Window = time.Second
		return l.startCycle(now, rec, firstServed, firstServed)
	case served >= turnRun && between >= 2 || (served >= 2 && throttled >= tailMaxThrott):
		l.estimated = float64(served-1) / (lastServed - firstServed).Seconds()
		if served < 2 || math.IsInf(l.estimated, 0) || l.estimated <= 0 {
			l.estimated = l.rate
		}
		return l.startHold(now, rec)
	case run >= tailBursty || throttled >= tailMaxThrott:
		l.phase, l.pilotRef, l.pilotN = phasePilots, l.t1, 0
		return l.pilots(now, rec)
	}
	return l.pace(now), false
}

// companion sends the shared-bucket check: right after a throttle of the
// probed operation, one request of the companion operation; two in all.
func (l *limitProbe) companion(now time.Duration, rec *Record) (Send, bool) {
	if !l.o.Companion || !l.wantCompanion || l.companionAsked >= 2 {
		return Send{}, false
	}
	l.wantCompanion = false
	l.companionAsked++
	return Send{At: now, Companion: true}, true
}
