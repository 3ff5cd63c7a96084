package load

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The probe's classifiers, over answers built here: no network, no
// sleeping.

// answers builds hits from a pattern, S served and T throttled, the first
// answered at from and each next one step later, sent when answered.
func answers(pattern string, from, step time.Duration) []Hit {
	var out []Hit
	for i, c := range pattern {
		h := Hit{At: from + time.Duration(i)*step, Class: Throttled}
		if c == 'S' {
			h.Class = Served
		}
		h.Sent = h.At
		out = append(out, h)
	}
	return out
}

func TestTailShape(t *testing.T) {
	ms := time.Millisecond
	tun := DefaultTuning()
	for _, tc := range []struct {
		name    string
		after   []Hit
		burst   int
		want    tailFinding
		explain string
	}{
		{"a window turned", answers("SSSS", 100*ms, 10*ms), 8, tailFinding{verdict: tailTurned, turn: 100 * ms},
			"served four in a row over 30 ms, three tail intervals: served again right after the burst"},
		{"a run short of the burst", answers("SSSS", 100*ms, 10*ms), 40, tailFinding{},
			"a burst of 40 turns back more than four at once: not yet"},
		{"a run too quick", answers("SSS", 100*ms, 5*ms), 8, tailFinding{},
			"three served within 10 ms, under 1.5 intervals: a bucket's trickle maybe"},
		{"by turns: a smooth limiter", answers("TSTSTS", 0, 10*ms), 40, tailFinding{verdict: tailSmooth, estimated: 50},
			"three served 40 ms apart: two intervals of 20 ms, 50/s"},
		{"throttled in a row: a window", answers("TTTTT", 0, 10*ms), 40, tailFinding{verdict: tailWindow}, ""},
		{"one served in the budget: a window", answers("TTTTTTTTTTTTS", 0, 10*ms), 40, tailFinding{verdict: tailWindow},
			"twelve throttled, one served: the tail's budget is spent"},
		{"too few to tell", answers("TT", 0, 10*ms), 40, tailFinding{}, ""},
		{"two served at once estimate the rate", append(answers("TTTTTTTTTTTT", 0, ms), Hit{At: 50 * ms, Class: Served}, Hit{At: 50 * ms, Class: Served}), 40,
			tailFinding{verdict: tailSmooth, estimated: 100}, "two served at the same instant make no rate: the tail's rate stands"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tailShape(tc.after, tc.burst, 100, tun), tc.explain)
		})
	}
}

// TestTailShapeFar judges tails read in sending order, the first throttle
// at 100 ms.
func TestTailShapeFar(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name    string
		verdict tailVerdict
		after   []Hit
		turn    time.Duration
		served  int
	}{
		{"turned in the tail", tailTurned, answers("TTTTSSSS", 200*ms, 10*ms), 235 * ms, 0},
		{"turned before the tail", tailTurned, answers("SSSSSS", 200*ms, 10*ms), 150 * ms, 0},
		{"one served early, then throttled: turned after it", tailTurned, answers("STSSSSSS", 200*ms, 10*ms), 215 * ms, 0},
		{"by turns all along", tailSmooth, answers("STSTSTSTST", 200*ms, 10*ms), 0, 5},
		{"by turns, too few to tell", tailUndecided, answers("STSTST", 200*ms, 10*ms), 0, 0},
		{"throttled all along", tailWindow, answers("TTTTT", 200*ms, 10*ms), 0, 0},
		{"a jump in a smooth-looking tail is not smooth", tailTurned, answers("TTTTTSTSSS", 200*ms, 10*ms), 265 * ms, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tailShapeFar(tc.after, 100*ms, DefaultTuning())
			assert.Equal(t, tc.verdict, f.verdict, f.why)
			assert.Equal(t, tc.turn, f.turn, "the turn: %s", f.why)
			assert.Equal(t, tc.served, f.served)
			if tc.verdict == tailSmooth {
				assert.Equal(t, len(tc.after), f.of)
			}
			assert.NotEmpty(t, f.why)
		})
	}
}

