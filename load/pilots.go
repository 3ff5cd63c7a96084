package load

import "time"

// pilotsPhase sends single requests, pilots, from a throttle (ref) until
// one is served: when the window turned. After the first throttle
// (first stretch) they are dense in the first second, then spaced out; in
// a long window (long: its second stretch) evenly.
type pilotsPhase struct {
	ref      time.Duration // pilots count from here
	n        int           // pilots sent since ref
	long     bool          // a long window's second stretch
	sentFrom time.Duration // far: pilots went out from then on (the sender's clock)
}

// pilotsFinding is the served pilot, gap after the throttle; turn is when
// the window turned, at a distance (from the pilots in sending order).
type pilotsFinding struct {
	served, gap, turn time.Duration
	long              bool
}

func (pilotsFinding) isFinding() {}

// startPilots sends pilots from the throttle at ref.
func (l *limitProbe) startPilots(now time.Duration, rec *Record, ref time.Duration, long bool) (Send, bool) {
	p := &pilotsPhase{ref: ref, long: long}
	if l.far() {
		p.sentFrom = now - rec.OneWay - l.tun.SentBefore
	}
	return l.begin(now, rec, p)
}

func (p *pilotsPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	// only a pilot tells: a request sent just after the throttle may have
	// been overtaken by it on the way, and served before it
	srv, ok := rec.first(Served, p.ref+p.offset(0, l.tun)-l.tun.PilotSlack)
	if l.far() {
		// at a distance the jitter places some of what went before
		// after the throttle: only a pilot, told by when it was sent,
		// tells
		srv, ok = rec.firstSent(Served, p.sentFrom)
	}
	if ok && p.n > 0 {
		f := pilotsFinding{served: srv.At, gap: srv.At - p.ref, long: p.long}
		l.note(now, rec, "a pilot served at %.3fs, %.3fs after the throttle", srv.At.Seconds(), f.gap.Seconds())
		if l.far() {
			// with the throttled request sent last before the pilots: the
			// first pilot may have been served already (those whose time
			// passed while the answers travelled were skipped), and the
			// turn is then between it and the tail, not at it
			hits := rec.sentFrom(p.sentFrom)
			if last, ok := rec.lastSentBefore(Throttled, p.sentFrom); ok {
				hits = append([]Hit{last}, hits...)
			}
			f.turn = turnOf(hits)
		}
		return Send{}, f
	}
	if l.far() {
		// the answers that started the pilots came a round trip late:
		// pilots whose time has passed are not sent in a bunch
		for p.ref+p.offset(p.n, l.tun) < now-l.tun.PilotSlack && p.n < l.tun.MaxPilotSkip {
			p.n++
		}
	}
	at := p.ref + p.offset(p.n, l.tun)
	if at <= now {
		p.n++
	}
	return Send{At: at}, nil
}

// offset is when pilot n goes after the throttle.
func (p *pilotsPhase) offset(n int, t Tuning) time.Duration { return pilotOffset(n, !p.long, t) }

// throttledFor is how long the first stretch has lasted, when it has
// lasted longer than a second's window would: what is known of a long
// window when the probe must stop (0 = not that).
func (p *pilotsPhase) throttledFor(now time.Duration, t Tuning) time.Duration {
	if p.long || now-p.ref <= t.PerSecondGap {
		return 0
	}
	return now - p.ref
}

// pilotOffset is when pilot n goes after the throttle: the first stretch
// of a window (first) or, in a long window, its next turn.
func pilotOffset(n int, first bool, t Tuning) time.Duration {
	offsets := t.PilotOffsets
	if first && n < len(offsets) {
		return offsets[n]
	}
	if first {
		// past the offsets the window is long and its first stretch only
		// needs telling from a second: the spacing grows by a quarter each
		// pilot, so waiting out a window of 10 s costs about 8 more
		// throttled requests, not 20 (the budget is 30)
		at := offsets[len(offsets)-1]
		gap := t.PilotEvery
		for k := len(offsets); k <= n; k++ {
			at += gap
			gap = time.Duration(float64(gap) * t.PilotGrowth)
		}
		return at
	}
	return time.Duration(n+1) * t.PilotEvery
}
