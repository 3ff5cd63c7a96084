package load

import "time"

// startHold holds the rate just over the estimate: a calibration first
// (what the limiter serves in 400 ms over its limit sets the rate), then
// whole seconds are counted at that rate. A token bucket and an evenly
// spaced limiter serve their rate whatever the sender sends over it, so
// the rate may change without a transient.
func (l *limitProbe) startHold(now time.Duration, rec *Record) (Send, bool) {
	l.note(now, rec, "hold from an estimate of %.1f/s", l.estimated)
	l.phase, l.holdAt, l.anchor, l.calibAt = phaseHold, now, -1, -1
	l.setRate(now, 1.25*l.estimated+holdExtra)
	return l.hold(now, rec)
}

func (l *limitProbe) hold(now time.Duration, rec *Record) (Send, bool) {
	if l.calibAt < 0 {
		th, ok := rec.first(Throttled, l.holdAt)
		if !ok {
			if now-l.holdAt >= 600*time.Millisecond {
				// not over the limit: the estimate was low
				l.holdAt = now
				l.setRate(now, 1.3*l.rate+holdExtra)
			}
			return l.pace(now), false
		}
		l.calibAt = th.At
		l.wantCompanion = true
	}
	if l.anchor < 0 {
		end := l.calibAt + calibration
		if now < end || rec.InFlight() > 0 && now < end+50*time.Millisecond {
			return l.pace(now), false
		}
		half := l.calibAt + calibration/2
		if rec.count(Throttled, half, end) == 0 {
			// served in full for a while: not over the limit
			l.holdAt, l.calibAt = now, -1
			l.setRate(now, 1.3*l.rate+holdExtra)
			return l.pace(now), false
		}
		l.estimated = float64(rec.count(Served, l.calibAt, end)) / calibration.Seconds()
		// over the estimate by a margin, and by one request of the
		// calibration's count, which may be one short
		l.setRate(now, holdOver*l.estimated+holdExtra+1/calibration.Seconds())
		l.anchor = now
		// whole seconds: two when the budget allows it, one more if one stalled
		l.holdSecs = 1
		if rec.throttled()+l.maybeThrottled(rec)+int(2*(l.rate-l.estimated))+4 <= l.o.MaxThrottled {
			l.holdSecs = 2
		}
	}
	end := l.anchor + time.Duration(l.holdSecs)*time.Second
	if now < end {
		return l.pace(now), false
	}
	if rec.InFlight() > 0 {
		return Send{At: now + 5*time.Millisecond}, false // the last answers
	}
	var clean, stalled []int
	for s := 0; s < l.holdSecs; s++ {
		from := l.anchor + time.Duration(s)*time.Second
		n := rec.count(Served, from, from+time.Second)
		switch {
		case rec.count(Throttled, from, from+time.Second) == 0:
			l.m.Unfinished = "the hold was not over the limit all along"
		case l.stalled(rec, from, from+time.Second):
			stalled = append(stalled, n)
		default:
			clean = append(clean, n)
		}
	}
	if len(clean) == 0 && len(stalled) > 0 && l.holdSecs < 3 && now+time.Second < l.o.MaxTime &&
		rec.throttled()+int(l.rate-l.estimated)+4 <= l.o.MaxThrottled {
		l.holdSecs++ // the sender stalled: one more second
		return l.pace(now), false
	}
	per := clean
	if len(per) == 0 {
		per = stalled
		l.m.Stalled = true
	}
	total := 0
	for _, n := range per {
		total += n
	}
	if len(per) > 0 {
		l.m.Sustained = float64(total) / float64(len(per))
	}
	l.m.Seconds = per
	l.m.Method = "hold"
	l.m.HoldRate = l.rate
	l.m.Window = time.Second
	l.finish(rec)
	return Send{}, true
}

// stalled reports whether the sender fell behind in [from, to) (a busy
// machine): it paused for longer than three of its intervals (an evenly
// spaced limiter loses the credit of such a pause), or it sent less than
// nine tenths of the rate it was holding (then that second measured the
// sender, not the limiter).
func (l *limitProbe) stalled(rec *Record, from, to time.Duration) bool {
	limit := max(time.Duration(3*float64(time.Second)/l.rate), 20*time.Millisecond)
	prev, sent := from, 0
	for _, h := range rec.Main(from) {
		if h.At >= to {
			break
		}
		if h.At-prev > limit {
			return true
		}
		prev = h.At
		sent++
	}
	return to-prev > limit || float64(sent) < 0.9*l.rate*(to-from).Seconds()
}
