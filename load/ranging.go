package load

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// ranging sends Tuning.RangingPings requests (the probe's own harmless
// request, so they count in the burst like any other), the first alone and the others
// together once it is answered, and sets the round trip from them: the median, and the spread
// (the slowest less the fastest). Then the onset begins.
func (l *limitProbe) ranging(now time.Duration, rec *Record) (Send, bool) {
	if len(rec.Hits) == 1 && rec.Hits[0].Fault && rec.Hits[0].Latency >= l.o.Timeout && l.o.Timeout > 0 {
		// the first request had no answer at all in the client's whole
		// timeout: a silent provider, and another round would take as
		// long again
		return l.stop(rec, fmt.Sprintf("no answer within %s to the first request", l.o.Timeout))
	}
	// the first alone (it opens a connection), then the others together:
	// two round trips, not three
	if l.pinged == 0 || l.pinged < l.tun.RangingPings && len(rec.Hits) >= 1 {
		l.pinged++
		return Send{At: now}, false
	}
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, false // the answer wakes the pacer
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
		l.rate = math.Min(l.rate, d+l.tun.BlindExcess/l.blindTime().Seconds())
		l.onsetRate = l.rate
	}
	l.trainEnd = rec.Sent + max(l.o.Documented, 1) + l.tun.TrainExtra
	l.setRate(now, l.rate)
	l.note(now, rec, "round trip %s (spread %s): onset at %.0f/s", l.m.RoundTrip.Round(time.Millisecond), l.m.RoundTripSpread.Round(time.Millisecond), l.rate)
	return l.onset(now, rec)
}

// far reports a round trip long enough to account for what is in flight
// (Tuning.FarRoundTrip): answers come so late that what is sent while
// they travel must be accounted for (blindTime, maybeThrottled).
func (l *limitProbe) far() bool { return l.m.RoundTrip >= l.tun.FarRoundTrip }

// blindTime is how long what is sent now travels before its answer is
// seen: the round trip and its spread.
func (l *limitProbe) blindTime() time.Duration { return l.m.RoundTrip + l.m.RoundTripSpread }

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
	// by when they were sent: the jitter places answers out of order,
	// and what the network itself reordered at the first throttle is
	// left out with a spread's worth after it (a quarter of the round
	// trip at least: three round trips measure the spread short)
	first, _ := rec.firstSentOf(Throttled)
	after := rec.sentFrom(first.Sent + max(l.m.RoundTripSpread, l.m.RoundTrip/4) + time.Millisecond)
	f := tailShapeFar(after, l.t1, l.tun)
	l.note(now, rec, "the tail, batch %d: %s", l.batches+1, f.why)
	switch {
	case f.verdict == tailTurned:
		l.resume = f.turn
		l.m.Window = time.Second
		return l.startFarCycles(now, rec, f.turn)
	case f.verdict == tailSmooth:
		return l.startHold(now, rec, l.onsetRate*float64(f.served)/float64(f.of))
	case f.verdict == tailWindow || l.batches >= l.tun.TailBatches:
		// throttled all along (or no clear answer in TailBatches
		// batches): a window, whose turn pilots find
		l.phase, l.pilotRef, l.pilotN = phasePilots, l.t1, 0
		return l.pilots(now, rec)
	}
	l.batches++
	l.tailUntil = rec.Sent + l.tun.TailBatch
	l.setRate(now, l.rate)
	return l.pace(now), false
}

// tailShapeFar judges the tail at a distance from its answers in the order
// they were sent (after, those the network may have reordered around the
// first throttle t1 left out). In sending order, a window that turns
// throttles and then serves, blurred by the network's reordering around
// the turn; a smooth limiter serves and throttles by turns all along: the
// split where the share served jumps tells.
func tailShapeFar(after []Hit, t1 time.Duration, t Tuning) tailFinding {
	k, before, afterShare := changePoint(after) // where the share served jumps
	served, throttled := 0, 0
	for _, h := range after {
		switch h.Class {
		case Served:
			served++
		case Throttled:
			throttled++
		}
	}
	n := served + throttled
	f := tailFinding{why: fmt.Sprintf("%d served, %d throttled; served %.0f%% then %.0f%% from the %d-th", served, throttled, 100*before, 100*afterShare, k+1)}
	h1, h2 := servedShare(after[:len(after)/2]), servedShare(after[len(after)/2:])
	switch {
	case served >= t.TurnRun && h2 >= t.TurnShare && (h1 <= h2-t.TurnJump || h1 >= t.TurnShare) && n-k >= t.TurnRun:
		// served again: the window turned (before the tail, when all of
		// it was served)
		f.verdict, f.turn = tailTurned, after[k].At
		switch {
		case h1 >= t.TurnShare:
			f.turn = (t1 + after[0].At) / 2
		case k > 0:
			f.turn = (after[k-1].At + after[k].At) / 2
		}
	case n >= t.SmoothEvidence && h1 >= t.SmoothLow && h2 >= t.SmoothLow && h1 <= t.SmoothHigh && h2 <= t.SmoothHigh &&
		math.Abs(h1-h2) < t.TurnJump && afterShare-before < t.SmoothJump:
		// served and throttled by turns all along: a smooth limiter
		f.verdict, f.served, f.of = tailSmooth, served, n
	case served == 0 && throttled >= t.TailBursty:
		f.verdict = tailWindow
	}
	return f
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

// onsetTrain bounds the onset at a distance: a train of the documented
// limit and a few more, then its answers; a window that holds no more than
// the documented limit has thrown by then, and what was sent blind past it
// is a few requests, not a round trip's worth. A train served in full may
// have straddled a fixed window's turn: a second one follows, as large,
// at full rate (a third of a second) and quiet (a second after anything
// was served); served in full too, the limiter holds more than a window of
// the documented limit (a bucket, a long window, a higher limit) and the
// onset goes on as at loopback. wait is true while the onset holds or
// paces the second train itself (s says when).
func (l *limitProbe) onsetTrain(now time.Duration, rec *Record) (s Send, wait bool) {
	if l.trains2 == 1 && rec.Sent < l.trainEnd {
		at := l.quietAt + time.Duration(float64(l.trainSent)/l.o.Start*float64(time.Second))
		if at <= now {
			l.trainSent++
			l.quietTo = now - rec.OneWay + l.tun.SentAfter
		}
		return Send{At: at}, true
	}
	if rec.Sent < l.trainEnd {
		return Send{}, false
	}
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, true // an answer wakes the pacer
	}
	l.trains2++
	l.note(now, rec, "the onset's train %d was served in full", l.trains2)
	if l.trains2 == 1 {
		l.quietAt = l.quietStart(now, rec, 0)
		l.trainEnd, l.trainSent = rec.Sent+max(l.o.Documented, 1)+l.tun.TrainExtra, 0
		return Send{At: l.quietAt}, true
	}
	l.setRate(now, l.rate)
	l.rateAt = now
	return Send{}, false
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
