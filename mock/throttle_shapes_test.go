package mock

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each throttling shape on the wire: chosen through POST /_mock/throttle,
// driven through ServeHTTP with the throttle's clock injected (no sleep).
// One schedule of calls tells every shape from every other (the table's
// patterns differ pairwise), so each case fails if its shape were another.

// shapeEpoch is a multiple of 2 s of the clock, so windows start on it.
var shapeEpoch = time.Unix(1_767_225_600, 0)

// shapeEmulator is an emulator without signatures whose throttle reads
// *now; DescribeLiveMessageGroup and DescribeLiveMessageGroupBand are
// limited to 4 a second.
func shapeEmulator(t *testing.T, now *time.Time) *Emulator {
	t.Helper()
	e := New(Config{QPS: map[string]int{"DescribeLiveMessageGroup": 4, "DescribeLiveMessageGroupBand": 4},
		Keys: []Key{{ID: "k2", Secret: "s2", Account: "222"}}})
	e.realNow = func() time.Time { return *now }
	return e
}

// setShapes posts shapes to /_mock/throttle.
func setShapes(t *testing.T, e *Emulator, body string) {
	t.Helper()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("POST", "/_mock/throttle", strings.NewReader(body)))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}

// shapeCall makes one call of op as key at ms after shapeEpoch: admitted
// (any answer but Throttling.User), and the rate-limit header it carried.
func shapeCall(t *testing.T, e *Emulator, now *time.Time, op, key string, ms int) (admitted bool, header, value string) {
	t.Helper()
	*now = shapeEpoch.Add(time.Duration(ms) * time.Millisecond)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/?Action="+op+"&Version=2016-11-01&AppId=none&GroupId=g&AccessKeyId="+key, nil))
	throttled := strings.Contains(rec.Body.String(), `"Code":"Throttling.User"`)
	if throttled {
		assert.Equal(t, http.StatusBadRequest, rec.Code)
	} else {
		assert.Equal(t, http.StatusNotFound, rec.Code, "served: the app does not exist: %s", rec.Body)
	}
	for _, h := range []string{HeaderUserAPI, HeaderUser} {
		if v := rec.Header().Get(h); v != "" {
			return !throttled, h, v
		}
	}
	return !throttled, "", ""
}

// shapeSchedule is when the calls come, in ms after shapeEpoch.
var shapeSchedule = []int{700, 700, 700, 700, 700, 700, 700, 700, 700, 1000, 1000, 1900, 2000, 2100}

func pattern(ok []bool) string {
	b := make([]byte, len(ok))
	for i, v := range ok {
		b[i] = "-+"[map[bool]int{false: 0, true: 1}[v]]
	}
	return string(b)
}

// resetAt is the Reset field of a header: Unix seconds after shapeEpoch.
func resetAt(s int) string { return strconv.FormatInt(shapeEpoch.Unix()+int64(s), 10) }

func TestThrottleShapesOnTheWire(t *testing.T) {
	t.Parallel()
	cases := []struct {
		shape string // as posted; "" = none posted (the default)
		// + admitted, - throttled, for the calls of shapeSchedule
		want string
		// the header of the first throttled call
		header, value string
	}{
		{"", "++++-----" + "--" + "+++", HeaderUserAPI, "Limit:4,Remain:0,TimeLeft:1000,Reset:" + resetAt(2)},
		{"sliding", "++++-----" + "--" + "+++", HeaderUserAPI, "Limit:4,Remain:0,TimeLeft:1000,Reset:" + resetAt(2)},
		{"fixed", "++++-----" + "++" + "+++", HeaderUserAPI, "Limit:4,Remain:0,TimeLeft:300,Reset:" + resetAt(1)},
		{"token", "++++-----" + "+-" + "+++", HeaderUserAPI, "Limit:4,Remain:0,TimeLeft:250,Reset:" + resetAt(2)},
		{"token:burst=2x", "++++++++-" + "+-" + "+++", HeaderUserAPI, "Limit:4,Remain:0,TimeLeft:250,Reset:" + resetAt(3)},
		{"gcra", "++-------" + "+-" + "++-", HeaderUserAPI, "Limit:4,Remain:0,TimeLeft:250,Reset:" + resetAt(2)},
		{"gcra:burst=1", "+--------" + "+-" + "+--", HeaderUserAPI, "Limit:4,Remain:0,TimeLeft:250,Reset:" + resetAt(1)},
		{"window:seconds=2", "++++++++-" + "--" + "-++", HeaderUserAPI, "Limit:8,Remain:0,TimeLeft:1300,Reset:" + resetAt(2)},
		{"shared:rate=3", "+++------" + "--" + "+++", HeaderUser, "Limit:3,Remain:0,TimeLeft:1000,Reset:" + resetAt(2)},
		{"shared", "++++-----" + "--" + "+++", HeaderUser, "Limit:4,Remain:0,TimeLeft:1000,Reset:" + resetAt(2)},
	}
	seen := map[string]string{}
	for _, tc := range cases {
		t.Run(tc.shape, func(t *testing.T) {
			var now time.Time
			e := shapeEmulator(t, &now)
			if tc.shape != "" {
				setShapes(t, e, `{"DescribeLiveMessageGroup": "`+tc.shape+`"}`)
			}
			var got []bool
			var header, value string
			for _, ms := range shapeSchedule {
				ok, h, v := shapeCall(t, e, &now, "DescribeLiveMessageGroup", "k1", ms)
				if !ok && header == "" {
					header, value = h, v
				}
				got = append(got, ok)
			}
			assert.Equal(t, tc.want, pattern(got))
			assert.Equal(t, tc.header, header, "the header of the first throttled call")
			assert.Equal(t, tc.value, value)
		})
		if other, dup := seen[tc.want]; dup && !strings.HasPrefix(tc.shape, "shared") && tc.shape != "sliding" {
			t.Errorf("%s and %s admit the same calls: the schedule does not tell them apart", tc.shape, other)
		}
		seen[tc.want] = tc.shape
	}
}

