package load

import (
	"fmt"
	"slices"
	"time"
)

// rangingPhase sends Tuning.RangingPings requests (the probe's own
// harmless request, so they count in the burst like any other), the first
// alone and the others together once it is answered, and finds the round
// trip from them: the median, and the spread (the slowest less the
// fastest). Then the onset begins.
type rangingPhase struct {
	pinged int // requests sent
}

// rangingFinding is the round trip and its spread, or why the provider
// is silent.
type rangingFinding struct {
	roundTrip, spread time.Duration
	silent            string
}

func (rangingFinding) isFinding() {}

func (p *rangingPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	if len(rec.Hits) == 1 && rec.Hits[0].Fault && rec.Hits[0].Latency >= l.o.Timeout && l.o.Timeout > 0 {
		// the first request had no answer at all in the client's whole
		// timeout: a silent provider, and another round would take as
		// long again
		return Send{}, rangingFinding{silent: fmt.Sprintf("no answer within %s to the first request", l.o.Timeout)}
	}
	// the first alone (it opens a connection), then the others together:
	// two round trips, not three
	if p.pinged == 0 || p.pinged < l.tun.RangingPings && len(rec.Hits) >= 1 {
		p.pinged++
		return Send{At: now}, nil
	}
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, nil // the answer wakes the pacer
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
	return Send{}, rangingFinding{roundTrip: lat[len(lat)/2], spread: lat[len(lat)-1] - lat[0]}
}

// far reports a round trip long enough to account for what is in flight
// (Tuning.FarRoundTrip): answers come so late that what is sent while
// they travel must be accounted for (blindTime, maybeThrottled).
func (l *limitProbe) far() bool { return l.m.RoundTrip >= l.tun.FarRoundTrip }

// blindTime is how long what is sent now travels before its answer is
// seen: the round trip and its spread.
func (l *limitProbe) blindTime() time.Duration { return l.m.RoundTrip + l.m.RoundTripSpread }

// blindRate is the fastest the probe may send at a distance before the
// first throttle: every request sent within a blind time may come back
// throttled, so what a blind time holds at that rate is what the budget
// covers (one kept for the first throttle's tail to be read).
func (l *limitProbe) blindRate() float64 {
	return float64(max(l.o.MaxThrottled-1, 1)) / l.blindTime().Seconds()
}

// jitter is how far an answer's place in time may be off, at a distance:
// one and a half times the spread of the round trips measured (0 at
// loopback).
func (l *limitProbe) jitter() time.Duration {
	if !l.far() {
		return 0
	}
	return time.Duration(float64(l.m.RoundTripSpread) * l.tun.JitterSpread)
}

// turnOf is when a window turned, from hits in the order they were sent:
// halfway between the last throttled before the first served and it.
func turnOf(hits []Hit) time.Duration {
	var before time.Duration = -1
	for _, h := range hits {
		switch h.Class {
		case Throttled:
			before = h.At
		case Served:
			if before < 0 || before > h.At {
				return h.At
			}
			return (before + h.At) / 2
		}
	}
	return 0
}

// changePoint finds where, in hits in sending order, the share served
// jumps most: the index k of the first hit after the split, the share
// served before it and from it on (k = 0 when there are too few).
func changePoint(hits []Hit) (k int, before, after float64) {
	best := -2.0
	for i := 1; i < len(hits); i++ {
		b, a := servedShare(hits[:i]), servedShare(hits[i:])
		if a-b > best {
			best, k, before, after = a-b, i, b, a
		}
	}
	if len(hits) > 0 && best == -2.0 {
		return 0, 0, servedShare(hits)
	}
	return k, before, after
}

// servedShare is the share of hits served, of those served or throttled.
func servedShare(hits []Hit) float64 {
	s, n := 0, 0
	for _, h := range hits {
		switch h.Class {
		case Served:
			s++
			n++
		case Throttled:
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(s) / float64(n)
}

// quietStart is the earliest a train may start quiet: a second after the
// provider last served (and after since), the jitter included, and not
// before now. A sliding window has given all its credit back by then, and
// a fixed one is in a period nobody has used.
func (l *limitProbe) quietStart(now time.Duration, rec *Record, since time.Duration) time.Duration {
	return max(now+l.tun.NowMargin, max(since, rec.lastServed())+time.Second+l.jitter()+l.tun.QuietMargin)
}
