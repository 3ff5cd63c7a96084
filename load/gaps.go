package load

import (
	"fmt"
	"math"
	"time"
)

// The gap trains measure a smooth limiter at a distance (see
// refillVerdict): a token bucket that a throttled train has just emptied
// earns credit back while nobody sends; after an idle gap g, a compact
// train of more than it can hold is served what the bucket earned since
// it was empty, the rate times the time from the last request before the
// gap to the train's last (both counted on the sender's clock, exact; the
// network's jitter moves both ends alike, the last of a compact bunch
// arriving late by about the most it delays). A window would serve by its
// turn, not by the gap; an evenly spaced limiter without tolerance a few
// whatever the gap. So two trains after gaps of different length agree
// on one rate only for a bucket:
//   - the first, after GapFirst, sized for the documented rate, empties
//     the bucket (throttled) and says the rate roughly;
//   - the second, after GapSecond, sized for that rate and GapExtra more,
//     measures it.
//
// Served in proportion to both gaps, it is a token bucket of that rate;
// anything else is said, not measured.

// gapTrain is one train after an idle gap.
type gapTrain struct {
	gap        time.Duration // idle time before it, on the sender's clock
	start      time.Duration // when its first request goes
	size, sent int
	last       time.Duration // when its last request went (the probe's clock)
	sentFrom   time.Duration // its requests went out in [sentFrom, sentTo) (the sender's clock)
	sentTo     time.Duration
	served     int
	throttled  int
	risk       int // how many of it may come back throttled
	before     int // served since the bucket was empty, before the train (the refill checks)
}

// span is the time the bucket earned credit in for this train: from the
// last request before the gap to the train's last.
func (t gapTrain) span() time.Duration { return t.gap + t.last - t.start }

// rate is what the train says of the bucket's rate: what it served over
// its span (the bucket holds less than a request at either end).
func (t gapTrain) rate() float64 {
	return float64(t.served+t.before) / t.span().Seconds()
}

// gapsPhase measures a smooth limiter at a distance in gap trains.
type gapsPhase struct {
	trains []gapTrain
	why    string // what the probe says when they do not measure it
}

// gapsFinding is the gap trains' verdict.
type gapsFinding struct {
	measured bool
	rate     float64
	why      string // not measured: why
	counts   []int
}

func (gapsFinding) isFinding() {}

// startGaps begins the gap trains after the refill check, everything sent
// having come back: the bucket was empty when the throttled train ended
// (f.emptied, the probe's clock), and the refill checks served f.before
// since. Only a bucket that served that train a burst of GapBurstShare of
// the documented rate or more is measured so: it holds what a gap earns,
// and it serves a gap train in proportion (an evenly spaced limiter
// without tolerance throttles nearly all of one, more than the budget
// holds).
// why is what the probe says when it does not measure it.
func (l *limitProbe) startGaps(now time.Duration, rec *Record, f trainsFinding, why string) (Send, bool) {
	p := &gapsPhase{why: why}
	d := float64(max(l.o.Documented, 1))
	if float64(f.burst) < l.tun.GapBurstShare*d {
		return l.stop(rec, why)
	}
	if !p.plan(l, now, rec, f.emptied, f.before, 0, d, l.tun.GapFirstExtra) {
		return l.stop(rec, why)
	}
	return l.begin(now, rec, p)
}

// plan places the next train, a gap after emptied (and NowMargin from
// now at least), sized for rate and GapExtra more; false when its excess
// would overspend the budget.
func (p *gapsPhase) plan(l *limitProbe, now time.Duration, rec *Record, emptied time.Duration, before int, gap time.Duration, rate float64, extra int) bool {
	start := max(emptied+gap, now+l.tun.NowMargin)
	gap = start - emptied
	// the bucket earns rate×gap, and rate more a second while the train
	// goes out at GapRate
	earned := rate*gap.Seconds() - float64(before)
	size := int(math.Ceil(earned/(1-rate/l.tun.GapRate))) + extra
	// the excess it is sized for, and what an overestimated rate adds:
	// the first is sized for the documented rate, which the bucket's may
	// be well under (GapFirstRiskShare)
	share := l.tun.GapRiskShare
	if len(p.trains) == 0 {
		share = l.tun.GapFirstRiskShare
	}
	risk := extra + int(math.Ceil((1-share)*earned))
	if rec.throttled()+risk >= l.o.MaxThrottled {
		l.note(now, rec, "gap train of %d not sent: up to %d more throttled would overspend the budget", size, risk)
		return false
	}
	p.trains = append(p.trains, gapTrain{gap: gap, start: start, size: size, risk: risk, before: before})
	l.note(now, rec, "gap train %d of %d after %.2fs idle", len(p.trains), size, gap.Seconds())
	return true
}

