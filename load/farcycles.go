package load

import (
	"math"
	"time"
)

// At a distance a cycle cannot stop at its first throttle: a round trip's
// worth has gone out blind by the time that answer comes. So a cycle is a
// train of a set size, sent at full rate, and what it measures is how many
// of its own requests were served, counted by when they were sent (the
// sender's clock is exact; where the provider answered each is known only
// to the jitter). Every train starts quiet, a whole window after anything
// else was served, so a sliding window has its whole credit back and a
// fixed one is in a period nobody has used:
//   - a quiet train in the middle of a window's period (the turn plus
//     0.3 s) is served the window's credit, whatever its shape: what it
//     served is the sustained rate, once two agree;
//   - a quiet train that starts 0.15 s before the period turns tells the
//     shape: a fixed window serves it the ends of two periods (all of it),
//     a sliding one its credit, no more.
//
// A train served in full says only that the credit is at least its size:
// the next one is a quarter larger.

// train is one cycle at a distance.
type train struct {
	start      time.Duration // when its first request reaches the provider
	size, sent int
	expect     int           // the credit it was sized for: size-expect may come back throttled
	straddle   bool          // it starts just before the window turns
	sentFrom   time.Duration // its requests went out in [sentFrom, sentTo) (the sender's clock)
	sentTo     time.Duration
	served     int
	throttled  int
	done       bool
	// refill checks: single requests after a quiet train, a tenth of a
	// second apart, while a window's credit is surely spent
	checks, checksServed int
	firstCheckServed     bool
	companionAsked       bool // the shared-bucket check followed it
}

// full reports a train served without a throttle.
func (t train) full() bool { return t.done && t.throttled == 0 }

// refillVerdict is why a smooth limiter is not measured at a distance.
// A window spends its credit and gives none back for the rest of its
// second (fixed) or for a second (sliding): single requests right after a
// train that was throttled are throttled too. A token bucket or an evenly
// spaced limiter gives credit back continuously and serves them; at a
// distance the probe cannot hold one just over its rate within the
// budget, so the gap trains measure it (see gapsPhase), and when they do
// not agree on a bucket's rate it says so instead of measuring it as a
// window (it read a bucket of 37/s as a fixed window of 50).
// tailSmoothVerdict is the same when the tail found it.
const tailSmoothVerdict = "a smooth limiter (served and throttled by turns after the first throttle), at a distance: not measured yet"

const refillVerdict = "a smooth limiter (served again right after a train was throttled), at a distance: not measured yet"

// farCyclesPhase measures a window at a distance in trains (see train),
// from the turn the tail or the pilots saw.
type farCyclesPhase struct {
	turn        time.Duration // when the window was seen to turn (served again after the burst)
	trains      []train
	refillAsked bool // the refill check was made
}

// startFarCycles begins the cycles at a distance: the window was seen to
// turn at turn.
func (l *limitProbe) startFarCycles(now time.Duration, rec *Record, turn time.Duration) (Send, bool) {
	p := &farCyclesPhase{turn: turn}
	// what the onset served, those the jitter placed just past the first
	// throttle included
	size := min(rec.count(Served, l.m.burstFrom(), l.onset.t1+l.jitter()), max(l.o.Documented, 1))
	if l.onset.quiet {
		// the onset's first train was served in full, a fixed window
		// having turned in it perhaps: the second, quiet and at full
		// rate, says what one window serves
		size = 0
		for _, h := range rec.sentFrom(l.onset.quietAt - rec.OneWay - l.tun.SentBefore) {
			if h.Sent >= l.onset.quietTo {
				break
			}
			if h.Class == Served {
				size++
			}
		}
	}
	// and no more than the second before the last throttled answer
	// before the turn served, and CycleExtra: the onset may have
	// straddled a fixed window's turn (49 served of a credit of 37), and
	// a train of 52 spent half the budget
	lo := time.Duration(0)
	for _, h := range rec.Hits {
		if !h.Companion && h.Class == Throttled && h.At <= turn && h.At > lo {
			lo = h.At
		}
	}
	size = min(size, rec.count(Served, lo-time.Second, lo)+l.tun.CycleExtra)
	p.plan(l, now, rec, size+l.tun.CycleExtra, size, false)
	return l.begin(now, rec, p)
}

// plan places the next train, of size for a credit of expect: at
// QuietFrom (or StraddleFrom) from a turn of the window, a whole window
// after the last served request.
func (p *farCyclesPhase) plan(l *limitProbe, now time.Duration, rec *Record, size, expect int, straddle bool) {
	earliest := l.quietStart(now, rec, p.turn)
	off := l.tun.QuietFrom
	if straddle {
		off = l.tun.StraddleFrom
	}
	k := math.Ceil((earliest - p.turn - off).Seconds())
	start := p.turn + time.Duration(k)*time.Second + off
	p.trains = append(p.trains, train{start: start, size: size, expect: expect, straddle: straddle})
	l.note(now, rec, "train %d of %d at %.3fs (straddle %v)", len(p.trains), size, start.Seconds(), straddle)
}

