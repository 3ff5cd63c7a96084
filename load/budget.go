package load

import "time"

// The throttle budget at a distance. Whatever is sent goes out blind for
// a round trip and its spread (blindTime): every request in flight may
// come back throttled, so the probe counts it against the budget before
// it sends (maybeThrottled), and sends only what the budget left covers:
//   - before the first throttle, nothing is known: the onset's rate is
//     capped so that a blind time of it fits the budget (blindRate), and
//     it sends nothing while what is in flight would spend the budget
//     (onsetPhase.step);
//   - after it, a phase that sends singly or at a rate (tail, pilots)
//     stops the probe once what is in flight would spend the budget;
//   - a train of the far cycles is sized from what the limiter served
//     before, and counts only its planned excess at risk (planned and
//     not yet sent too, so the probe stops before a train it cannot
//     afford), until as many of it came back throttled as planned: the
//     limiter may not be what the train was sized for (a long window
//     read as a second's, a provider that stopped serving), and from then
//     on every request in flight is at risk (trainAtRisk). A gap train
//     counts its planned excess (gapsPhase.atRisk), the first one a
//     bucket well under the documented rate (GapFirstRiskShare), and is
//     not sent when that would overspend.

// trainAtRisk is how many requests in flight may come back throttled
// while a train sent from from (the sender's clock) is out: its planned
// excess, less what of it came back throttled, until as many came back
// throttled as planned; then every request in flight.
func trainAtRisk(rec *Record, from time.Duration, planned int) int {
	back := 0
	for _, h := range rec.sentFrom(from) {
		if h.Class == Throttled {
			back++
		}
	}
	if back >= planned {
		return rec.InFlight()
	}
	return min(rec.InFlight(), planned-back)
}

// trainsAtRisk is trainAtRisk for the far cycles: a train plans to go over
// what the last one served by a few (CycleExtra), the first over what the
// onset served, but one that follows a train served in full is a quarter
// larger than that one: all it sends over the last one's count is at risk.
// The refill checks follow it. A train planned and not yet sent counts
// its planned excess, so that the probe stops before a train it cannot
// afford rather than in it.
func trainsAtRisk(p *farCyclesPhase, rec *Record, t Tuning) int {
	n := len(p.trains)
	if n == 0 {
		return rec.InFlight()
	}
	cur := p.trains[n-1]
	proven := cur.size - t.CycleExtra
	if n > 1 {
		proven = p.trains[n-2].served
	}
	planned := max(cur.size-proven, t.CycleExtra) + t.RefillChecks
	if cur.sent == 0 {
		return max(rec.InFlight(), planned)
	}
	return trainAtRisk(rec, cur.sentFrom, planned)
}
