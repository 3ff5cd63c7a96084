package load

import (
	"math"
	"time"
)

// onsetPhase sends over the limit until the first throttle: what was
// served before it is the burst. It starts at LimitOptions.Start and goes
// to MaxRate (or ramps, Ramp) while nothing is throttled; a limit not
// enforced shows as nothing throttled at the top, more served than any
// enforced window allows. At a distance it goes in trains (train).
type onsetPhase struct {
	rateAt time.Duration // when its rate last changed
	// far: the trains of the documented limit and a few more
	trains    int           // answered in full (two at most)
	trainEnd  int           // the current train ends when this many are sent
	trainSent int           // requests of the second train sent
	quietAt   time.Duration // when the second train starts
	quietTo   time.Duration // its requests went out before this (the sender's clock)
}

// onsetFinding is what the onset found: the first throttle, and the rate
// it came at, or that nothing was throttled (over: not enforced).
type onsetFinding struct {
	throttled bool          // it found the first throttle
	t1        time.Duration // when the provider gave it
	rate      float64       // the rate at it
	over      bool          // nothing throttled: the limit is not enforced
	// far: the onset had a second train, quiet and at full rate (its
	// first was served in full); it starts at quietAt, and its requests
	// went out before quietTo (the sender's clock)
	quiet            bool
	quietAt, quietTo time.Duration
}

func (onsetFinding) isFinding() {}

func (p *onsetPhase) step(l *limitProbe, now time.Duration, rec *Record) (Send, finding) {
	if th, ok := rec.first(Throttled, 0); ok {
		l.note(now, rec, "first throttle at %.3fs, %d served before it", th.At.Seconds(), rec.count(Served, 0, th.At))
		return Send{}, p.finding(onsetFinding{throttled: true, t1: th.At, rate: l.rate})
	}
	if l.far() && rec.InFlight() > 0 && rec.InFlight()+1 >= l.o.MaxThrottled {
		// every request in flight may come back throttled (nothing has
		// been yet): one more would leave no budget, so the onset waits
		// for answers (one wakes the pacer)
		return Send{At: now + time.Hour}, nil
	}
	if l.far() && p.trains < 2 {
		if s, wait := p.train(l, now, rec); wait {
			return s, nil
		}
	}
	step := l.tun.ExtendAfter
	if l.o.Ramp {
		step = l.tun.RampEvery
	}
	if now-p.rateAt >= step {
		switch next, over := onsetStep(l.rate, rec.count(Served, 0, now), l.o, l.far(), l.tun); {
		case over:
			return Send{}, p.finding(onsetFinding{over: true})
		case l.rate < l.o.MaxRate:
			if l.far() {
				next = math.Min(next, math.Max(l.blindRate(), l.rate))
			}
			l.setRate(now, next)
			p.rateAt = now
		}
	}
	return l.pace(now), nil
}

// finding completes f with the onset's quiet train.
func (p *onsetPhase) finding(f onsetFinding) onsetFinding {
	f.quiet, f.quietAt, f.quietTo = p.trains > 0, p.quietAt, p.quietTo
	return f
}

// train bounds the onset at a distance: a train of the documented
// limit and a few more, then its answers; a window that holds no more than
// the documented limit has thrown by then, and what was sent blind past it
// is a few requests, not a round trip's worth. A train served in full may
// have straddled a fixed window's turn: a second one follows, as large,
// at full rate (a third of a second) and quiet (a second after anything
// was served); served in full too, the limiter holds more than a window of
// the documented limit (a bucket, a long window, a higher limit) and the
// onset goes on as at loopback. wait is true while the onset holds or
// paces the second train itself (s says when).
func (p *onsetPhase) train(l *limitProbe, now time.Duration, rec *Record) (s Send, wait bool) {
	if p.trains == 1 && rec.Sent < p.trainEnd {
		at := p.quietAt + time.Duration(float64(p.trainSent)/l.o.Start*float64(time.Second))
		if at <= now {
			p.trainSent++
			p.quietTo = now - rec.OneWay + l.tun.SentAfter
		}
		return Send{At: at}, true
	}
	if rec.Sent < p.trainEnd {
		return Send{}, false
	}
	if rec.InFlight() > 0 {
		return Send{At: now + time.Hour}, true // an answer wakes the pacer
	}
	p.trains++
	l.note(now, rec, "the onset's train %d was served in full", p.trains)
	if p.trains == 1 {
		size, d := max(l.o.Documented, 1)+l.tun.TrainExtra, max(l.o.Documented, 1)
		// the first train's requests by sending order, on the provider's
		// clock (the ranging's left out)
		var first []time.Duration
		for _, h := range rec.sentFrom(l.m.OnsetAt - rec.OneWay - l.tun.SentBefore) {
			first = append(first, h.Sent+rec.OneWay)
		}
		p.quietAt = l.quietStart(now, rec, 0)
		if len(first) > 0 {
			p.quietAt = offTurn(p.quietAt, straddleSpan(func(i int) time.Duration { return first[min(i, len(first)-1)] }, len(first), d),
				straddleSpan(p.secondAt(l), size, d), l.m.RoundTripSpread/2)
		}
		p.trainEnd, p.trainSent = rec.Sent+size, 0
		return Send{At: p.quietAt}, true
	}
	l.setRate(now, l.rate)
	p.rateAt = now
	return Send{}, false
}

