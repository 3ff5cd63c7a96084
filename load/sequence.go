package load

import (
	"fmt"
	"math"
	"time"
)

// The limit probe's phases and the sequencer that chains them:
//
//	ranging → onset → tail → hold                        a smooth limiter
//	                       → gaps                        one far away (GapsFrom)
//	                       → trains → gaps               one the refill check found
//	                       → cycles | trains             a second's window, turned at once
//	                       → pilots → cycles | trains    a second's window
//	                                → long cycle → pilots  a long window, and its length
//	cycles that serve nothing a second on → pilots       a long window after all
//
// Each phase paces requests (with the probe's one pacer) until it knows,
// and returns a typed finding; after turns the finding into the next
// phase or the measurement. Trains are the cycles at a distance; gap
// trains measure a token bucket there.

// A phase is one stage of the probe.
type phase interface {
	step(l *limitProbe, now time.Duration, rec *Record) (Send, finding)
}

// A finding is what a phase found: rangingFinding, onsetFinding, tailFinding,
// pilotsFinding, cyclesFinding, trainsFinding, holdFinding, gapsFinding.
type finding interface{ isFinding() }

// begin starts a phase.
func (l *limitProbe) begin(now time.Duration, rec *Record, p phase) (Send, bool) {
	l.cur = p
	return l.run(now, rec)
}

// run steps the phase under way, and hands its finding to the sequencer.
func (l *limitProbe) run(now time.Duration, rec *Record) (Send, bool) {
	s, f := l.cur.step(l, now, rec)
	if f == nil {
		return s, false
	}
	l.cur = nil
	return l.after(now, rec, f)
}

// after is the sequencer: what follows a finding.
func (l *limitProbe) after(now time.Duration, rec *Record, f finding) (Send, bool) {
	switch f := f.(type) {
	case rangingFinding:
		return l.afterRanging(now, rec, f)
	case onsetFinding:
		l.onset = f
		if f.over {
			l.m.NotThrottled = true
			break
		}
		l.setRate(now, math.Max(l.tun.TailShare*l.rate, 1))
		return l.begin(now, rec, &tailPhase{})
	case tailFinding:
		switch f.verdict {
		case tailTurned:
			// served again right after the burst: a one-second window
			l.resume = f.turn
			l.m.Window = time.Second
			if l.far() {
				return l.startFarCycles(now, rec, f.turn)
			}
			return l.startCycles(now, rec, f.turn, f.turn, false)
		case tailSmooth:
			if l.blindTime() >= l.tun.GapsFrom {
				// a hold this far would go over the limit blind for too
				// long: the gap trains, from the tail's last throttled
				// request (the bucket was empty then; what it served of
				// the tail after that, it had earned since)
				emptied, before := rec.lastThrottledSent()
				return l.startGaps(now, rec, trainsFinding{emptied: emptied, before: before, burst: rec.count(Served, l.m.burstFrom(), l.onset.t1+l.jitter())}, tailSmoothVerdict)
			}
			return l.startHold(now, rec, f.estimated)
		case tailEven:
			return l.stopEven(now, rec, f.evenAt)
		}
		return l.startPilots(now, rec, l.onset.t1, false)
	case pilotsFinding:
		return l.afterPilots(now, rec, f)
	case cyclesFinding:
		return l.afterCycles(now, rec, f)
	case trainsFinding:
		return l.afterTrains(now, rec, f)
	case gapsFinding:
		return l.afterGaps(rec, f)
	case holdFinding:
		if f.under {
			l.m.Unfinished = "the hold was not over the limit all along"
		}
		l.m.Sustained, l.m.Seconds, l.m.Stalled = f.sustained, f.seconds, f.stalled
		l.m.Method, l.m.HoldRate, l.m.Window = "hold", f.rate, time.Second
	}
	l.finish(rec)
	return Send{}, true
}