// TestThrottleSharedAcrossOperations: shared:rate=R is one bucket per
// account for every operation throttled so, in the account-wide header;
// another account has its own.
func TestThrottleSharedAcrossOperations(t *testing.T) {
	t.Parallel()
	var now time.Time
	e := shapeEmulator(t, &now)
	setShapes(t, e, `{"DescribeLiveMessageGroup": "shared:rate=3", "DescribeLiveMessageGroupBand": "shared:rate=3"}`)
	var got []bool
	for _, op := range []string{"DescribeLiveMessageGroup", "DescribeLiveMessageGroupBand", "DescribeLiveMessageGroup", "DescribeLiveMessageGroupBand"} {
		ok, h, _ := shapeCall(t, e, &now, op, "k1", 100)
		assert.Equal(t, HeaderUser, h)
		got = append(got, ok)
	}
	assert.Equal(t, "+++-", pattern(got), "three a second for both operations together")
	ok, _, v := shapeCall(t, e, &now, "DescribeLiveMessageGroup", "k2", 100)
	assert.True(t, ok, "account 222 has its own bucket")
	assert.Equal(t, "Limit:3,Remain:2,TimeLeft:0,Reset:"+resetAt(2), v)
	ok, _, _ = shapeCall(t, e, &now, "DescribeLiveMessageGroupBand", "k1", 1100)
	assert.True(t, ok, "a second later the first account's bucket has room again")

	// a shared bucket at another rate is another bucket
	setShapes(t, e, `{"DescribeLiveMessageGroupBand": "shared:rate=1"}`)
	got = nil
	for _, op := range []string{"DescribeLiveMessageGroup", "DescribeLiveMessageGroup", "DescribeLiveMessageGroupBand", "DescribeLiveMessageGroupBand"} {
		ok, _, _ := shapeCall(t, e, &now, op, "k1", 5000)
		got = append(got, ok)
	}
	assert.Equal(t, "+++-", pattern(got), "rate 3 for one, rate 1 for the other")
}

// TestThrottleShapeOfEveryOperation: "*" shapes every operation without a
// shape of its own; one posted later for an operation wins over it; the
// buckets start afresh at each change.
func TestThrottleShapeOfEveryOperation(t *testing.T) {
	t.Parallel()
	var now time.Time
	e := shapeEmulator(t, &now)
	setShapes(t, e, `{"*": "fixed"}`)
	var got []bool
	for _, ms := range []int{900, 900, 900, 900, 900, 1000} {
		ok, _, _ := shapeCall(t, e, &now, "DescribeLiveMessageGroupBand", "k1", ms)
		got = append(got, ok)
	}
	assert.Equal(t, "++++-+", pattern(got), "fixed for every operation")
	setShapes(t, e, `{"DescribeLiveMessageGroupBand": "gcra:burst=1"}`)
	got = nil
	for _, ms := range []int{1000, 1100, 1250} {
		ok, _, _ := shapeCall(t, e, &now, "DescribeLiveMessageGroupBand", "k1", ms)
		got = append(got, ok)
	}
	assert.Equal(t, "+-+", pattern(got), "gcra for this one, from a fresh bucket (the fixed window of the second was full)")
	got = nil
	for _, ms := range []int{1000, 1000, 1000, 1000, 1000} {
		ok, _, _ := shapeCall(t, e, &now, "DescribeLiveMessageGroup", "k1", ms)
		got = append(got, ok)
	}
	assert.Equal(t, "++++-", pattern(got), "the other stays fixed")
}

// TestShapesSaveNoIdleTime: after a long idle time every shape admits its
// burst and no more: a bucket is capped at its size, a gcra does not bank
// the intervals that passed, a window counts from its own start.
func TestShapesSaveNoIdleTime(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		shape string
		burst int
	}{
		{"sliding", 4}, {"fixed", 4}, {"token", 4}, {"token:burst=2x", 8}, {"token:burst=5", 5},
		{"gcra", 2}, {"gcra:burst=1", 1}, {"gcra:burst=3x", 12}, {"window:seconds=2", 8}, {"shared:rate=3", 3},
	} {
		shape, err := ParseThrottle(tc.shape)
		require.NoError(t, err)
		rate := 4
		if shape.Rate > 0 {
			rate = shape.Rate
		}
		l := newLimiter(shape, rate)
		start := shapeEpoch.Add(100 * time.Millisecond)
		first := 0
		for i := 0; i < 50; i++ {
			if ok, _ := l.admit(start); ok {
				first++
			}
		}
		idle := start.Add(time.Hour)
		after := 0
		for i := 0; i < 50; i++ {
			if ok, q := l.admit(idle); ok {
				after++
				assert.Equal(t, tc.burst-after, q.remain, "%s: what is left after %d", tc.shape, after)
			}
		}
		assert.Equal(t, tc.burst, first, "%s: a burst at once", tc.shape)
		assert.Equal(t, tc.burst, after, "%s: the same burst after an hour idle, no more", tc.shape)
	}
}