// step sends the current train and its refill check, then reads it and
// plans the next.
func (p *farCyclesPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	t := &p.trains[len(p.trains)-1]
	if t.sent < t.size {
		return p.send(l, now, rec, t), nil
	}
	if !t.straddle && !p.refillAsked && t.checks < l.tun.RefillChecks {
		// the refill check (see refillVerdict): after the first quiet
		// train, a few single requests while a window's credit is surely
		// spent, at most 0.3 s on
		at := t.start + time.Duration(float64(t.size)/l.o.Start*float64(time.Second)) + time.Duration(t.checks+1)*l.tun.RefillEvery
		if at > now {
			return Send{At: at}, nil
		}
		t.checks++
		return Send{At: at}, nil
	}
	if !t.done {
		// (once done, the shared-bucket check may still be on its way)
		if s, ok := p.sharedCheck(l, now, rec, t); ok {
			return s, nil
		}
		if rec.InFlight() > 0 {
			return Send{At: now + time.Hour}, nil // an answer wakes the pacer
		}
		p.read(l, now, rec, t)
		if t.checks > 0 && refilled(*t, l.tun) {
			return Send{}, trainsFinding{next: trainsRefilled, emptied: t.sentTo - l.tun.SentAfter + rec.OneWay, before: t.checksServed, burst: t.served}
		}
	}
	return p.next(l, now, rec)
}

// sharedCheck sends the shared-bucket check once a quiet train's own
// answers are in and one was throttled: the window is full then, before
// the refill checks' answers (waiting for those too, the check reached a
// shared window a second after the train began, as it let go, and was
// served). Not after the straddling train: it spreads its credit over
// 0.9 s, and a second later its first have let go of theirs.
func (p *farCyclesPhase) sharedCheck(l *limitProbe, now time.Duration, rec *Record, t *train) (Send, bool) {
	if t.straddle || t.companionAsked {
		return Send{}, false
	}
	served, throttled := rec.classesSent(t.sentFrom, t.sentTo)
	if served+throttled < t.size || throttled == 0 {
		return Send{}, false
	}
	t.companionAsked, l.wantCompanion = true, true
	return l.companion(now, rec)
}

// send paces a train: at the onset's rate, or spread over most of a second
// when it straddles the turn.
func (p *farCyclesPhase) send(l *limitProbe, now time.Duration, rec *Record, t *train) Send {
	rate := l.o.Start
	if t.straddle {
		// spread over most of a second: whatever the turn's error, a
		// fixed window's turn is inside it, and no sliding window
		// serves more than its credit within a second
		rate = float64(t.size) / l.tun.StraddleFor.Seconds()
	}
	at := t.start + time.Duration(float64(t.sent)/rate*float64(time.Second))
	if at > now {
		return Send{At: at}
	}
	if t.sent == 0 {
		t.sentFrom = now - rec.OneWay - l.tun.SentBefore
	}
	t.sent++
	if t.sent == t.size {
		t.sentTo = now - rec.OneWay + l.tun.SentAfter
	}
	return Send{At: at}
}

// read counts what a train served, by when its requests were sent, and
// its refill check.
func (p *farCyclesPhase) read(l *limitProbe, now time.Duration, rec *Record, t *train) {
	t.served, t.throttled = rec.classesSent(t.sentFrom, t.sentTo)
	t.done = true
	l.note(now, rec, "train %d: %d served, %d throttled", len(p.trains), t.served, t.throttled)
	if t.checks > 0 {
		// asked once of a train that spent the credit: after one served
		// in full the checks tell nothing, and the next asks again
		p.refillAsked = t.throttled > 0
		// the last requests sent, by order: a late sender sends the
		// first check right after the train's last, within the clock's
		// margin (a check read 7 of 3 served, the train's own with them)
		hits := rec.sentFrom(t.sentFrom)
		for i, h := range hits[max(len(hits)-t.checks, 0):] {
			if h.Class == Served {
				t.checksServed++
				t.firstCheckServed = t.firstCheckServed || i == 0
			}
		}
		l.note(now, rec, "refill check: %d of %d served", t.checksServed, t.checks)
	}
}

