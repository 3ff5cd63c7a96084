package load

import (
	"math"
	"time"
)

// cyclesPhase measures a one-second window in cycles: each opens at full
// pressure when the window has turned and stops at its first throttle;
// what a cycle serves is the credit that came back in one window. The
// second starts Tuning.CycleShift late, and a pilot goes just after the
// next whole second: a fixed window keeps its phase (the pilot is
// served), a sliding one follows the sender. A long window's cycle (long)
// spends the window's allowance once.
type cyclesPhase struct {
	long     bool
	cycles   []cycle
	rate     float64         // the rate of every cycle
	replica  []time.Duration // the served requests of the last cycle, which this one follows
	shift    time.Duration   // from the replica to this cycle
	sent     int             // requests of this cycle sent
	raisedAt time.Duration   // when a cycle last raised its rate
	checkAt  time.Duration   // the fixed-or-sliding pilot, once planned
	checked  bool            // it was sent
}

// cycle is one cycle: from when its served requests count, and once it
// ended, its first throttle and what it served.
type cycle struct {
	start, from, end time.Duration
	ended            bool
	got              int
}

// cyclesVerdict is how the cycles ended.
type cyclesVerdict int

const (
	cyclesMeasured cyclesVerdict = iota // the last two agree: the sustained rate and the shape
	cyclesDisagree                      // too many cycles, and still no two agree
	cyclesLong                          // the window had not turned a second later, or a long cycle ended
)

// cyclesFinding is what the cycles found.
type cyclesFinding struct {
	verdict   cyclesVerdict
	sustained float64 // cyclesMeasured
	counts    []int   // what each cycle served
	fixed     bool    // cyclesMeasured: the window kept its phase
	// cyclesLong: the allowance a cycle spent in [allowance[0],
	// allowance[1]), the throttle that ended the last cycle, and for a
	// window found long only now how long it throttled and when the
	// cycle that spent the allowance began
	allowance    int
	span         [2]time.Duration
	throttle     time.Duration
	throttledFor time.Duration
	resume       time.Duration
	found        bool
}

func (cyclesFinding) isFinding() {}

// startCycles begins the cycles at start, counting from from (a served
// pilot counts in the first cycle when it opened it).
func (l *limitProbe) startCycles(now time.Duration, rec *Record, start, from time.Duration, long bool) (Send, bool) {
	p := &cyclesPhase{long: long, rate: l.onset.rate}
	l.cur = p
	p.open(l, now, rec, start, from)
	return l.run(now, rec)
}

// open begins a cycle at start, counting from from.
func (p *cyclesPhase) open(l *limitProbe, now time.Duration, rec *Record, start, from time.Duration) {
	if start < now && from != l.resume {
		// late (the last cycle ran long): a cycle counts from when it starts
		start, from = now, max(from, now)
	}
	l.note(now, rec, "cycle %d at %.3fs, counting from %.3fs", len(p.cycles)+1, start.Seconds(), from.Seconds())
	p.cycles = append(p.cycles, cycle{start: start, from: from})
	// a sliding window gives credit back one second after each served
	// request: the cycle follows the last one's served requests, shifted
	// by the time between their starts, so it never runs ahead of its
	// credit even when the machine stalled
	prevFrom, prevTo := l.m.burstFrom(), l.onset.t1
	if n := len(p.cycles); n >= 2 {
		prevFrom, prevTo = p.cycles[n-2].from, p.cycles[n-2].end
	}
	p.replica = p.replica[:0]
	for _, h := range rec.Main(prevFrom) {
		if h.At >= prevTo {
			break
		}
		if h.Class == Served {
			p.replica = append(p.replica, h.At)
		}
	}
	if len(p.replica) > 0 {
		p.shift = start - p.replica[0]
	}
	l.rate, l.paceAt, l.paceSent = p.rate, start, 0
	p.sent = 0
	if start <= from && from == l.resume {
		l.paceSent, p.sent = 1, 1 // the pilot was the cycle's first request
	}
}

// step paces the current cycle until its first throttle, then waits for
// the next.
func (p *cyclesPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	i := len(p.cycles) - 1
	c := &p.cycles[i]
	if !c.ended {
		if c.start > now {
			return Send{At: c.start}, nil
		}
		th, ok := rec.first(Throttled, c.start)
		if !ok {
			if !p.long && now-max(c.start, p.raisedAt) > time.Second {
				// a whole second served: the cycle is not over the limit
				p.rate *= l.tun.CycleRaise
				l.setRate(now, p.rate)
				p.raisedAt = now
			}
			return p.pace(l, now), nil
		}
		c.end, c.ended, c.got = th.At, true, rec.count(Served, c.from, th.At)
		l.note(now, rec, "cycle %d throttled at %.3fs after %d served", i+1, th.At.Seconds(), c.got)
		// the shared-bucket check, once the window is surely full: after a
		// shifted cycle, whose credit came back before it began
		l.wantCompanion = i >= 1 || p.long
		if f, ok := p.long1(th.At); ok {
			return Send{}, f
		}
	}
	if f, ok := p.measured(l, rec); ok {
		return Send{}, f
	}
	if len(p.cycles) >= l.tun.MaxCycles-1 {
		return Send{}, cyclesFinding{verdict: cyclesDisagree, counts: p.counts()}
	}
	return p.next(l, now, rec)
}

