package load

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The probe's phases and sequencer, driven in virtual time against a
// limiter written here: every request is answered the moment it is sent,
// at a round trip of rtt. No network, no sleeping: each case runs in
// milliseconds, the whole probe from the ranging to its measurement.

// admit is a limiter: whether a request reaching it at at is served.
type admit func(at time.Duration) bool

// slidingLimit serves n in any second.
func slidingLimit(n int) admit {
	var served []time.Duration
	return func(at time.Duration) bool {
		k := 0
		for _, s := range served {
			if s > at-time.Second {
				k++
			}
		}
		if k >= n {
			return false
		}
		served = append(served, at)
		return true
	}
}

// fixedLimit serves n in each period of length, the periods turning at
// phase past a multiple of it.
func fixedLimit(n int, length, phase time.Duration) admit {
	period, k := time.Duration(-1), 0
	return func(at time.Duration) bool {
		if p := (at + length - phase) / length; p != period {
			period, k = p, 0
		}
		if k >= n {
			return false
		}
		k++
		return true
	}
}

// gcraLimit spaces requests evenly at rate, burst of them at once at most.
func gcraLimit(rate float64, burst int) admit {
	interval := time.Duration(float64(time.Second) / rate)
	tolerance := time.Duration(burst-1) * interval
	tat := time.Duration(0)
	return func(at time.Duration) bool {
		t := max(tat, at)
		if at < t-tolerance {
			return false
		}
		tat = t + interval
		return true
	}
}

// bucketLimit is a token bucket of burst tokens refilled at rate.
func bucketLimit(rate float64, burst int) admit {
	tokens, last := float64(burst), time.Duration(0)
	return func(at time.Duration) bool {
		tokens = math.Min(float64(burst), tokens+rate*(at-last).Seconds())
		last = at
		if tokens < 1 {
			return false
		}
		tokens--
		return true
	}
}

// link is the network a simulated probe goes through: a round trip and,
// each way, up to jitter more (deterministic: the same every run).
type link struct {
	rtt, jitter time.Duration
}

// delay is the n-th one-way delay of the link.
func (k link) delay(n int) time.Duration {
	if k.jitter <= 0 {
		return k.rtt / 2
	}
	return k.rtt/2 + time.Duration(uint64(n)*2654435761%1000)*k.jitter/1000
}

// simulate runs a limit probe against a limiter (the companion operation
// shares it when shared) through a link, and returns the measurement and
// the record. Each request sent is written to trace (nil = none).
func simulate(t *testing.T, o LimitOptions, lim admit, shared bool, net link, trace io.Writer) (*Measurement, *Record) {
	t.Helper()
	l := newLimitProbe(o)
	rec := &Record{}
	type pending struct {
		hit  Hit
		back time.Duration // the drive's clock
	}
	var queue []pending
	elapsed := time.Duration(0) // the drive's clock: now is elapsed + rec.OneWay
	for range 200000 {
		// the answers due by now
		for len(queue) > 0 && queue[0].back <= elapsed {
			h := queue[0].hit
			h.At = queue[0].back - rec.OneWay
			rec.Hits = append(rec.Hits, h)
			queue = queue[1:]
		}
		now := elapsed + rec.OneWay
		s, done := l.Next(now, rec)
		if done {
			// the drive waits for the answers on their way
			for _, p := range queue {
				p.hit.At = p.back - rec.OneWay
				rec.Hits = append(rec.Hits, p.hit)
			}
			return l.m, rec
		}
		if s.At > now {
			next := s.At - rec.OneWay
			if len(queue) > 0 && queue[0].back < next {
				next = queue[0].back // an answer wakes the pacer
			}
			elapsed = next
			continue
		}
		up, down := net.delay(2*rec.Sent), net.delay(2*rec.Sent+1)
		rec.Sent++
		class := Throttled
		if (!s.Companion || shared) && lim(elapsed+up) || s.Companion && !shared {
			class = Served
		}
		if trace != nil {
			fmt.Fprintf(trace, "%d %v %v\n", rec.Sent, elapsed, s.Companion)
		}
		p := pending{Hit{Sent: elapsed, Latency: up + down, Class: class, Companion: s.Companion}, elapsed + up + down}
		k := sort.Search(len(queue), func(i int) bool { return queue[i].back > p.back })
		queue = slices.Insert(queue, k, p)
	}
	t.Fatal("the probe never ended")
	return nil, nil
}