// secondAt is when the second train's request i goes, from its first:
// at the onset's starting rate until what is in flight would spend the
// budget (the onset then waits for answers, step), then as the answers of
// its first requests come back, a round trip after them.
func (p *onsetPhase) secondAt(l *limitProbe) func(i int) time.Duration {
	out := max(l.o.MaxThrottled-1, 1)
	return func(i int) time.Duration {
		return time.Duration(float64(i%out)/l.o.Start*float64(time.Second)) + time.Duration(i/out)*l.m.RoundTrip
	}
}

// straddleSpan is where a fixed window of the documented limit must turn
// to serve a train of size in full (at says when its request i goes):
// between its request size-documented and its request documented-1, each
// side then holds no more than the limit.
func straddleSpan(at func(i int) time.Duration, size, documented int) [2]time.Duration {
	return [2]time.Duration{at(max(size-documented, 0)), at(max(min(documented, size)-1, 0))}
}

// offTurn is the earliest start from earliest of the onset's second
// train (whose straddleSpan from its start is second) that no turn of a
// fixed window that let the first through in full (it turned within
// first, and every second from there) can let through in full too,
// margin kept either side; when there is none, the start that meets the
// turn farthest from where it would (half a second from first's middle).
// Placed a second after the last served request, the second train met
// the turn at nearly the phase the first had (the first train's length,
// a second, and the jitter's margin after it) and straddled it again: a
// fixed window at 37 then ran out of its 10 s or its budget, in three
// runs of make test in a row (TestOffTurn: about one straddle in five
// straddled again at 37, none now). It costs about three quarters of a
// second where the first train was served in full.
func offTurn(earliest time.Duration, first, second [2]time.Duration, margin time.Duration) time.Duration {
	lo, hi := first[0]-second[1]-margin, first[1]-second[0]+margin // starts that meet a turn in the span
	if hi-lo >= time.Second {
		mid := (first[0]+first[1])/2 + time.Second/2 - (second[0]+second[1])/2
		shift := (mid - earliest) % time.Second
		if shift < 0 {
			shift += time.Second
		}
		return earliest + shift
	}
	k := time.Duration(math.Floor((earliest - lo).Seconds())) * time.Second
	if earliest < hi+k {
		return hi + k
	}
	return earliest
}

// onsetStep judges an onset that has run a step at rate, served served
// and not throttled once: the rate it goes on at, or over when the limit
// is not enforced (nothing throttled at the top rate, served more than
// any enforced window up to MaxTime allows).
func onsetStep(rate float64, served int, o LimitOptions, far bool, t Tuning) (next float64, over bool) {
	if rate >= o.MaxRate {
		// a window of up to MaxTime could still have turned while the
		// onset ran: it goes on at the top until it would have thrown
		return rate, served > windowProof(o.Documented, o.MaxTime)
	}
	next = o.MaxRate // not throttled at three times the limit: straight to the top
	if o.Ramp {
		next = t.RampBy * rate
	}
	if far {
		// at a distance a round trip goes out blind at whatever rate
		// this is: a smooth limiter throttles all of the excess
		next = math.Min(next, math.Max(rate, t.FarCap*float64(max(o.Documented, 1))))
	}
	return next, false
}

// windowProof is how many requests an enforced limit could serve without
// one throttle to a sender that began anywhere in a window of up to
// MaxTime, the longest the probe measures: two windows' worth, the end of
// one and the whole next. Served more than that unthrottled, the limit is
// not enforced over any such window. Fewer could be a long window that
// turned while the onset ran (a fixed 10 s window of 100 serves 167
// requests in 3 s to a sender that starts 8 s into it).
func windowProof(documented int, maxTime time.Duration) int {
	return int(2 * float64(max(documented, 1)) * maxTime.Seconds())
}
