package load

import (
	"fmt"
	"math"
	"time"
)

// startCycle begins a one-second cycle at from (a served pilot counts in
// it when it opened the cycle).
func (l *limitProbe) startCycle(now time.Duration, rec *Record, start, from time.Duration) (Send, bool) {
	if start < now && from != l.resume {
		// late (the last cycle ran long): a cycle counts from when it starts
		start, from = now, max(from, now)
	}
	l.note(now, rec, "cycle %d at %.3fs, counting from %.3fs", len(l.cycleStart)+1, start.Seconds(), from.Seconds())
	l.phase = phaseCycle
	l.cycleStart = append(l.cycleStart, start)
	l.cycleFrom = append(l.cycleFrom, from)
	l.cycleEnd = append(l.cycleEnd, -1)
	l.cycleGot = append(l.cycleGot, -1)
	if l.cycleRate == 0 {
		l.cycleRate = l.onset.rate
	}
	// a sliding window gives credit back one second after each served
	// request: the cycle follows the last one's served requests, shifted
	// by the time between their starts, so it never runs ahead of its
	// credit even when the machine stalled
	prevFrom, prevTo := l.m.burstFrom(), l.onset.t1
	if n := len(l.cycleStart); n >= 2 {
		prevFrom, prevTo = l.cycleFrom[n-2], l.cycleEnd[n-2]
	}
	l.replica = l.replica[:0]
	for _, h := range rec.Main(prevFrom) {
		if h.At >= prevTo {
			break
		}
		if h.Class == Served {
			l.replica = append(l.replica, h.At)
		}
	}
	if len(l.replica) > 0 {
		l.replicaShift = start - l.replica[0]
	}
	l.rate, l.paceAt, l.paceSent = l.cycleRate, start, 0
	l.cycleSent = 0
	if start <= from && from == l.resume {
		l.paceSent, l.cycleSent = 1, 1 // the pilot was the cycle's first request
	}
	return l.cycling(now, rec)
}

// cycling paces the current cycle until its first throttle, then waits for
// the next.
func (l *limitProbe) cycling(now time.Duration, rec *Record) (Send, bool) {
	i := len(l.cycleStart) - 1
	start := l.cycleStart[i]
	if l.cycleEnd[i] < 0 {
		if start > now {
			return Send{At: start}, false
		}
		th, ok := rec.first(Throttled, start)
		if !ok {
			if l.phase == phaseCycle && now-max(start, l.raisedAt) > time.Second {
				// a whole second served: the cycle is not over the limit
				l.cycleRate *= l.tun.CycleRaise
				l.setRate(now, l.cycleRate)
				l.raisedAt = now
			}
			return l.cyclePace(now), false
		}
		l.cycleEnd[i] = th.At
		l.cycleGot[i] = rec.count(Served, l.cycleFrom[i], th.At)
		l.note(now, rec, "cycle %d throttled at %.3fs after %d served", i+1, th.At.Seconds(), l.cycleGot[i])
		// the shared-bucket check, once the window is surely full: after a
		// shifted cycle, whose credit came back before it began
		l.wantCompanion = i >= 1 || l.phase == phaseLongCycle
		if l.phase == phaseLongCycle {
			l.m.Allowance = l.cycleGot[i]
			l.allowance = [2]time.Duration{l.cycleFrom[i], th.At}
			return l.startPilots(now, rec, th.At, true)
		}
		if l.cycleGot[i] == 0 {
			// the window had not turned a second after the last one: a long window
			l.m.LongWindow = true
			prev := max(i-1, 0)
			l.m.ThrottledFor = th.At - l.cycleEnd[prev]
			l.m.Allowance = l.cycleGot[prev]
			l.allowance = [2]time.Duration{l.cycleFrom[prev], l.cycleEnd[prev]}
			l.resume = l.cycleStart[prev]
			return l.startPilots(now, rec, th.At, true)
		}
	}
	if l.measuredCycles(rec) {
		l.finish(rec)
		return Send{}, true
	}
	if len(l.cycleStart) >= l.tun.MaxCycles-1 {
		l.m.Unfinished = fmt.Sprintf("the cycles served %v requests: they do not agree", l.cycleGot)
		l.finish(rec)
		return Send{}, true
	}
	first := l.cycleStart[0]
	next := first + time.Second + l.tun.CycleShift
	if n := len(l.cycleStart); n >= 2 {
		// a second after the last, and a little more, so that its credit
		// has surely come back (a sliding window's, request by request)
		next = l.cycleStart[n-1] + time.Second + l.tun.CycleLead
	}
	if len(l.cycleStart) >= 2 && !l.checkSent {
		// the fixed-or-sliding pilot, just after the second boundary
		l.checkAt = first + 2*time.Second + l.tun.CheckAfter
		if l.checkAt <= now {
			l.checkSent = true
		}
		return Send{At: l.checkAt}, false
	}
	if next <= now {
		from := next
		if l.checkSent && len(l.cycleStart) == 2 {
			from = l.checkAt // a served check pilot opened this cycle's window
		}
		return l.startCycle(now, rec, next, from)
	}
	return Send{At: next}, false
}

