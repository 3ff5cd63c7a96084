package load

import (
	"math"
	"time"
)

// Stages is an open-model arrival schedule: the rate moves linearly from
// one target to the next (vegeta's LinearPacer, one segment per stage,
// chained by elapsed time), and request k (from 0) goes at the time the
// planned count, the integral of the rate, reaches k. Requests are sent at
// their planned time whatever the answers do: a slow or throttled answer
// never holds the next arrival back. It is a Schedule (the drive's pacer)
// and a vegeta Pacer.
type Stages struct {
	start float64
	segs  []segment
	total int
	sent  int
}

// segment is one stage: from rate a to rate b over [t0, t0+d), with n0
// requests planned before it.
type segment struct {
	t0, d time.Duration
	a, b  float64
	n0    float64
}

// NewStages returns the schedule of stages starting at rate start.
func NewStages(start float64, stages []Stage) *Stages {
	s := &Stages{start: start}
	var t time.Duration
	n, a := 0.0, start
	for _, st := range stages {
		s.segs = append(s.segs, segment{t0: t, d: st.Duration, a: a, b: st.Rate, n0: n})
		n += (a + st.Rate) / 2 * st.Duration.Seconds()
		t += st.Duration
		a = st.Rate
	}
	s.total = ceilCount(n)
	return s
}

// Total is how many requests the schedule sends.
func (s *Stages) Total() int { return s.total }

// Next implements Schedule.
func (s *Stages) Next(now time.Duration, _ *Record) (Send, bool) {
	at, ok := s.At(s.sent)
	if !ok {
		return Send{}, true
	}
	if at <= now {
		s.sent++
	}
	return Send{At: at}, false
}

// Pace implements vegeta.Pacer: the wait until request hits goes.
func (s *Stages) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	at, ok := s.At(int(hits))
	if !ok {
		return 0, true
	}
	return max(at-elapsed, 0), false
}

// Rate implements vegeta.Pacer: the planned arrival rate at elapsed.
func (s *Stages) Rate(elapsed time.Duration) float64 {
	for _, g := range s.segs {
		if elapsed < g.t0+g.d {
			if elapsed < g.t0 {
				return g.a
			}
			return g.a + (g.b-g.a)*float64(elapsed-g.t0)/float64(g.d)
		}
	}
	return 0
}

// At is when request k (from 0) goes; false when the schedule has fewer.
func (s *Stages) At(k int) (time.Duration, bool) {
	if k < 0 || k >= s.total {
		return 0, false
	}
	want := float64(k)
	for i, g := range s.segs {
		n := (g.a + g.b) / 2 * g.d.Seconds()
		if want >= g.n0+n && i < len(s.segs)-1 {
			continue
		}
		r := want - g.n0 // requests into this segment
		if r <= 0 {
			return g.t0, true
		}
		// solve a·x + m/2·x² = r for x, in the form that stays exact when
		// the slope m is 0 or negative
		m := (g.b - g.a) / g.d.Seconds()
		x := 2 * r / (g.a + math.Sqrt(max(g.a*g.a+2*m*r, 0)))
		return g.t0 + min(time.Duration(x*float64(time.Second)), g.d-1), true
	}
	return 0, false
}

// Planned is how many requests the schedule sends in [from, to).
func (s *Stages) Planned(from, to time.Duration) int {
	return min(ceilCount(s.count(to)), s.total) - min(ceilCount(s.count(from)), s.total)
}

// count is the planned count at t: the integral of the rate from 0.
func (s *Stages) count(t time.Duration) float64 {
	n := 0.0
	for _, g := range s.segs {
		if t <= g.t0 {
			break
		}
		x := min(t-g.t0, g.d).Seconds()
		m := (g.b - g.a) / g.d.Seconds()
		n = g.n0 + g.a*x + m/2*x*x
	}
	return n
}

// ceilCount is the number of whole requests k with k < n: n rounded up,
// forgiving the rounding errors of float arithmetic.
func ceilCount(n float64) int { return int(math.Ceil(n - 1e-9)) }
