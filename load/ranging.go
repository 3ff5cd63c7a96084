package load

import (
	"math"
	"slices"
	"time"
)

// rangingPings is how many requests, one at a time, measure the round
// trip before the onset. They are the probe's own harmless request, so
// they count in the burst like any other.
const rangingPings = 3

// farRoundTrip is the round trip from which the probe works at a
// distance: answers come so late that what is sent while they travel
// must be accounted for (see limitProbe.blind).
const farRoundTrip = 20 * time.Millisecond

// ranging sends rangingPings requests, each once the one before is
// answered, and sets the round trip from them: the median, and the spread
// (the slowest less the fastest). Then the onset begins.
func (l *limitProbe) ranging(now time.Duration, rec *Record) (Send, bool) {
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, false // the answer wakes the pacer
	}
	if l.pinged < rangingPings {
		l.pinged++
		return Send{At: now}, false
	}
	var lat []time.Duration
	for _, h := range rec.Hits {
		if !h.Fault {
			lat = append(lat, h.Latency)
		}
	}
	if len(lat) == 0 {
		// transport faults only: outOfBudget says so as more come
		lat = []time.Duration{0}
	}
	slices.Sort(lat)
	l.m.RoundTrip = lat[len(lat)/2]
	l.m.RoundTripSpread = lat[len(lat)-1] - lat[0]
	// the one-way share: hits from now on are placed when the provider
	// answered them, and now moves on by it (the pacer adds it)
	rec.OneWay = l.m.RoundTrip / 2
	now += rec.OneWay
	l.phase, l.rateAt, l.m.OnsetAt = phaseOnset, now, now
	if l.far() {
		// what is sent at a distance goes out blind for a round trip:
		// the onset goes over the documented rate by no more than the
		// blind allowance over that time (an evenly spaced limiter
		// throttles all of that excess)
		d := float64(max(l.o.Documented, 1))
		l.rate = math.Min(l.rate, d+blindExcess/l.blindTime().Seconds())
		l.onsetRate = l.rate
	}
	l.setRate(now, l.rate)
	l.note(now, rec, "round trip %s (spread %s): onset at %.0f/s", l.m.RoundTrip.Round(time.Millisecond), l.m.RoundTripSpread.Round(time.Millisecond), l.rate)
	return l.onset(now, rec)
}

// far reports a round trip long enough to account for what is in flight.
func (l *limitProbe) far() bool { return l.m.RoundTrip >= farRoundTrip }

// blindTime is how long what is sent now travels before its answer is
// seen: the round trip and its spread.
func (l *limitProbe) blindTime() time.Duration { return l.m.RoundTrip + l.m.RoundTripSpread }

// tailBatch is how many requests a tail at a distance sends after what
// went out blind past the first throttle, before it looks again.
const tailBatch = 6

// farTail tells a window from a smooth limiter at a distance. What went
// out blind after the first throttle is the tail already: its answers are
// read first, and only when they do not tell, a batch of a few more is
// sent and read in turn. Answers placed within the jitter of the first
// throttle may have crossed it on the way and say nothing.
func (l *limitProbe) farTail(now time.Duration, rec *Record) (Send, bool) {
	if rec.Sent < l.tailUntil {
		return l.pace(now), false
	}
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, false // an answer wakes the pacer
	}
	served, throttled, between, inRow := 0, 0, 0, 0
	for _, h := range rec.Main(l.t1 + l.jitter()) {
		switch h.Class {
		case Served:
			served++
			inRow++
		case Throttled:
			throttled++
			if served > 0 {
				between++
			}
			inRow = 0
		}
	}
	l.note(now, rec, "the tail: %d served, %d throttled, %d throttled after a served one", served, throttled, between)
	switch {
	case served >= turnRun && between == 0 && inRow >= turnRun:
		// served again in a row: the window turned right after the burst
		first, _ := rec.first(Served, l.t1+l.jitter())
		l.resume = first.At
		l.m.Window = time.Second
		return l.startCycle(now, rec, first.At, first.At)
	case served >= 2 && between >= 1:
		// served and throttled by turns: a smooth limiter
		l.estimated = l.onsetRate * float64(served) / float64(served+throttled)
		return l.startHold(now, rec)
	case served == 0 && throttled >= tailBursty:
		l.phase, l.pilotRef, l.pilotN = phasePilots, l.t1, 0
		return l.pilots(now, rec)
	}
	l.tailUntil = rec.Sent + tailBatch
	l.setRate(now, l.rate)
	return l.pace(now), false
}

// jitter is how far an answer's place in time may be off, at a distance:
// one and a half times the spread of the round trips measured (0 at
// loopback).
func (l *limitProbe) jitter() time.Duration {
	if !l.far() {
		return 0
	}
	return l.m.RoundTripSpread * 3 / 2
}