// afterPilots follows a served pilot: the window turned. After the first
// throttle, within about a second it is a second's window, measured in
// cycles; later, a long window, whose allowance a long cycle spends. In a
// long window's second stretch, the window's length is known.
func (l *limitProbe) afterPilots(now time.Duration, rec *Record, f pilotsFinding) (Send, bool) {
	if f.long {
		return l.endLongWindow(rec, f.served)
	}
	l.resume = f.served
	switch {
	case f.gap <= l.tun.PerSecondGap && l.far():
		l.m.Window = time.Second
		return l.startFarCycles(now, rec, f.turn)
	case f.gap <= l.tun.PerSecondGap:
		l.m.Window = time.Second
		return l.startCycles(now, rec, f.served, f.served, false)
	}
	l.m.LongWindow = true
	l.m.ThrottledFor = f.gap
	if l.far() {
		return l.stop(rec, "a window longer than a second, at a distance: not measured yet")
	}
	return l.startCycles(now, rec, f.served, f.served, true) // the allowance is spent fast
}

// afterRanging sets the round trip, and begins the onset.
func (l *limitProbe) afterRanging(now time.Duration, rec *Record, f rangingFinding) (Send, bool) {
	if f.silent != "" {
		return l.stop(rec, f.silent)
	}
	l.m.RoundTrip, l.m.RoundTripSpread = f.roundTrip, f.spread
	// the one-way share: hits from now on are placed when the provider
	// answered them, and now moves on by it (the pacer adds it)
	rec.OneWay = l.m.RoundTrip / 2
	now += rec.OneWay
	l.m.OnsetAt = now
	if l.far() {
		// what is sent at a distance goes out blind for a round trip:
		// the onset goes over the documented rate by no more than the
		// blind allowance over that time (an evenly spaced limiter
		// throttles all of that excess), and no faster than the budget
		// covers a blind time of (blindRate)
		d := float64(max(l.o.Documented, 1))
		l.rate = math.Min(l.rate, math.Min(d+l.tun.BlindExcess/l.blindTime().Seconds(), l.blindRate()))
	}
	l.setRate(now, l.rate)
	l.note(now, rec, "round trip %s (spread %s): onset at %.0f/s", l.m.RoundTrip.Round(time.Millisecond), l.m.RoundTripSpread.Round(time.Millisecond), l.rate)
	return l.begin(now, rec, &onsetPhase{rateAt: now, trainEnd: rec.Sent + max(l.o.Documented, 1) + l.tun.TrainExtra})
}

// afterCycles records what the cycles found; a long window's pilots
// follow a cycle that ended in one.
func (l *limitProbe) afterCycles(now time.Duration, rec *Record, f cyclesFinding) (Send, bool) {
	switch f.verdict {
	case cyclesMeasured:
		l.m.Sustained, l.m.Cycles, l.m.Method, l.m.FixedPhase = f.sustained, f.counts, "cycles", f.fixed
	case cyclesDisagree:
		l.m.Unfinished = fmt.Sprintf("the cycles served %v requests: they do not agree", f.counts)
	case cyclesLong:
		if f.found {
			// the window had not turned a second after the last one: a long window
			l.m.LongWindow, l.m.ThrottledFor, l.resume = true, f.throttledFor, f.resume
		}
		l.m.Allowance, l.allowance = f.allowance, f.span
		return l.startPilots(now, rec, f.throttle, true)
	}
	l.finish(rec)
	return Send{}, true
}

// afterTrains records what the trains found, or why they stopped.
func (l *limitProbe) afterTrains(now time.Duration, rec *Record, f trainsFinding) (Send, bool) {
	switch f.next {
	case trainsRefilled:
		return l.startGaps(now, rec, f, refillVerdict)
	case trainsLong:
		l.m.LongWindow, l.m.ThrottledFor = true, f.throttledFor
		return l.stop(rec, "a window longer than a second, at a distance: not measured yet")
	case trainsDisagree:
		return l.stop(rec, "the trains did not agree")
	}
	l.m.Sustained, l.m.Cycles = f.sustained, f.counts
	l.m.Method, l.m.FixedPhase = "cycles", f.fixed
	l.finish(rec)
	return Send{}, true
}