// atRisk is how many requests in flight may come back throttled: the
// train's excess over what the bucket is expected to serve, less what of
// it came back throttled already.
func (p *gapsPhase) atRisk(rec *Record) int {
	if len(p.trains) == 0 || rec.InFlight() == 0 {
		return 0
	}
	t := p.trains[len(p.trains)-1]
	back := 0
	for _, h := range rec.sentFrom(t.sentFrom) {
		if h.Class == Throttled {
			back++
		}
	}
	return min(rec.InFlight(), max(t.risk-back, 0))
}

// step sends the current train at GapRate, reads it, and plans the next
// or judges.
func (p *gapsPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	t := &p.trains[len(p.trains)-1]
	if t.sent < t.size {
		at := t.start + time.Duration(float64(t.sent)/l.tun.GapRate*float64(time.Second))
		if at > now {
			return Send{At: at}, nil
		}
		if t.sent == 0 {
			t.sentFrom = now - rec.OneWay - l.tun.SentBefore
		}
		t.sent++
		if t.sent == t.size {
			t.last = now
			t.sentTo = now - rec.OneWay + l.tun.SentAfter
		}
		return Send{At: at}, nil
	}
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, nil // an answer wakes the pacer
	}
	t.served, t.throttled = rec.classesSent(t.sentFrom, t.sentTo)
	l.note(now, rec, "gap train %d: %d served, %d throttled in %.3fs: %.1f/s", len(p.trains), t.served, t.throttled, t.span().Seconds(), t.rate())
	if t.throttled == 0 {
		return Send{}, gapsFinding{why: p.why + ": a gap train was served in full"}
	}
	if len(p.trains) == 1 {
		if !p.plan(l, now, rec, t.last, 0, l.tun.GapSecond, t.rate(), l.tun.GapExtra) {
			return Send{}, gapsFinding{why: p.why + ": the second gap train would overspend the budget"}
		}
		return p.step(l, now, rec)
	}
	f := judgeGaps(p.trains, l.tun)
	if !f.measured {
		f.why = p.why + ": " + f.why
	}
	return Send{}, f
}

// judgeGaps reads two gap trains: a bucket served both in proportion to
// their gaps, one rate within GapAgree.
func judgeGaps(trains []gapTrain, tun Tuning) gapsFinding {
	f := gapsFinding{}
	for _, t := range trains {
		f.counts = append(f.counts, t.served)
	}
	a, b := trains[0].rate(), trains[1].rate()
	if math.Abs(a-b) > tun.GapAgree*math.Max(a, b) {
		f.why = fmt.Sprintf("the gap trains did not agree (%.1f/s and %.1f/s)", a, b)
		return f
	}
	// the rate the second says: it runs from the first's last request
	// to its own, both the last of a compact train the bucket throttled,
	// so both ends are late by about the most the network delays and the
	// bucket was empty at both. (Where the first starts, the bucket may
	// have held a few: after the tail, a bucket of 37/s read 44/s in the
	// first train and 39/s over both, 37/s in the second.)
	f.measured, f.rate = true, math.Round(trains[1].rate())
	return f
}

// afterGaps records what the gap trains measured, or why not.
func (l *limitProbe) afterGaps(rec *Record, f gapsFinding) (Send, bool) {
	if !f.measured {
		return l.stop(rec, f.why)
	}
	l.m.Sustained, l.m.Cycles, l.m.Method, l.m.Window = f.rate, f.counts, "gaps", time.Second
	l.finish(rec)
	return Send{}, true
}
