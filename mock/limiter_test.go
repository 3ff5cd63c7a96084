package mock

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
)

// limEpoch is a whole second of the clock, so fixed windows start on it.
var limEpoch = time.Unix(1_767_225_600, 0)

func at(ms int) time.Time { return limEpoch.Add(time.Duration(ms) * time.Millisecond) }

// drive sends one request at each of the times (ms since limEpoch) and
// returns which were admitted.
func drive(l limiter, ms ...int) []bool {
	out := make([]bool, len(ms))
	for i, m := range ms {
		out[i], _ = l.admit(at(m))
	}
	return out
}

// every returns n times, step ms apart, from start.
func every(start, step, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = start + i*step
	}
	return out
}

func admitted(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// servedPerSecond drives rate requests per second for secs seconds from
// start and counts the admitted ones in each whole second.
func servedPerSecond(l limiter, start, rate, secs int) []int {
	per := make([]int, secs)
	for i := 0; i < rate*secs; i++ {
		ms := start + i*1000/rate
		if ok, _ := l.admit(at(ms)); ok {
			per[(ms-start)/1000]++
		}
	}
	return per
}

func TestSlidingWindow(t *testing.T) {
	l := newLimiter(Throttle{Shape: ShapeSliding}, 5)
	got := drive(l, 0, 100, 200, 300, 400, 500, 999, 1000, 1050, 1100)
	assert.Equal(t, []bool{true, true, true, true, true, false, false, true, false, true}, got,
		"five in any second: the sixth waits until the first is a second old")
	_, q := l.admit(at(1101))
	assert.Equal(t, quota{limit: 5, remain: 0, timeLeft: 99 * time.Millisecond, reset: at(2100)}, q)

	// a steady overload is served at exactly the limit in every second,
	// whatever its phase
	assert.Equal(t, []int{10, 10, 10}, servedPerSecond(newLimiter(Throttle{}, 10), 300, 25, 3))
}

func TestFixedWindow(t *testing.T) {
	l := newLimiter(Throttle{Shape: ShapeFixed}, 3)
	got := drive(l, 700, 800, 900, 950, 1000, 1001, 1002, 1003)
	assert.Equal(t, []bool{true, true, true, false, true, true, true, false}, got,
		"the counter starts again at each whole second of the clock, so six pass within 300 ms")
	_, q := l.admit(at(1400))
	assert.Equal(t, quota{limit: 3, timeLeft: 600 * time.Millisecond, reset: at(2000)}, q)
}

func TestLongWindow(t *testing.T) {
	l := newLimiter(Throttle{Shape: ShapeWindow, Seconds: 3}, 2)
	// the window runs from 0 to 3 s of the clock (limEpoch is a multiple of 3 s)
	require.Zero(t, limEpoch.Unix()%3)
	got := drive(l, every(0, 100, 8)...)
	assert.Equal(t, 6, admitted(got), "3 s × 2 per second, then nothing")
	assert.False(t, drive(l, 2999)[0])
	assert.True(t, drive(l, 3000)[0], "a new window")
	_, q := l.admit(at(3001))
	assert.Equal(t, 6, q.limit)
	assert.Equal(t, 4, q.remain)
	assert.Equal(t, at(6000), q.reset)
	assert.Equal(t, DefaultWindowSeconds*time.Second, newLimiter(Throttle{Shape: ShapeWindow}, 1).(*fixedWindow).length)
}

func TestTokenBucket(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape Throttle
		burst int
	}{
		{"burst 1x by default", Throttle{Shape: ShapeToken}, 10},
		{"burst 2x", Throttle{Shape: ShapeToken, BurstX: 2}, 20},
		{"burst 35", Throttle{Shape: ShapeToken, Burst: 35}, 35},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLimiter(tc.shape, 10)
			assert.Equal(t, tc.burst, admitted(drive(l, make([]int, 100)...)), "a full bucket at once")
			assert.False(t, drive(l, 99)[0], "0.99 of a token")
			assert.True(t, drive(l, 100)[0], "one token after 1/rate")
			// after the burst, a steady overload is served at the rate
			assert.Equal(t, []int{10, 10, 10}, servedPerSecond(l, 150, 40, 3))
		})
	}
	l := newLimiter(Throttle{Shape: ShapeToken}, 10)
	drive(l, make([]int, 10)...)
	_, q := l.admit(at(30))
	assert.Equal(t, quota{limit: 10, remain: 0, timeLeft: 70 * time.Millisecond, reset: at(1000)}, q)
}

func TestGCRA(t *testing.T) {
	// 10 per second: one every 100 ms, with a tolerance of one interval by default
	l := newLimiter(Throttle{Shape: ShapeGCRA}, 10)
	assert.Equal(t, []bool{true, true, false, false, true, false, true}, drive(l, 0, 0, 0, 50, 100, 150, 200),
		"two may come together; then one per 100 ms")
	_, q := l.admit(at(210))
	assert.Equal(t, 10, q.limit)
	assert.Equal(t, 90*time.Millisecond, q.timeLeft)

	strict := newLimiter(Throttle{Shape: ShapeGCRA, Burst: 1}, 10)
	assert.Equal(t, []bool{true, false, true, false, true}, drive(strict, 0, 99, 100, 150, 200), "no tolerance: exactly 100 ms apart")

	// with the tolerance of one interval, a steady overload above the
	// rate is served at the rate, not at r/ceil(r/R) (75 rps against 50)
	// (the first second has the one extra request the tolerance allows)
	assert.Equal(t, []int{51, 50, 50}, servedPerSecond(newLimiter(Throttle{Shape: ShapeGCRA}, 50), 0, 75, 3))
	// without it, a constant pacer is cut to 37.5 per second
	per := servedPerSecond(newLimiter(Throttle{Shape: ShapeGCRA, Burst: 1}, 50), 0, 75, 2)
	assert.InDelta(t, 37.5, float64(per[0]+per[1])/2, 0.5)

	b := newLimiter(Throttle{Shape: ShapeGCRA, BurstX: 2}, 10)
	assert.Equal(t, 20, admitted(drive(b, make([]int, 50)...)), "burst=2x: twenty at once")
}