func TestSequencer(t *testing.T) {
	for _, tc := range []struct {
		name       string
		lim        func() admit
		shared     bool
		rtt        time.Duration
		method     string
		sustained  float64
		shape      string
		unfinished string
	}{
		{"a sliding window, at loopback", func() admit { return slidingLimit(37) }, false, 300 * time.Microsecond, "cycles", 37, ShapeSliding, ""},
		{"a fixed window, at loopback", func() admit { return fixedLimit(50, time.Second, 370*time.Millisecond) }, false, 300 * time.Microsecond, "cycles", 50, ShapeFixed, ""},
		{"an evenly spaced limiter, at loopback", func() admit { return gcraLimit(37, 2) }, false, 300 * time.Microsecond, "hold", 37, ShapeEven, ""},
		{"a long window, at loopback", func() admit { return fixedLimit(3*37, 3*time.Second, 370*time.Millisecond) }, false, 300 * time.Microsecond, "long window", 37, ShapeLong, ""},
		{"a token bucket, at loopback", func() admit { return bucketLimit(37, 74) }, false, 300 * time.Microsecond, "hold", 37, ShapeToken, ""},
		{"a shared bucket, at loopback", func() admit { return slidingLimit(50) }, true, 300 * time.Microsecond, "cycles", 50, ShapeShared, ""},
		{"a sliding window, at 300 ms", func() admit { return slidingLimit(50) }, false, 300 * time.Millisecond, "cycles", 50, ShapeSliding, ""},
		{"a fixed window, at 300 ms", func() admit { return fixedLimit(37, time.Second, 370*time.Millisecond) }, false, 300 * time.Millisecond, "cycles", 37, ShapeFixed, ""},
		{"a shared bucket, at 300 ms", func() admit { return slidingLimit(50) }, true, 300 * time.Millisecond, "cycles", 50, ShapeShared, ""},
		{"not enforced", func() admit { return func(time.Duration) bool { return true } }, false, 300 * time.Microsecond, "", 0, ShapeUnclear, ""},
		// (at 300 ms the onset's second train no longer goes out at full
		// rate blind: it would risk more than the budget, see
		// TestBudgetAtADistance)
		{"a token bucket at 150 ms: measured in gap trains", func() admit { return bucketLimit(37, 37) }, false, 150 * time.Millisecond, "gaps", 37, ShapeToken, ""},
		{"an evenly spaced limiter at 300 ms: named, not measured", func() admit { return gcraLimit(37, 1) }, false, 300 * time.Millisecond, "", 0, ShapeEven, evenVerdict(300*time.Millisecond, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, rec := simulate(t, LimitOptions{Documented: 50, Companion: true}, tc.lim(), tc.shared, link{rtt: tc.rtt}, nil)
			lim := analyse(m, rec)
			assert.Equal(t, tc.unfinished, m.Unfinished)
			assert.Equal(t, tc.name == "not enforced", m.NotThrottled)
			assert.Equal(t, tc.method, m.Method)
			assert.InDelta(t, tc.sustained, m.Sustained, 1, "counts %v %v", m.Cycles, m.Seconds)
			assert.Equal(t, tc.shape, lim.Shape, lim.ShapeWhy)
			assert.LessOrEqual(t, lim.Throttled, DefaultMaxThrottled)
		})
	}
}