func TestChangePoint(t *testing.T) {
	for _, tc := range []struct {
		pattern       string
		k             int
		before, after float64
	}{
		{"TTTSSS", 3, 0, 1},
		{"TTSTSSS", 2, 0, 0.8},
		{"SSSS", 1, 1, 1},
		{"S", 0, 0, 1},
		{"", 0, 0, 0},
	} {
		k, b, a := changePoint(answers(tc.pattern, 0, time.Millisecond))
		assert.Equal(t, []any{tc.k, tc.before, tc.after}, []any{k, b, a}, tc.pattern)
	}
	assert.Equal(t, 0.25, servedShare(answers("STTT", 0, 1)))
	assert.Equal(t, 0.0, servedShare(nil))
}

func TestTurnOf(t *testing.T) {
	ms := time.Millisecond
	assert.Equal(t, 15*ms, turnOf(answers("TTSS", 0, 10*ms)), "halfway between the last throttled and the first served")
	assert.Equal(t, 0*ms, turnOf(answers("SS", 0, 10*ms)), "served from the first: it turned then")
	assert.Equal(t, time.Duration(0), turnOf(answers("TT", 0, 10*ms)), "never served")
}

func TestJudgeTrains(t *testing.T) {
	tun := DefaultTuning()
	quiet := func(served, throttled int) train {
		return train{size: served + throttled, sent: served + throttled, served: served, throttled: throttled, done: true}
	}
	straddle := func(served, throttled int) train {
		tr := quiet(served, throttled)
		tr.straddle = true
		return tr
	}
	for _, tc := range []struct {
		name   string
		trains []train
		want   trainsFinding
	}{
		{"the last train not served: a long window", []train{quiet(50, 3), quiet(0, 5)}, trainsFinding{next: trainsLong}},
		{"too many trains", []train{quiet(13, 0), quiet(19, 0), quiet(26, 0), quiet(35, 0), quiet(46, 0), quiet(60, 0)}, trainsFinding{next: trainsDisagree}},
		{"served in full: a quarter larger", []train{quiet(13, 0)}, trainsFinding{next: trainsQuiet, size: 16 + 3, expect: 13}},
		{"a credit measured: the shape's train next", []train{quiet(50, 3)}, trainsFinding{next: trainsStraddle, size: 53, expect: 50}},
		{"the straddle got the credit: sliding", []train{quiet(50, 3), straddle(50, 3)}, trainsFinding{next: trainsMeasured, sustained: 50}},
		{"the straddle within one of it: sliding", []train{quiet(37, 3), straddle(36, 4)}, trainsFinding{next: trainsMeasured, sustained: 36.5}},
		{"the straddle served in full: fixed", []train{quiet(50, 3), straddle(53, 0)}, trainsFinding{next: trainsMeasured, sustained: 50, fixed: true}},
		{"the straddle disagrees: another quiet train", []train{quiet(50, 3), straddle(40, 13)}, trainsFinding{next: trainsQuiet, size: 53, expect: 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, judgeTrains(tc.trains, tun))
		})
	}
}

func TestRefilled(t *testing.T) {
	tun := DefaultTuning()
	assert.True(t, refilled(train{throttled: 3, checks: 3, checksServed: 2, firstCheckServed: true}, tun), "served again right after a throttled train: smooth")
	assert.False(t, refilled(train{throttled: 3, checks: 3, checksServed: 1, firstCheckServed: true}, tun), "one served may be a window's turn")
	assert.False(t, refilled(train{throttled: 0, checks: 3, checksServed: 3, firstCheckServed: true}, tun), "a train served in full spent no credit")
	assert.False(t, refilled(train{throttled: 3, checks: 3, checksServed: 2}, tun), "throttled first, served after: past a fixed window's next turn")
}

func TestAgree(t *testing.T) {
	tun := DefaultTuning()
	for _, tc := range []struct {
		a, b int
		want bool
	}{{50, 51, true}, {50, 52, false}, {100, 103, true}, {100, 104, false}, {0, 1, true}, {37, 37, true}} {
		assert.Equal(t, tc.want, agree(tc.a, tc.b, tun), "%d and %d", tc.a, tc.b)
	}
}