// long1 is the verdict of a cycle that ended in a long window: a long
// cycle, or one that served nothing a second after the last (the window
// had not turned).
func (p *cyclesPhase) long1(throttle time.Duration) (cyclesFinding, bool) {
	i := len(p.cycles) - 1
	c := p.cycles[i]
	switch {
	case p.long:
		return cyclesFinding{verdict: cyclesLong, allowance: c.got, span: [2]time.Duration{c.from, c.end}, throttle: throttle}, true
	case c.got == 0:
		prev := p.cycles[max(i-1, 0)]
		return cyclesFinding{verdict: cyclesLong, allowance: prev.got, span: [2]time.Duration{prev.from, prev.end}, throttle: throttle,
			throttledFor: throttle - prev.end, resume: prev.start, found: true}, true
	}
	return cyclesFinding{}, false
}

// next sends the fixed-or-sliding pilot, or opens the next cycle, when
// their time comes.
func (p *cyclesPhase) next(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	first := p.cycles[0].start
	next := first + time.Second + l.tun.CycleShift
	if n := len(p.cycles); n >= 2 {
		// a second after the last, and a little more, so that its credit
		// has surely come back (a sliding window's, request by request)
		next = p.cycles[n-1].start + time.Second + l.tun.CycleLead
	}
	if len(p.cycles) >= 2 && !p.checked {
		// the fixed-or-sliding pilot, just after the second boundary
		p.checkAt = first + 2*time.Second + l.tun.CheckAfter
		if p.checkAt <= now {
			p.checked = true
		}
		return Send{At: p.checkAt}, nil
	}
	if next <= now {
		from := next
		if p.checked && len(p.cycles) == 2 {
			from = p.checkAt // a served check pilot opened this cycle's window
		}
		p.open(l, now, rec, next, from)
		return p.step(l, now, rec)
	}
	return Send{At: next}, nil
}

// pace paces a cycle, never before the credit of the request it follows
// came back.
func (p *cyclesPhase) pace(l *limitProbe, now time.Duration) Send {
	s := l.pace(now)
	if j := p.sent; j < len(p.replica) {
		if credit := p.replica[j] + p.shift + l.tun.CreditSlack; credit > s.At {
			if s.At <= now {
				l.paceSent-- // not sent after all
			}
			s.At = credit
		}
	}
	if s.At <= now {
		p.sent++
	}
	return s
}

// counts is what each cycle served (-1: not ended).
func (p *cyclesPhase) counts() []int {
	out := make([]int, len(p.cycles))
	for k, c := range p.cycles {
		out[k] = c.got
		if !c.ended {
			out[k] = -1
		}
	}
	return out
}

// measured reports whether the last two cycles agree, and the check
// pilot is answered: the sustained rate and the shape.
func (p *cyclesPhase) measured(l *limitProbe, rec *Record) (cyclesFinding, bool) {
	n := len(p.cycles)
	if n < 2 || !p.cycles[n-1].ended || !p.cycles[n-2].ended || !p.checked || rec.InFlight() > 0 {
		return cyclesFinding{}, false
	}
	// what each cycle served in its second, the late answers included
	// (the check pilot belongs to the cycle after it)
	for k := range p.cycles {
		c := &p.cycles[k]
		end := c.end + l.tun.LateAnswers
		if p.checkAt > c.from && p.checkAt < end {
			end = p.checkAt
		}
		c.got = rec.count(Served, c.from, end)
	}
	check, answered := checkAnswer(rec, p.checkAt, l.tun)
	if !answered {
		return cyclesFinding{}, false
	}
	a, b := p.cycles[n-2].got, p.cycles[n-1].got
	if !agree(a, b, l.tun) {
		return cyclesFinding{}, false
	}
	return cyclesFinding{verdict: cyclesMeasured, sustained: float64(a+b) / 2, counts: p.counts(), fixed: check == Served}, true
}

// checkAnswer is the class of the fixed-or-sliding pilot, sent at checkAt,
// once answered. The pilot is told by when it was sent, the sender's
// clock being exact: when its answer came depends on the network and on
// how busy the provider and this machine are.
func checkAnswer(rec *Record, checkAt time.Duration, t Tuning) (Class, bool) {
	at := checkAt - rec.OneWay
	var best Hit
	found := false
	for _, h := range rec.Hits {
		if h.Companion || h.Sent < at-t.SentBefore || h.Sent >= at+t.CheckFor {
			continue
		}
		if !found || h.Sent < best.Sent {
			best, found = h, true
		}
	}
	return best.Class, found
}

// endLongWindow has seen a long window turn twice: the window is the time
// between, to whole seconds when it is within 0.3 s of them.
func (l *limitProbe) endLongWindow(rec *Record, at time.Duration) (Send, bool) {
	w := windowSeconds(l.resume, at)
	l.m.Window = time.Duration(w * float64(time.Second))
	// what the window allowed, late answers included
	l.m.Allowance = max(l.m.Allowance, rec.count(Served, l.allowance[0], l.allowance[1]+l.tun.LateAnswers))
	l.m.Sustained = float64(l.m.Allowance) / w
	l.m.Method = "long window"
	l.finish(rec)
	return Send{}, true
}

// windowSeconds is a long window's length, in seconds, from two turns
// seen: each is known to a pilot's spacing, under half a second, so a
// window of whole seconds rounds right.
func windowSeconds(turn, next time.Duration) float64 {
	w := (next - turn).Seconds()
	if r := math.Round(w); r >= 1 {
		w = r
	}
	return w
}

// agree reports whether two counts agree: within 1, or within AgreeShare
// of the larger.
func agree(a, b int, t Tuning) bool {
	return math.Abs(float64(a-b)) <= math.Max(1, t.AgreeShare*float64(max(a, b)))
}
