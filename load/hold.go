package load

import "time"

// holdPhase holds a smooth limiter just over its rate: a calibration
// first (what the limiter serves in Tuning.Calibration over its limit sets
// the rate), then whole seconds are counted at that rate. A token bucket
// and an evenly spaced limiter serve their rate whatever the sender sends
// over it, so the rate may change without a transient.
type holdPhase struct {
	stage     holdStage
	estimated float64       // the rate the limiter serves, as last estimated
	from      time.Duration // when the hold (or its last raise) began
	calibAt   time.Duration // holdCalibrating on: the hold's first throttle
	anchor    time.Duration // holdCounting: the counted seconds begin
	secs      int           // holdCounting: how many
}

// holdStage is where a hold is.
type holdStage int

const (
	holdRising      holdStage = iota // not throttled yet: raised until it is
	holdCalibrating                  // over the limit, for Tuning.Calibration
	holdCounting                     // over it at the calibrated rate, whole seconds counted
)

// holdFinding is what a hold counted.
type holdFinding struct {
	sustained float64 // what the counted seconds served, on average
	seconds   []int   // what each served
	rate      float64 // the rate held
	stalled   bool    // every counted second had the sender fall behind
	under     bool    // a second had no throttle: not over the limit all along
}

func (holdFinding) isFinding() {}

// startHold holds from an estimate of the limiter's rate.
func (l *limitProbe) startHold(now time.Duration, rec *Record, estimated float64) (Send, bool) {
	l.note(now, rec, "hold from an estimate of %.1f/s", estimated)
	l.setRate(now, l.tun.HoldFirst*estimated+l.tun.HoldExtra)
	return l.begin(now, rec, &holdPhase{estimated: estimated, from: now})
}

func (h *holdPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	switch h.stage {
	case holdRising:
		th, ok := rec.first(Throttled, h.from)
		if !ok {
			if now-h.from >= l.tun.HoldWait {
				// not over the limit: the estimate was low
				h.from = now
				l.setRate(now, l.tun.HoldRaise*l.rate+l.tun.HoldExtra)
			}
			return l.pace(now), nil
		}
		h.stage, h.calibAt = holdCalibrating, th.At
		l.wantCompanion = true
		fallthrough
	case holdCalibrating:
		if !h.calibrate(l, now, rec) {
			return l.pace(now), nil
		}
	}
	end := h.anchor + time.Duration(h.secs)*time.Second
	if now < end {
		return l.pace(now), nil
	}
	if rec.InFlight() > 0 {
		return Send{At: now + l.tun.AnswerPoll}, nil // the last answers
	}
	clean, stalled, under := countHold(rec, h.anchor, h.secs, l.rate, l.tun)
	if len(clean) == 0 && len(stalled) > 0 && h.secs < l.tun.HoldMaxSeconds && now+time.Second < l.o.MaxTime &&
		rec.throttled()+int(l.rate-h.estimated)+l.tun.HoldMargin <= l.o.MaxThrottled {
		h.secs++ // the sender stalled: one more second
		return l.pace(now), nil
	}
	f := holdFinding{seconds: clean, rate: l.rate, under: under}
	if len(clean) == 0 {
		f.seconds, f.stalled = stalled, true
	}
	total := 0
	for _, n := range f.seconds {
		total += n
	}
	if len(f.seconds) > 0 {
		f.sustained = float64(total) / float64(len(f.seconds))
	}
	return Send{}, f
}

// calibrate waits out the calibration, and sets the rate of the counted
// seconds from it (true); a calibration served in full for a while
// raises the rate and starts again.
func (h *holdPhase) calibrate(l *limitProbe, now time.Duration, rec *Record) bool {
	end := h.calibAt + l.tun.Calibration
	if now < end || rec.InFlight() > 0 && now < end+l.tun.LateAnswers {
		return false
	}
	half := h.calibAt + l.tun.Calibration/2
	if rec.count(Throttled, half, end) == 0 {
		// served in full for a while: not over the limit
		h.stage, h.from = holdRising, now
		l.setRate(now, l.tun.HoldRaise*l.rate+l.tun.HoldExtra)
		return false
	}
	h.estimated = float64(rec.count(Served, h.calibAt, end)) / l.tun.Calibration.Seconds()
	// over the estimate by a margin, and by one request of the
	// calibration's count, which may be one short
	l.setRate(now, l.tun.HoldOver*h.estimated+l.tun.HoldExtra+1/l.tun.Calibration.Seconds())
	h.stage, h.anchor = holdCounting, now
	// whole seconds: two when the budget allows it, one more if one stalled
	h.secs = 1
	if rec.throttled()+l.maybeThrottled(rec)+int(float64(l.tun.HoldSeconds)*(l.rate-h.estimated))+l.tun.HoldMargin <= l.o.MaxThrottled {
		h.secs = l.tun.HoldSeconds
	}
	return true
}

// countHold counts what the hold's whole seconds from anchor served, at
// the rate it held: the clean seconds, those in which the sender stalled,
// and whether a second had no throttle (under: the hold was not over the
// limit all along, and measured the sender).
func countHold(rec *Record, anchor time.Duration, secs int, rate float64, t Tuning) (clean, stalls []int, under bool) {
	for s := 0; s < secs; s++ {
		from := anchor + time.Duration(s)*time.Second
		n := rec.count(Served, from, from+time.Second)
		switch {
		case rec.count(Throttled, from, from+time.Second) == 0:
			under = true
		case stalled(rec, from, from+time.Second, rate, t):
			stalls = append(stalls, n)
		default:
			clean = append(clean, n)
		}
	}
	return clean, stalls, under
}

// stalled reports whether the sender fell behind in [from, to) (a busy
// machine): it paused for longer than three of its intervals (an evenly
// spaced limiter loses the credit of such a pause), or it sent less than
// nine tenths of the rate it was holding (then that second measured the
// sender, not the limiter).
func stalled(rec *Record, from, to time.Duration, rate float64, t Tuning) bool {
	limit := max(time.Duration(t.StallIntervals*float64(time.Second)/rate), t.StallFloor)
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
	return to-prev > limit || float64(sent) < t.StallShare*rate*(to-from).Seconds()
}