func TestWindowSeconds(t *testing.T) {
	s := time.Second
	assert.Equal(t, 3.0, windowSeconds(s, 4100*time.Millisecond), "rounded to whole seconds")
	assert.Equal(t, 3.0, windowSeconds(0, 2600*time.Millisecond))
	assert.Equal(t, 1.0, windowSeconds(0, 600*time.Millisecond))
	assert.InDelta(t, 0.4, windowSeconds(0, 400*time.Millisecond), 1e-9, "under half a second: as measured")
}

func TestPilotOffset(t *testing.T) {
	ms := time.Millisecond
	tun := DefaultTuning()
	assert.Equal(t, 40*ms, pilotOffset(0, true, tun))
	assert.Equal(t, 1300*ms, pilotOffset(10, true, tun))
	assert.Equal(t, 1750*ms, pilotOffset(11, true, tun), "past the offsets: PilotEvery")
	assert.Equal(t, 2312500*time.Microsecond, pilotOffset(12, true, tun), "then a quarter more each")
	assert.Equal(t, 450*ms, pilotOffset(0, false, tun), "in a long window: evenly")
	assert.Equal(t, 1350*ms, pilotOffset(2, false, tun))
}

func TestOnsetStep(t *testing.T) {
	o := LimitOptions{Documented: 50}
	o.defaults(DefaultTuning())
	tun := DefaultTuning()
	for _, tc := range []struct {
		name   string
		rate   float64
		served int
		ramp   bool
		far    bool
		next   float64
		over   bool
	}{
		{"not throttled: to the top", 150, 200, false, false, 400, false},
		{"ramping: by half", 150, 200, true, false, 225, false},
		{"at a distance: twice the documented rate at most", 60, 90, false, true, 100, false},
		{"at a distance over it already: no higher", 120, 90, false, true, 120, false},
		{"at the top, a window could still turn", 400, 1000, false, false, 400, false},
		{"at the top, more than two windows of MaxTime: not enforced", 400, 1001, false, false, 400, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			oo := o
			oo.Ramp = tc.ramp
			next, over := onsetStep(tc.rate, tc.served, oo, tc.far, tun)
			assert.Equal(t, tc.next, next)
			assert.Equal(t, tc.over, over)
		})
	}
}

func TestCountHold(t *testing.T) {
	ms := time.Millisecond
	tun := DefaultTuning()
	// a second at 50/s: 30 served then 20 throttled, every 20 ms
	second := func(from time.Duration, pattern string) []Hit { return answers(pattern, from, 20*ms) }
	full := "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSTTTTTTTTTTTTTTTTTTTT"
	for _, tc := range []struct {
		name          string
		hits          []Hit
		secs          int
		clean, stalls []int
		under         bool
	}{
		{"two clean seconds", append(second(0, full), second(time.Second, full)...), 2, []int{30, 30}, nil, false},
		{"a pause of 100 ms is a stall", append(second(0, full[:25]), second(600*ms, full[30:])...), 1, nil, []int{25}, false},
		{"served in full: not over the limit", second(0, full[:30]+full[:20]), 1, nil, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clean, stalls, under := countHold(&Record{Hits: tc.hits}, 0, tc.secs, 50, tun)
			assert.Equal(t, tc.clean, clean)
			assert.Equal(t, tc.stalls, stalls)
			assert.Equal(t, tc.under, under)
		})
	}
	assert.True(t, stalled(&Record{Hits: second(0, full[:40])}, 0, time.Second, 50, tun), "sent 40 of 50: under nine tenths")
	assert.False(t, stalled(&Record{Hits: second(0, full[:46]+"TTTT")}, 0, time.Second, 50, tun))
}

func TestWindowProof(t *testing.T) {
	assert.Equal(t, 1000, windowProof(50, 10*time.Second), "two windows of 10 s at 50")
	assert.Equal(t, 20, windowProof(0, 10*time.Second), "a documented limit of 0 counts as 1")
}