// cyclePace paces a cycle, never before the credit of the request it
// follows came back.
func (l *limitProbe) cyclePace(now time.Duration) Send {
	s := l.pace(now)
	if j := l.cycleSent; j < len(l.replica) {
		if credit := l.replica[j] + l.replicaShift + l.tun.CreditSlack; credit > s.At {
			if s.At <= now {
				l.paceSent-- // not sent after all
			}
			s.At = credit
		}
	}
	if s.At <= now {
		l.cycleSent++
	}
	return s
}

// measuredCycles reports whether the last two cycles agree, and the check
// pilot is answered; it then records the sustained rate and the shape.
func (l *limitProbe) measuredCycles(rec *Record) bool {
	n := len(l.cycleGot)
	if n < 2 || l.cycleGot[n-1] < 0 || l.cycleGot[n-2] < 0 || !l.checkSent || rec.InFlight() > 0 {
		return false
	}
	// what each cycle served in its second, the late answers included
	// (the check pilot belongs to the cycle after it)
	for k := range l.cycleGot {
		end := l.cycleEnd[k] + l.tun.LateAnswers
		if l.checkAt > l.cycleFrom[k] && l.checkAt < end {
			end = l.checkAt
		}
		l.cycleGot[k] = rec.count(Served, l.cycleFrom[k], end)
	}
	check, answered := l.checkAnswer(rec)
	if !answered {
		return false
	}
	a, b := l.cycleGot[n-2], l.cycleGot[n-1]
	if !agree(a, b, l.tun) {
		return false
	}
	l.m.Sustained = float64(a+b) / 2
	l.m.Cycles = append([]int(nil), l.cycleGot...)
	l.m.Method = "cycles"
	l.m.FixedPhase = check == Served
	return true
}

// checkAnswer is the class of the fixed-or-sliding pilot, once answered.
// The pilot is told by when it was sent, the sender's clock being exact:
// when its answer came depends on the network and on how busy the
// provider and this machine are.
func (l *limitProbe) checkAnswer(rec *Record) (Class, bool) {
	at := l.checkAt - rec.OneWay
	var best Hit
	found := false
	for _, h := range rec.Hits {
		if h.Companion || h.Sent < at-l.tun.SentBefore || h.Sent >= at+l.tun.CheckFor {
			continue
		}
		if !found || h.Sent < best.Sent {
			best, found = h, true
		}
	}
	return best.Class, found
}

// startLongCycle opens a cycle when a long window has turned: it spends
// the window's whole allowance, then pilots find when the next one starts.
func (l *limitProbe) startLongCycle(now time.Duration, rec *Record, at time.Duration) (Send, bool) {
	l.cycleRate = l.onset.rate // the allowance is spent fast
	s, _ := l.startCycle(now, rec, at, at)
	l.phase = phaseLongCycle
	return s, false
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