func TestThrottleShared(t *testing.T) {
	th := newThrottle(testContract(t), nil, Throttle{Shape: ShapeShared, Rate: 4}, nil)
	var ok int
	for i := 0; i < 3; i++ {
		if th.admit("acct", "DeleteLiveMessageGroup", at(i)).ok {
			ok++
		}
		if th.admit("acct", "RecoverLiveMessageDeletedGroup", at(i)).ok {
			ok++
		}
	}
	assert.Equal(t, 4, ok, "one bucket of 4 per second for both operations")
	d := th.admit("other", "DeleteLiveMessageGroup", at(10))
	assert.True(t, d.ok, "another account has its own bucket")
	assert.Equal(t, HeaderUser, d.header, "an account-wide bucket answers in the per-user header")
	assert.Equal(t, "Limit:4,Remain:3,TimeLeft:0,Reset:1767225602", d.value)
}

func TestThrottlePerOperation(t *testing.T) {
	th := newThrottle(testContract(t), map[string]int{"DeleteLiveMessageGroup": 3}, Throttle{},
		map[string]Throttle{"DeleteLiveMessageGroup": {Shape: ShapeFixed}})
	// fixed for delete: six pass across a second boundary; sliding for recover
	var del, rec []bool
	for _, ms := range []int{900, 950, 980, 1000, 1010, 1020, 1030} {
		del = append(del, th.admit("a", "DeleteLiveMessageGroup", at(ms)).ok)
	}
	for i := 0; i < 60; i++ {
		rec = append(rec, th.admit("a", "RecoverLiveMessageDeletedGroup", at(900+i)).ok)
	}
	assert.Equal(t, 6, admitted(del))
	assert.Equal(t, 50, admitted(rec), "the contract's 50 in a sliding window")
	d := th.admit("a", "RecoverLiveMessageDeletedGroup", at(1000))
	assert.False(t, d.ok)
	assert.Equal(t, HeaderUserAPI, d.header)
	assert.True(t, strings.HasPrefix(d.value, "Limit:50,Remain:0,TimeLeft:900,"), d.value)

	th.setShape("DeleteLiveMessageGroup", Throttle{Shape: ShapeToken, BurstX: 2})
	assert.Equal(t, map[string]string{"DeleteLiveMessageGroup": "token:burst=2x", "RecoverLiveMessageDeletedGroup": "sliding"},
		pick(th.shapeSnapshot(), "DeleteLiveMessageGroup", "RecoverLiveMessageDeletedGroup"))
	n := 0
	for i := 0; i < 10; i++ {
		if th.admit("a", "DeleteLiveMessageGroup", at(1030)).ok {
			n++
		}
	}
	assert.Equal(t, 6, n, "a new shape starts with a full bucket of 2x3")
	assert.Equal(t, decision{ok: true}, th.admit("a", "NoSuchOperation", at(0)), "no limit, no header")
}

func pick(m map[string]string, keys ...string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		out[k] = m[k]
	}
	return out
}

func TestParseThrottle(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Throttle
		err  string
	}{
		{in: "sliding", want: Throttle{Shape: ShapeSliding}},
		{in: "Fixed", want: Throttle{Shape: ShapeFixed}},
		{in: "token:burst=2x", want: Throttle{Shape: ShapeToken, BurstX: 2}},
		{in: "token:burst=120", want: Throttle{Shape: ShapeToken, Burst: 120}},
		{in: "gcra", want: Throttle{Shape: ShapeGCRA}},
		{in: "gcra:burst=1", want: Throttle{Shape: ShapeGCRA, Burst: 1}},
		{in: "window:seconds=3", want: Throttle{Shape: ShapeWindow, Seconds: 3}},
		{in: "shared:rate=50", want: Throttle{Shape: ShapeShared, Rate: 50}},
		{in: "leaky", err: "unknown shape"},
		{in: "token:burst=0", err: "burst"},
		{in: "token:burst=-2x", err: "burst"},
		{in: "sliding:burst=2x", err: "token and gcra only"},
		{in: "window:seconds=0", err: "seconds"},
		{in: "token:size=3", err: "unknown parameter"},
		{in: "token:burst", err: "NAME=VALUE"},
		{in: "shared:rate=x", err: "rate"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseThrottle(tc.in)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			back, err := ParseThrottle(got.String())
			require.NoError(t, err)
			assert.Equal(t, got, back, "String reads back")
		})
	}
}

func testContract(t *testing.T) *contract.Contract {
	t.Helper()
	return contract.Default()
}