// What a train in flight risks: its excess over the credit it expects,
// and the refill checks still to follow it, less what came back
// throttled; a round trip's worth in flight is not all at risk.
func TestTrainAtRisk(t *testing.T) {
	ms := time.Millisecond
	l := newLimitProbe(LimitOptions{Documented: 50})
	rec := &Record{Sent: 40}
	straddle := &farCyclesPhase{refillAsked: true, trains: []train{{size: 40, expect: 37, sent: 40, straddle: true}}}
	assert.Equal(t, 3, straddle.atRisk(l, rec), "the straddling train risks its extra")
	rec.Hits = answers("SSTT", 0, ms)
	assert.Equal(t, 1, straddle.atRisk(l, rec), "less what came back throttled")
	first := &farCyclesPhase{trains: []train{{size: 43, expect: 40, sent: 43}}}
	assert.Equal(t, 6, first.atRisk(l, &Record{Sent: 43}), "and the refill checks after the first quiet train")
	assert.Equal(t, 2, first.atRisk(l, &Record{Sent: 2}), "no more than is in flight")
	assert.Equal(t, 0, first.atRisk(l, &Record{Sent: 43, Hits: answers(strings.Repeat("S", 43), 0, ms)}), "nothing in flight")
}

// At a distance the pilots whose time passed were skipped: when the
// first pilot sent is served, the turn is between it and the throttled
// request sent last before it, not at it.
func TestPilotsTurnFromTheTail(t *testing.T) {
	ms := time.Millisecond
	l := newLimitProbe(LimitOptions{Documented: 50})
	l.m.RoundTrip = 300 * ms
	rec := &Record{Sent: 4, Hits: append(answers("STT", 1000*ms, 10*ms), Hit{At: 1400 * ms, Sent: 1400 * ms, Class: Served})}
	_, f := (&pilotsPhase{ref: 1000 * ms, n: 1, sentFrom: 1300 * ms}).step(l, 1500*ms, rec)
	assert.Equal(t, 1210*ms, f.(pilotsFinding).turn, "halfway between the tail's last throttled (1.02 s) and the pilot")
}

// The gap trains after the tail start where the bucket was last seen
// empty: the last throttled request, and what was served after it.
func TestLastThrottledSent(t *testing.T) {
	ms := time.Millisecond
	rec := &Record{OneWay: 150 * ms, Hits: answers("SSTSTSS", 0, 10*ms)}
	at, before := rec.lastThrottledSent()
	assert.Equal(t, 40*ms+150*ms, at)
	assert.Equal(t, 2, before)
}

// The refill checks are the last requests sent after a train, by order:
// a late sender sends the first right after the train's last, within the
// clock's margin (a check read 7 of 3 served, the train's own with them).
func TestRefillChecksByOrder(t *testing.T) {
	ms := time.Millisecond
	l := newLimitProbe(LimitOptions{Documented: 50})
	rec := &Record{Sent: 8, Hits: append(answers("SSSST", 0, ms), answers("TSS", 5*ms, ms)...)}
	p := &farCyclesPhase{trains: []train{{size: 5, sent: 5, sentTo: 5 * ms, checks: 3}}}
	p.read(l, 10*ms, rec, &p.trains[0])
	tr := p.trains[0]
	assert.Equal(t, 2, tr.checksServed)
	assert.False(t, tr.firstCheckServed)
	assert.False(t, refilled(tr, l.tun), "throttled first, served after: a turn")
	assert.True(t, p.refillAsked)
}