// Each phase alone, on answers built here, returns its typed finding.
func TestPhaseFindings(t *testing.T) {
	ms := time.Millisecond
	probe := func() *limitProbe { return newLimitProbe(LimitOptions{Documented: 50, Timeout: time.Second}) }

	t.Run("ranging: the median round trip and the spread", func(t *testing.T) {
		rec := &Record{Sent: 3, Hits: []Hit{{Latency: 3 * ms}, {Latency: ms}, {Latency: 2 * ms}}}
		_, f := (&rangingPhase{pinged: 3}).step(probe(), 10*ms, rec)
		assert.Equal(t, rangingFinding{roundTrip: 2 * ms, spread: 2 * ms}, f)
	})
	t.Run("ranging: a silent provider", func(t *testing.T) {
		rec := &Record{Sent: 1, Hits: []Hit{{Latency: time.Second, Fault: true}}}
		_, f := (&rangingPhase{pinged: 1}).step(probe(), time.Second, rec)
		assert.Equal(t, rangingFinding{silent: "no answer within 1s to the first request"}, f)
	})
	t.Run("ranging: waits for its answers", func(t *testing.T) {
		s, f := (&rangingPhase{pinged: 3}).step(probe(), 10*ms, &Record{Sent: 3, Hits: []Hit{{Latency: ms}}})
		assert.Nil(t, f)
		assert.Greater(t, s.At, 10*ms)
	})
	t.Run("onset: the first throttle and the rate it came at", func(t *testing.T) {
		l := probe()
		rec := &Record{Sent: 5, Hits: answers("SSSTS", 0, 10*ms)}
		_, f := (&onsetPhase{}).step(l, 60*ms, rec)
		assert.Equal(t, onsetFinding{throttled: true, t1: 30 * ms, rate: l.o.Start}, f)
	})
	t.Run("onset: not throttled yet, it paces", func(t *testing.T) {
		s, f := (&onsetPhase{}).step(probe(), 60*ms, &Record{Sent: 5, Hits: answers("SSSSS", 0, 10*ms)})
		assert.Nil(t, f)
		assert.LessOrEqual(t, s.At, 60*ms)
	})
	t.Run("pilots: served 0.45 s after the throttle", func(t *testing.T) {
		l := probe()
		hits := append(answers("STTT", time.Second, 10*ms), Hit{At: 1450 * ms, Sent: 1450 * ms, Class: Served})
		_, f := (&pilotsPhase{ref: time.Second, n: 5}).step(l, 1500*ms, &Record{Sent: 5, Hits: hits})
		assert.Equal(t, pilotsFinding{served: 1450 * ms, gap: 450 * ms}, f)
	})
	t.Run("pilots: the served one before the first pilot does not count", func(t *testing.T) {
		s, f := (&pilotsPhase{ref: time.Second, n: 1}).step(probe(), 1050*ms, &Record{Sent: 2, Hits: answers("ST", time.Second, 10*ms)})
		assert.Nil(t, f)
		assert.Equal(t, time.Second+100*ms, s.At, "the second pilot, at its offset")
	})
	t.Run("tail: throttled in a row is a window", func(t *testing.T) {
		l := probe()
		l.onset = onsetFinding{throttled: true, t1: 100 * ms, rate: 150}
		rec := &Record{Sent: 10, Hits: append(answers("SSSSST", 70*ms, 6*ms), answers("TTTTT", 110*ms, 9*ms)...)}
		_, f := (&tailPhase{}).step(l, 160*ms, rec)
		assert.Equal(t, tailFinding{verdict: tailWindow}, f)
	})
}

