package load

import (
	"math"
	"time"
)

// At a distance a cycle cannot stop at its first throttle: a round trip's
// worth has gone out blind by the time that answer comes. So a cycle is a
// train of a set size, what the last one served and a few more, and what
// it measured is how many of its own requests were served, counted by
// when they were sent (the sender's clock is exact; where the provider
// answered each is known only to the jitter). A train served in full says
// only that the credit is at least its size: the next one is larger.

// endFarCycle closes cycle i once every request of its train is answered.
func (l *limitProbe) endFarCycle(now time.Duration, rec *Record, i int) (Send, bool) {
	from, to := l.cycleSentFrom[i], l.cycleSentTo[i]
	served, throttled := 0, 0
	var firstThrottle time.Duration = -1
	for _, h := range rec.Hits {
		if h.Companion || h.Sent < from || h.Sent >= to {
			continue
		}
		switch h.Class {
		case Served:
			served++
		case Throttled:
			throttled++
			if firstThrottle < 0 || h.At < firstThrottle {
				firstThrottle = h.At
			}
		}
	}
	l.cycleGot[i] = served
	l.cycleFull[i] = throttled == 0
	l.cycleEnd[i] = now
	if firstThrottle >= 0 {
		l.cycleEnd[i] = firstThrottle
	}
	l.note(now, rec, "cycle %d: %d served, %d throttled of its train of %d", i+1, served, throttled, l.cycleSent)
	l.wantCompanion = i >= 1 || l.phase == phaseLongCycle
	if l.phase == phaseLongCycle {
		l.m.Allowance = served
		l.allowance = [2]time.Duration{l.cycleFrom[i], l.cycleEnd[i]}
		l.phase, l.pilotRef, l.pilotN = phaseLongPilots, l.cycleEnd[i], 0
		return l.pilots(now, rec)
	}
	if served == 0 {
		// the window had not turned a second after the last one: a long window
		l.m.LongWindow = true
		prev := max(i-1, 0)
		l.m.ThrottledFor = l.cycleEnd[i] - l.cycleEnd[prev]
		l.m.Allowance = l.cycleGot[prev]
		l.allowance = [2]time.Duration{l.cycleFrom[prev], l.cycleEnd[prev]}
		l.resume = l.cycleStart[prev]
		l.phase, l.pilotRef, l.pilotN = phaseLongPilots, l.cycleEnd[i], 0
		return l.pilots(now, rec)
	}
	return l.cycling(now, rec)
}

// farCheck sends the fixed-or-sliding pilot at a distance: 150 ms after
// the second window's turn that follows the first cycle, while the second
// cycle's answers are still on their way (the train of the second cycle
// has filled a sliding window by then; a fixed one has just turned).
func (l *limitProbe) farCheck(now time.Duration, i int) (Send, bool) {
	if i != 1 || l.checkSent || l.phase != phaseCycle {
		return Send{}, false
	}
	l.checkAt = l.cycleStart[0] + 2*time.Second + checkAfter
	if l.checkAt <= now {
		l.checkSent = true
		l.checkAt = now
		return Send{At: now}, true
	}
	return Send{At: l.checkAt}, true
}

// measuredFarCycles is measuredCycles at a distance: the last two trains
// each had requests throttled, and served about as many.
func (l *limitProbe) measuredFarCycles(rec *Record) bool {
	n := len(l.cycleGot)
	if l.cycleFull[n-1] || l.cycleFull[n-2] {
		return false
	}
	check, answered := l.checkAnswer(rec)
	if !answered {
		return false
	}
	a, b := float64(l.cycleGot[n-2]), float64(l.cycleGot[n-1])
	if math.Abs(a-b) > math.Max(1, 0.03*math.Max(a, b)) {
		return false
	}
	l.m.Sustained = (a + b) / 2
	l.m.Cycles = append([]int(nil), l.cycleGot...)
	l.m.Method = "cycles"
	l.m.FixedPhase = check == Served
	return true
}
