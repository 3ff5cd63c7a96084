package load

import (
	"fmt"
	"math"
	"time"
)

// tailPhase goes on right after the first throttle at Tuning.TailShare of
// the onset's rate, until it is clear whether the limiter serves again at
// once (smooth) or throttles everything for a while (a window). At a
// distance what went out blind after the first throttle is the tail
// already: its answers are read first, and only when they do not tell, a
// batch of a few more is sent and read in turn.
type tailPhase struct {
	until   int // far: it sends until this many are sent, then looks
	batches int // far: batches sent
}

func (p *tailPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	if l.far() {
		return p.far(l, now, rec)
	}
	// requests sent within a moment of the first throttle may have been
	// reordered on their way: they say nothing about the limiter's shape
	after := rec.Main(l.onset.t1 + min(l.tun.ReorderMax, time.Duration(l.tun.ReorderShare*float64(time.Second)/l.onset.rate)))
	if f := tailShape(after, rec.count(Served, 0, l.onset.t1), l.rate, l.tun); f.verdict != tailUndecided {
		return Send{}, f
	}
	return l.pace(now), nil
}

// far reads the tail at a distance. Answers placed within the jitter of
// the first throttle may have crossed it on the way and say nothing.
func (p *tailPhase) far(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	if rec.Sent < p.until {
		return l.pace(now), nil
	}
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, nil // an answer wakes the pacer
	}
	// by when they were sent: the jitter places answers out of order,
	// and what the network itself reordered at the first throttle is
	// left out with a spread's worth after it (a quarter of the round
	// trip at least: three round trips measure the spread short)
	first, _ := rec.firstSentOf(Throttled)
	after := rec.sentFrom(first.Sent + max(l.m.RoundTripSpread, l.m.RoundTrip/4) + time.Millisecond)
	f := tailShapeFar(after, l.onset.t1, l.tun)
	l.note(now, rec, "the tail, batch %d: %s", p.batches+1, f.why)
	if at, ok := evenSignature(rec, l.o.Documented, l.tun); ok {
		return Send{}, tailFinding{verdict: tailEven, evenAt: at}
	}
	switch {
	case f.verdict == tailSmooth:
		f.estimated = l.onset.rate * float64(f.served) / float64(f.of)
		return Send{}, f
	case f.verdict == tailTurned:
		return Send{}, f
	case f.verdict == tailWindow || p.batches >= l.tun.TailBatches:
		// throttled all along (or no clear answer in TailBatches
		// batches): a window, whose turn pilots find
		f.verdict = tailWindow
		return Send{}, f
	}
	p.batches++
	p.until = rec.Sent + l.tun.TailBatch
	l.setRate(now, l.rate)
	return l.pace(now), nil
}

// tailVerdict is what the answers after the first throttle say.
type tailVerdict int

const (
	tailUndecided tailVerdict = iota // not yet: the tail goes on
	tailTurned                       // served again in a row: a window turned right after the burst
	tailSmooth                       // served and throttled by turns: a smooth limiter, to hold
	tailWindow                       // throttled all along: a window, whose turn pilots find
	tailEven                         // far: an evenly spaced limiter's signature (evenSignature)
)

// tailFinding is the tail's verdict, with when the window turned
// (tailTurned) or the rate the tail was served at (tailSmooth).
type tailFinding struct {
	verdict    tailVerdict
	turn       time.Duration
	estimated  float64 // tailSmooth: the rate the tail was served at
	served, of int     // at a distance: served of the tail's answers
	why        string  // at a distance: what the tail's answers were
	evenAt     int     // tailEven: where the first throttle was
}

func (tailFinding) isFinding() {}

// tailShape judges the tail at loopback from its answers in the order the
// provider gave them (after), the burst (served before the first
// throttle) and the tail's rate.
func tailShape(after []Hit, burst int, rate float64, t Tuning) tailFinding {
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
			if served < t.TurnRun {
				inRow = 0
			}
		}
	}
	switch {
	case served >= t.TurnRun && between == 0 && inRow >= max(t.TurnRun, burst/t.TurnBurstDivisor) &&
		lastServed-firstServed >= time.Duration(t.TurnIntervals*float64(time.Second)/rate):
		return tailFinding{verdict: tailTurned, turn: firstServed}
	case served >= t.TurnRun && between >= 2 || (served >= 2 && throttled >= t.TailMaxThrottled):
		// two served at least make a rate
		est := float64(served-1) / (lastServed - firstServed).Seconds()
		if served < 2 || math.IsInf(est, 0) || est <= 0 {
			est = rate
		}
		return tailFinding{verdict: tailSmooth, estimated: est}
	case run >= t.TailBursty || throttled >= t.TailMaxThrottled:
		return tailFinding{verdict: tailWindow}
	}
	return tailFinding{}
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
		case k > 0 && before < 1:
			// after the throttled ones before the change point, however
			// much of the first half was served (one served early, then
			// throttled, then served: the turn is at the second
			// change, not before the tail; a train placed by the
			// first straddled a fixed window's turn and read 58 of 50)
			f.turn = (after[k-1].At + after[k].At) / 2
		case h1 >= t.TurnShare:
			f.turn = (t1 + after[0].At) / 2
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
