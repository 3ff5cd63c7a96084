package load

import (
	"math"
	"slices"
	"time"
)

// Hit is one answered request of a drive, as a schedule and the analysis
// see it.
type Hit struct {
	// At is when the provider answered it, since the drive began: when
	// the answer came, less the one-way share of the round trip
	// (Record.OneWay). A far provider's answers are judged by when it
	// gave them, not by when they were sent or came back.
	At        time.Duration
	Sent      time.Duration // when it was sent, since the drive began (the sender's clock)
	Latency   time.Duration
	Class     Class
	Companion bool   // a request of the companion operation (the shared-bucket check)
	Fault     bool   // no answer, or an answer that is not Alibaba's (a 502 page, say)
	RateLimit string // the rate-limit header of the answer ("" when none)
}

// Record is what a drive has seen so far.
type Record struct {
	Hits []Hit // in the order the answers came
	Sent int   // requests sent so far, answered or not
	// OneWay is the one-way share of the round trip, set by the
	// schedule once it has measured it (0 until then, and at loopback
	// about 0.1 ms). Hits answered after it is set are placed at their
	// answer time less OneWay, and a schedule's now is the moment a
	// request sent now reaches the provider: the drive's elapsed time
	// plus OneWay.
	OneWay time.Duration
}

// InFlight is how many requests are sent and not yet answered.
func (r *Record) InFlight() int { return r.Sent - len(r.Hits) }

// Main returns the hits of the probed operation sent at or after from,
// in the order they were sent.
func (r *Record) Main(from time.Duration) []Hit {
	var out []Hit
	for _, h := range r.Hits {
		if !h.Companion && h.At >= from {
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b Hit) int { return int(a.At - b.At) })
	return out
}

// count counts the hits of the probed operation sent in [from, to) of a
// class.
func (r *Record) count(class Class, from, to time.Duration) int {
	n := 0
	for _, h := range r.Hits {
		if !h.Companion && h.Class == class && h.At >= from && h.At < to {
			n++
		}
	}
	return n
}

// throttled counts every throttled answer, companion ones included.
func (r *Record) throttled() int {
	n := 0
	for _, h := range r.Hits {
		if h.Class == Throttled {
			n++
		}
	}
	return n
}

// sentFrom returns the hits of the probed operation sent at or after from
// (the sender's clock), in the order they were sent.
func (r *Record) sentFrom(from time.Duration) []Hit {
	var out []Hit
	for _, h := range r.Hits {
		if !h.Companion && h.Sent >= from {
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b Hit) int { return int(a.Sent - b.Sent) })
	return out
}

// first returns the hit of the probed operation of a class that the
// provider answered first, among those it answered at or after from.
func (r *Record) first(class Class, from time.Duration) (Hit, bool) {
	return r.earliest(class, func(h Hit) bool { return h.At >= from }, answeredAt)
}

// firstSent returns the hit of the probed operation of a class that the
// provider answered first, among those sent at or after from (the
// sender's clock).
func (r *Record) firstSent(class Class, from time.Duration) (Hit, bool) {
	return r.earliest(class, func(h Hit) bool { return h.Sent >= from }, answeredAt)
}

// firstSentOf returns the hit of the probed operation of a class that was
// sent first.
func (r *Record) firstSentOf(class Class) (Hit, bool) {
	return r.earliest(class, func(Hit) bool { return true }, func(h Hit) time.Duration { return h.Sent })
}

// lastSentBefore returns the hit of the probed operation of a class that
// was sent last before to (the sender's clock).
func (r *Record) lastSentBefore(class Class, to time.Duration) (Hit, bool) {
	return r.earliest(class, func(h Hit) bool { return h.Sent < to }, func(h Hit) time.Duration { return -h.Sent })
}

// lastServed is when the provider last served the probed operation (0
// when it has served none).
func (r *Record) lastServed() time.Duration {
	last := time.Duration(0)
	for _, h := range r.Hits {
		if !h.Companion && h.Class == Served && h.At > last {
			last = h.At
		}
	}
	return last
}

// earliest returns the hit of the probed operation of a class that keep
// accepts with the least by.
func (r *Record) earliest(class Class, keep func(Hit) bool, by func(Hit) time.Duration) (Hit, bool) {
	var best Hit
	found := false
	for _, h := range r.Hits {
		if !h.Companion && h.Class == class && keep(h) && (!found || by(h) < by(best)) {
			best, found = h, true
		}
	}
	return best, found
}

func answeredAt(h Hit) time.Duration { return h.At }

// classesSent counts the probed operation's answers served and throttled
// among the requests sent in [from, to) (the sender's clock).
func (r *Record) classesSent(from, to time.Duration) (served, throttled int) {
	for _, h := range r.Hits {
		if h.Companion || h.Sent < from || h.Sent >= to {
			continue
		}
		switch h.Class {
		case Served:
			served++
		case Throttled:
			throttled++
		}
	}
	return served, throttled
}

// lastThrottledSent is when the last throttled request of the probed
// operation was sent, on the probe's clock (when it reached the
// provider), and how many sent after it were served.
func (r *Record) lastThrottledSent() (time.Duration, int) {
	last, ok := r.lastSentBefore(Throttled, math.MaxInt64)
	if !ok {
		return r.lastSent(), 0
	}
	served := 0
	for _, h := range r.sentFrom(last.Sent + 1) {
		if h.Class == Served {
			served++
		}
	}
	return last.Sent + r.OneWay, served
}

// lastSent is when the last request answered was sent, on the probe's
// clock (when it reached the provider).
func (r *Record) lastSent() time.Duration {
	last := time.Duration(0)
	for _, h := range r.Hits {
		last = max(last, h.Sent)
	}
	return last + r.OneWay
}
