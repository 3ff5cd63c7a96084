package load

import (
	"fmt"
	"time"
)

// An evenly spaced limiter without tolerance (GCRA, burst 1) at a
// distance: each connection's jitter moves arrivals at the provider by
// tens of milliseconds, so the spacing it enforces cannot be read from
// the spacing the probe sends, within the budget. Its signature survives
// the jitter: from a quiet start at about the documented rate it
// throttles among the very first requests, and serves and throttles by
// turns from there on; a window or a bucket serves its first burst in
// full (one of Tuning.EvenFirst or half the documented limit does). The probe
// names it and says it cannot measure it, rather than read it as a window
// or not at all.

// evenSignature reports the signature of an evenly spaced limiter in the
// probe's first EvenWithin answers, in the order they were sent (the
// ranging's included): the first throttle among the first EvenFirst (and
// the first half of the documented limit), then at least EvenServed
// served after it, EvenShare of those after it or more. A window of a
// tenth of the documented limit, whose credit comes back one request at
// a time, serves fewer. at is the first throttle's place (0-based); ok
// false while it cannot tell.
func evenSignature(rec *Record, documented int, t Tuning) (at int, ok bool) {
	hits := rec.sentFrom(0)
	first, served, after := -1, 0, 0
	for i, h := range hits[:min(len(hits), t.EvenWithin)] {
		switch {
		case h.Class == Throttled && first < 0:
			first = i
		case first < 0 || h.Class == Other:
		case h.Class == Served:
			served++
			after++
		default:
			after++
		}
	}
	ok = first >= 0 && first < min(t.EvenFirst, max(documented/2, 1)) &&
		served >= t.EvenServed && float64(served) >= t.EvenShare*float64(after)
	return first, ok
}

// stopEven ends the probe at a distance on an evenly spaced limiter's
// signature: its shape named, its limit said not measurable.
func (l *limitProbe) stopEven(now time.Duration, rec *Record, at int) (Send, bool) {
	l.m.Even = true
	l.note(now, rec, "throttled from request %d of a quiet start, then served and throttled by turns: an evenly spaced limiter", at+1)
	return l.stop(rec, evenVerdict(l.m.RoundTrip, l.m.RoundTripSpread))
}

// evenVerdict is why an evenly spaced limiter is not measured at a
// distance: the jitter (half the spread of the round trips measured).
func evenVerdict(roundTrip, spread time.Duration) string {
	if j := (spread / 2).Round(time.Millisecond); j >= time.Millisecond {
		return fmt.Sprintf("evenly spaced limiter (%s); its limit is not measurable through ±%d ms of jitter: probe from closer", ShapeEven, j.Milliseconds())
	}
	return fmt.Sprintf("evenly spaced limiter (%s); its limit is not measurable at a round trip of %d ms: probe from closer", ShapeEven, roundTrip.Round(time.Millisecond).Milliseconds())
}