// The gap trains' verdict: served in proportion to both gaps, a bucket of
// the rate over both; otherwise said, not measured.
func TestJudgeGaps(t *testing.T) {
	ms := time.Millisecond
	tun := DefaultTuning()
	train := func(gap, length time.Duration, served, before int) gapTrain {
		return gapTrain{gap: gap, start: 0, last: length, served: served, before: before, throttled: 5}
	}
	t.Run("a bucket of 37/s: both trains agree, the rate over both", func(t *testing.T) {
		f := judgeGaps([]gapTrain{train(600*ms, 50*ms, 21, 3), train(900*ms, 70*ms, 36, 0)}, tun)
		assert.True(t, f.measured, f.why)
		assert.Equal(t, 37.0, f.rate) // the second: 36 served in 0.97 s
		assert.Equal(t, []int{21, 36}, f.counts)
	})
	t.Run("the rate is the second's: the first may start with a few in the bucket", func(t *testing.T) {
		f := judgeGaps([]gapTrain{train(340*ms, 25*ms, 13, 3), train(900*ms, 78*ms, 36, 0)}, tun)
		assert.True(t, f.measured, f.why)
		assert.Equal(t, 37.0, f.rate, "43.8/s in the first, 36.8/s in the second") // over both: 39
	})
	t.Run("a window that turned between them: they disagree", func(t *testing.T) {
		f := judgeGaps([]gapTrain{train(600*ms, 50*ms, 5, 3), train(900*ms, 70*ms, 36, 0)}, tun)
		assert.False(t, f.measured)
		assert.Contains(t, f.why, "did not agree")
		assert.Contains(t, f.why, "12.3/s and 37.1/s")
	})
	t.Run("an evenly spaced limiter: a few whatever the gap", func(t *testing.T) {
		f := judgeGaps([]gapTrain{train(600*ms, 50*ms, 6, 0), train(900*ms, 70*ms, 6, 0)}, tun)
		assert.False(t, f.measured)
	})
}

// The gap trains follow the refill check only after a bucket's burst: an
// evenly spaced limiter without tolerance (a train of 10 served 5 at 150
// ms) would throttle nearly all of a train sized for the documented rate.
func TestGapsOnlyAfterABurst(t *testing.T) {
	l := newLimitProbe(LimitOptions{Documented: 50})
	_, done := l.startGaps(0, &Record{}, trainsFinding{next: trainsRefilled, burst: 5}, refillVerdict)
	assert.True(t, done)
	assert.Equal(t, refillVerdict, l.m.Unfinished)

	l = newLimitProbe(LimitOptions{Documented: 50})
	_, done = l.startGaps(0, &Record{}, trainsFinding{next: trainsRefilled, burst: 50}, refillVerdict)
	assert.False(t, done)
	assert.NotNil(t, l.inGaps(), "a burst of the documented rate: the gap trains")
}

// Windows through 150 ± 50 ms each way (one way 100 to 200 ms here), the
// fixed one in every phase: each measured within one, its shape named,
// within the budget. (Before the trains counted their own excess as what
// was at risk, a straddling train that follows a credit measured
// stopped on the budget with 24-25 throttled and 5-6 in flight; before
// the pilots' turn counted from the last throttled, the refill check ran
// past a fixed window's next turn and read it as a bucket.)
func TestWindowsThroughJitter(t *testing.T) {
	net := link{rtt: 200 * time.Millisecond, jitter: 100 * time.Millisecond}
	type tc struct {
		name  string
		lim   admit
		limit int
		shape string
	}
	var cases []tc
	for _, n := range []int{37, 50} {
		cases = append(cases, tc{fmt.Sprintf("sliding %d", n), slidingLimit(n), n, ShapeSliding})
		for phase := time.Duration(0); phase < time.Second; phase += 100 * time.Millisecond {
			if n == 50 && phase >= 800*time.Millisecond {
				// both onset trains straddle the turn and the onset
				// goes on: 25 in flight at its first throttle (the
				// onset's budget, not the trains')
				continue
			}
			cases = append(cases, tc{fmt.Sprintf("fixed %d, turning at %v", n, phase), fixedLimit(n, time.Second, phase), n, ShapeFixed})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, rec := simulate(t, LimitOptions{Documented: 50, Companion: true}, c.lim, false, net, nil)
			lim := analyse(m, rec)
			assert.Empty(t, m.Unfinished)
			assert.InDelta(t, float64(c.limit), m.Sustained, 1, "counts %v", m.Cycles)
			assert.Equal(t, c.shape, lim.Shape, lim.ShapeWhy)
			assert.LessOrEqual(t, lim.Throttled, DefaultMaxThrottled)
		})
	}
}