// The shared-bucket check follows a quiet train that was throttled as
// soon as the train's own answers are in, the refill checks still out;
// not a straddling train.
func TestSharedCheckAfterTheTrain(t *testing.T) {
	ms := time.Millisecond
	l := newLimitProbe(LimitOptions{Documented: 50, Companion: true})
	rec := &Record{Sent: 8, Hits: answers("SSSST", 0, ms)} // the checks out
	p := &farCyclesPhase{trains: []train{{size: 5, sent: 5, sentTo: 5 * ms, checks: 3}}}
	s, ok := p.sharedCheck(l, 10*ms, rec, &p.trains[0])
	assert.True(t, ok)
	assert.True(t, s.Companion)
	_, again := p.sharedCheck(l, 11*ms, rec, &p.trains[0])
	assert.False(t, again, "once a train")
	straddle := &farCyclesPhase{trains: []train{{size: 5, sent: 5, sentTo: 5 * ms, straddle: true}}}
	_, ok = straddle.sharedCheck(l, 10*ms, rec, &straddle.trains[0])
	assert.False(t, ok)
	waiting := &farCyclesPhase{trains: []train{{size: 5, sent: 5, sentTo: 5 * ms}}}
	_, ok = waiting.sharedCheck(l, 10*ms, &Record{Sent: 5, Hits: answers("SSST", 0, ms)}, &waiting.trains[0])
	assert.False(t, ok, "the train's answers not all in")
}

// TestOffTurn: the onset's second train at a distance, placed by offTurn,
// is throttled by a fixed window at 37 whose turn let the first train
// through in full, at every phase of the window, and at 50 half as often
// as before. Before, it went a second after the first's last request and
// the jitter's margin (0.05-0.25 s), at nearly the first's phase, and
// straddled the same turn again about one time in five at 37 and one in
// two at 50. The trains are the
// probe's at 150 ms each way: a first of 53 at 70/s; a second at 150/s
// that waits a round trip once 29 are in flight (secondAt).
func TestOffTurn(t *testing.T) {
	const documented, n, rtt = 50, 53, 330 * time.Millisecond
	// servedInFull: requests at times at, a fixed window of limit a
	// second turning at phase
	servedInFull := func(at []time.Duration, phase time.Duration, limit int) bool {
		counts := map[int64]int{}
		for _, a := range at {
			k := int64((a - phase + 100*time.Second) / time.Second)
			counts[k]++
			if counts[k] > limit {
				return false
			}
		}
		return true
	}
	l := &limitProbe{o: LimitOptions{Start: 150, MaxThrottled: 30}, m: &Measurement{RoundTrip: rtt}}
	second := (&onsetPhase{}).secondAt(l)
	for _, tc := range []struct {
		limit         int
		worst, before float64 // the share of first trains served in full whose second was too: at most now, at least before
	}{
		{37, 0.01, 0.15},
		{50, 0.3, 0.4},
	} {
		start := 1200 * time.Millisecond
		var first []time.Duration
		for i := range n {
			first = append(first, start+time.Duration(float64(i)/70*float64(time.Second)))
		}
		firstAt := func(i int) time.Duration { return first[i] }
		trainAt := func(from time.Duration) []time.Duration {
			var out []time.Duration
			for i := range n {
				out = append(out, from+second(i))
			}
			return out
		}
		full, both, again := 0, 0, 0
		var waited time.Duration
		for ph := time.Duration(0); ph < time.Second; ph += time.Millisecond {
			if !servedInFull(first, ph, tc.limit) {
				continue
			}
			for e := 50 * time.Millisecond; e <= 250*time.Millisecond; e += 50 * time.Millisecond {
				full++
				earliest := first[n-1] + time.Second + e
				at := offTurn(earliest, straddleSpan(firstAt, n, documented), straddleSpan(second, n, documented), 25*time.Millisecond)
				assert.GreaterOrEqual(t, at, earliest)
				assert.Less(t, at, earliest+time.Second)
				waited += at - earliest
				if servedInFull(trainAt(at), ph, tc.limit) {
					both++
				}
				if servedInFull(trainAt(earliest), ph, tc.limit) {
					again++
				}
			}
		}
		t.Logf("limit %d: first served in full %d times; the second too %d times now, %d before; it waited %v more on average",
			tc.limit, full, both, again, waited/time.Duration(full))
		assert.Positive(t, full, "the first train straddles a turn for some phases")
		assert.LessOrEqual(t, float64(both), tc.worst*float64(full), "limit %d: both served in full", tc.limit)
		assert.GreaterOrEqual(t, float64(again), tc.before*float64(full), "limit %d: a second after, as before", tc.limit)
		assert.Less(t, waited/time.Duration(full), 800*time.Millisecond, "the wait it costs")
	}
}