// next judges the trains so far and plans the next, or ends.
func (p *farCyclesPhase) next(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	f := judgeTrains(p.trains, l.tun)
	switch f.next {
	case trainsQuiet, trainsStraddle:
		if f.size-f.expect == l.tun.CycleExtra {
			// a train of a measured credit and a few: fewer when the
			// budget holds no more (CycleExtraMin at least)
			room := l.o.MaxThrottled - 1 - rec.throttled()
			f.size = f.expect + max(min(l.tun.CycleExtra, room), l.tun.CycleExtraMin)
		}
		p.plan(l, now, rec, f.size, f.expect, f.next == trainsStraddle)
		return p.step(l, now, rec)
	case trainsLong:
		f.throttledFor = now - p.turn
	case trainsMeasured:
		for _, t := range p.trains {
			f.counts = append(f.counts, t.served)
		}
	}
	return Send{}, f
}

// refilled is the refill check's verdict on a quiet train (see
// refillVerdict): throttled, and yet most of the single requests right
// after it served, the first of them too: the credit comes back
// continuously. Throttled first and served after, the checks went past a
// fixed window's next turn (the turn is known to a couple of tenths of a
// second); a bucket has earned credit for one by the first.
func refilled(t train, tun Tuning) bool {
	return t.throttled > 0 && t.checksServed >= tun.RefillServed && t.firstCheckServed
}

// trainsNext is what the trains so far call for.
type trainsNext int

const (
	trainsQuiet    trainsNext = iota // another quiet train, of the finding's size
	trainsStraddle                   // the shape's train, across the window's turn
	trainsMeasured                   // done: the sustained rate and the shape are known
	trainsLong                       // the last train was not served at all: a long window
	trainsDisagree                   // too many trains, and still no verdict
	trainsRefilled                   // served again right after a throttled train: smooth (refillVerdict)
)

// trainsFinding is the verdict on the trains at a distance.
type trainsFinding struct {
	next      trainsNext
	size      int     // trainsQuiet, trainsStraddle: the next train's size
	expect    int     // and the credit it expects (its excess may be throttled)
	sustained float64 // trainsMeasured
	fixed     bool    // trainsMeasured: a fixed window (else sliding)
	// set by the phase: what each train served (trainsMeasured), how
	// long the window has throttled (trainsLong)
	counts       []int
	throttledFor time.Duration
	// trainsRefilled: when the throttled train's last request went (the
	// probe's clock), and what the refill checks served since
	emptied time.Duration
	before  int
	burst   int // what the throttled train served
}

func (trainsFinding) isFinding() {}

// judgeTrains reads the trains sent so far (each done): a quiet train
// throttled measured the credit; the straddling train tells the shape, a
// fixed window serving it in full (the ends of two periods), a sliding
// one the credit and no more.
func judgeTrains(trains []train, t Tuning) trainsFinding {
	var quiet []train
	var shape *train
	for i, tr := range trains {
		switch {
		case tr.straddle:
			shape = &trains[i]
		case tr.throttled > 0:
			quiet = append(quiet, tr)
		}
	}
	last := trains[len(trains)-1]
	switch {
	case last.served == 0:
		return trainsFinding{next: trainsLong}
	case len(trains) >= t.MaxCycles+1:
		return trainsFinding{next: trainsDisagree}
	case len(quiet) == 0:
		// served in full: the credit is at least its size
		return trainsFinding{next: trainsQuiet, size: int(float64(last.served)*t.TrainGrowth) + t.CycleExtra, expect: last.served}
	}
	credit := quiet[len(quiet)-1].served
	switch {
	case shape == nil:
		return trainsFinding{next: trainsStraddle, size: credit + t.CycleExtra, expect: credit}
	case !shape.full() && agree(shape.served, credit, t):
		// the straddling train got the credit and no more: sliding
		return trainsFinding{next: trainsMeasured, sustained: float64(shape.served+credit) / 2}
	case shape.full():
		// the straddling train was served both ends of two periods: a
		// fixed window, whose credit the quiet train measured
		return trainsFinding{next: trainsMeasured, sustained: float64(credit), fixed: true}
	}
	return trainsFinding{next: trainsQuiet, size: credit + t.CycleExtra, expect: credit}
}

// atRisk is how many requests in flight may come back throttled (see
// budget.go): the train's excess over the credit it expects, and the
// refill checks still to follow it, less what of them came back
// throttled already (the straddling train that follows a measured credit
// risks CycleExtra, not a round trip's worth); planned and not yet sent,
// that excess; once more came back throttled than planned, every
// request in flight.
func (p *farCyclesPhase) atRisk(l *limitProbe, rec *Record) int {
	if len(p.trains) == 0 {
		return rec.InFlight()
	}
	t := p.trains[len(p.trains)-1]
	planned := max(t.size-t.expect, 0)
	if !t.straddle && !p.refillAsked {
		planned += l.tun.RefillChecks
	}
	if t.sent == 0 {
		return max(rec.InFlight(), planned)
	}
	back := 0
	for _, h := range rec.sentFrom(t.sentFrom) {
		if h.Class == Throttled {
			back++
		}
	}
	if back > planned {
		return rec.InFlight()
	}
	return min(rec.InFlight(), planned-back)
}