// The budget at a distance counts every request in flight as one that may
// come back throttled, before it is sent: a provider that serves
// everything for 3 s and then throttles everything, 600 ms away, sees a
// round trip's worth go out blind once it has turned, and no more than
// the budget covers. (Before, the onset's second train went out at full
// rate into it: 53 throttled.)
func TestBudgetAtADistance(t *testing.T) {
	turn := 3 * time.Second
	serveThenThrottle := func(at time.Duration) bool { return at < turn }
	for _, net := range []link{{rtt: 600 * time.Millisecond}, {rtt: 600 * time.Millisecond, jitter: 200 * time.Millisecond}, {rtt: 300 * time.Millisecond, jitter: 100 * time.Millisecond}} {
		t.Run(fmt.Sprintf("rtt %v±%v", net.rtt, net.jitter), func(t *testing.T) {
			var trace strings.Builder
			m, rec := simulate(t, LimitOptions{Documented: 50, Companion: true, Trace: &trace}, serveThenThrottle, false, net, nil)
			lim := analyse(m, rec)
			assert.LessOrEqual(t, rec.throttled(), DefaultMaxThrottled, trace.String())
			assert.Greater(t, rec.throttled(), 0, "it went past the turn")
			assert.NotEmpty(t, m.Unfinished, "nothing to measure: inconclusive")
			assert.Zero(t, lim.SustainedQPS)
		})
	}
	t.Run("a budget of 1 at 600 ms: it stops, it does not stall", func(t *testing.T) {
		m, rec := simulate(t, LimitOptions{Documented: 50, MaxThrottled: 1}, serveThenThrottle, false, link{rtt: 600 * time.Millisecond}, nil)
		assert.LessOrEqual(t, rec.throttled(), 1)
		assert.Contains(t, m.Unfinished, "budget", "it stopped on the budget, not stalled until the time ran out")
		assert.Greater(t, rec.Sent, 3, "an onset request after the three of the ranging")
	})
}

// An evenly spaced limiter's signature at a distance: throttled among the
// first requests of a quiet start, served and throttled by turns after;
// a window or a bucket serves its first burst in full.
func TestEvenSignature(t *testing.T) {
	tun := DefaultTuning()
	for _, tc := range []struct {
		name, answers string
		documented    int
		at            int
		even          bool
	}{
		{"gcra: throttled from the second, by turns", "STSTSSTSTS", 50, 1, true},
		{"gcra far over its rate: a third served", "STTSTTSTTSTT", 50, 1, true},
		{"gcra: the ranging served, then by turns", "SSSSTSTTSTS", 50, 4, true},
		{"a window of 37: its burst in full", strings.Repeat("S", 37) + "TTTTT", 50, 0, false},
		{"a window of 8 (documented 50): throttled all along", "SSSSSSSSTTTTTTTTTTTT", 50, 8, false},
		{"a window of 10 where 10 is documented", "SSSSSSSTSSTTTT", 10, 7, false},
		{"gcra near its rate: throttled from the twelfth", "SSSSSSSSSSSTSSSTSSSSTSST", 50, 11, true},
		{"not yet: two served after the throttle", "SSTSTS", 50, 2, false},
		{"a sliding window of 10 (documented 50) whose credit comes back", "SSSSSSSSSSTSTTTTSSTTTTTT", 50, 10, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &Record{Sent: len(tc.answers), Hits: answers(tc.answers, 0, 10*time.Millisecond)}
			at, ok := evenSignature(rec, tc.documented, tun)
			assert.Equal(t, tc.even, ok)
			if tc.even {
				assert.Equal(t, tc.at, at)
			}
		})
	}
	assert.Equal(t, "evenly spaced limiter (gcra); its limit is not measurable through ±50 ms of jitter: probe from closer", evenVerdict(300*time.Millisecond, 100*time.Millisecond))
}
