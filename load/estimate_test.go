package load

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTolerance(t *testing.T) {
	assert.Equal(t, 2.5, Tolerance(50))
	assert.Equal(t, 1.0, Tolerance(10), "at least 1 QPS")
}

func TestVerdict(t *testing.T) {
	clean := StepResult{Sent: 200, Served: 180, Throttled: 20, Rate: 150}
	for _, tc := range []struct {
		name    string
		lim     Limit
		step    StepResult
		verdict string
		note    string
	}{
		{"within tolerance", Limit{SustainedQPS: 48}, clean, Pass, ""},
		{"outside it", Limit{SustainedQPS: 37}, clean, Fail, "sustained limit 37.0 rps is outside 50 ± 2.5"},
		{"a burst is not judged", Limit{SustainedQPS: 50, Burst: 400}, clean, Pass, ""},
		{"not enforced", Limit{NotThrottled: true, Untrusted: "no throttling up to 400 rps"}, StepResult{Sent: 900, Served: 900, Rate: 400}, Fail,
			"no throttling observed up to 400 rps (900 served, none throttled): the documented limit of 50 is not enforced"},
		{"unfinished is inconclusive, not a pass", Limit{SustainedQPS: 50, Untrusted: "the budget of 30 throttled requests was spent"}, clean, Inconclusive,
			"could not be measured: the budget of 30 throttled requests was spent"},
		{"other answers are inconclusive", Limit{SustainedQPS: 50}, StepResult{Sent: 200, Served: 150, Throttled: 20, Other: 30, OtherCodes: []string{"500 ServerError ×30"}},
			Inconclusive, "30 of 200 answers were neither served nor throttled"},
		{"not throttled because of faults is not a fail", Limit{NotThrottled: true, Untrusted: "x"}, StepResult{Sent: 100, Other: 100, Faults: 100}, Inconclusive, "could not be measured"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, note := Verdict(50, tc.lim, tc.step)
			assert.Equal(t, tc.verdict, v, note)
			assert.Contains(t, note, tc.note)
		})
	}
}

func TestHeaders(t *testing.T) {
	rec := &Record{Hits: []Hit{
		{Class: Served, RateLimit: "Limit:50,Remain:3,TimeLeft:0,Reset:1"},
		{Class: Throttled, RateLimit: "Limit:50,Remain:0,TimeLeft:400,Reset:1"},
		{Class: Throttled, RateLimit: "Limit:50,Remain:0,TimeLeft:700,Reset:1"},
		{Class: Throttled, RateLimit: "Limit:60,Remain:0,TimeLeft:10,Reset:1"},
	}}
	h := headersOf(rec, &Measurement{Sustained: 50, Window: time.Second})
	require.NotNil(t, h)
	assert.Equal(t, 50, h.Limit, "the Limit most throttled answers gave")
	assert.Equal(t, 700, h.TimeLeft)
	assert.Equal(t, 3, h.Throttled)
	assert.True(t, h.Agree, h.Why)

	h = headersOf(rec, &Measurement{Sustained: 37, Window: time.Second})
	assert.False(t, h.Agree, "a header saying 50 where 37 is enforced does not agree: %s", h.Why)

	h = headersOf(rec, &Measurement{Sustained: 16.67, Window: 3 * time.Second})
	assert.True(t, h.Agree, "a long window's Limit is per window: %s", h.Why)

	assert.Nil(t, headersOf(&Record{Hits: []Hit{{Class: Throttled}}}, &Measurement{Sustained: 50}), "no header, nothing reported")
	assert.Equal(t, map[string]string{"Limit": "1", "Remain": "0", "TimeLeft": "2000", "Reset": "1234"}, parseRateLimit("Limit:1,Remain:0,TimeLeft:2000,Reset:1234"))
}

func TestShapeNames(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		name   string
		m      Measurement
		shared *bool
		want   string
	}{
		{"fixed", Measurement{Method: "cycles", FixedPhase: true, Sustained: 10}, &no, ShapeFixed},
		{"sliding", Measurement{Method: "cycles", Sustained: 10}, &no, ShapeSliding},
		{"token", Measurement{Method: "hold", Burst: 20, Sustained: 10}, &no, ShapeToken},
		{"evenly spaced", Measurement{Method: "hold", Burst: 2, Sustained: 10}, &no, ShapeEven},
		{"long window", Measurement{Method: "long window", LongWindow: true, Sustained: 10, Window: 3 * time.Second}, &no, ShapeLong},
		{"shared", Measurement{Method: "cycles", Sustained: 10}, &yes, ShapeShared},
		{"nothing throttled", Measurement{NotThrottled: true}, nil, ShapeUnclear},
		{"unfinished", Measurement{Unfinished: "budget"}, nil, ShapeUnclear},
	} {
		t.Run(tc.name, func(t *testing.T) {
			served, throttled := 1, 0
			if tc.shared != nil && *tc.shared {
				served, throttled = 0, 2
			}
			got, why := shapeOf(&tc.m, tc.shared, served, throttled)
			assert.Equal(t, tc.want, got)
			assert.NotEmpty(t, why)
		})
	}
	got, why := shapeOf(&Measurement{Method: "cycles"}, nil, 1, 1)
	assert.Equal(t, ShapeUnclear, got, "a companion served once and throttled once")
	assert.Contains(t, why, "shared or not")
}
