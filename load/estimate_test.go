package load

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTolerance(t *testing.T) {
	for _, tc := range []struct {
		documented int
		want       float64
	}{{50, 2.5}, {10, 1}, {20, 1}, {100, 5}, {1, 1}} {
		assert.Equal(t, tc.want, Tolerance(tc.documented), "tolerance of %d", tc.documented)
	}
}

func TestVerdict(t *testing.T) {
	step := func(rate, accepted float64, throttled int) StepResult {
		return StepResult{Rate: rate, AcceptedQPS: accepted, Throttled: throttled, Sent: 100}
	}
	for _, tc := range []struct {
		name       string
		documented int
		steps      []StepResult
		verdict    string
		measured   float64
		note       string
	}{
		{"at the limit", 50, []StepResult{step(25, 25, 0), step(50, 50, 0), step(75, 49.5, 10), step(100, 50.5, 20)}, Pass, 50, ""},
		{"median of the throttled steps", 50, []StepResult{step(75, 49, 10), step(100, 50, 20), step(150, 51.5, 40)}, Pass, 50, ""},
		{"a step right at the limit, barely throttled, is a worse estimate", 50, []StepResult{{Rate: 50, AcceptedQPS: 49.2, Throttled: 3, Sent: 200}, step(75, 50, 100)}, Pass, 50, ""},
		{"only barely throttled steps", 50, []StepResult{{Rate: 50, AcceptedQPS: 49.2, Throttled: 3, Sent: 200}}, Pass, 49.2, ""},
		{"low edge of the tolerance", 50, []StepResult{step(75, 47.5, 10)}, Pass, 47.5, ""},
		{"just outside", 50, []StepResult{step(75, 47.4, 10)}, Fail, 47.4, "outside 50 ± 2.5"},
		{"high edge", 50, []StepResult{step(75, 52.5, 10)}, Pass, 52.5, ""},
		{"37 enforced where 50 documented", 50, []StepResult{step(25, 25, 0), step(50, 37, 13), step(75, 37, 38)}, Fail, 37, "enforced limit 37.0 rps is outside 50 ± 2.5"},
		{"small limit: 1 QPS tolerance", 10, []StepResult{step(15, 11, 4)}, Pass, 11, ""},
		{"small limit: outside", 10, []StepResult{step(15, 11.1, 4)}, Fail, 11.1, "outside 10 ± 1.0"},
		{"throttled below the limit", 50, []StepResult{step(25, 20, 5), step(75, 50, 25)}, Fail, 35, "throttled below the documented limit: 5 of 100 requests at 25 rps"},
		{"throttled just below the limit", 50, []StepResult{step(49, 48, 1), step(75, 49, 25)}, Fail, 49, "throttled below"},
		{"never throttled over the limit", 50, []StepResult{step(100, 100, 0), step(400, 398, 0)}, Fail, 398, "no throttling observed up to 400 rps: the documented limit of 50 is not enforced"},
		{"ladder stayed below", 50, []StepResult{step(25, 25, 0)}, Fail, 25, "never went over the documented limit"},
		{"too many other answers", 50, []StepResult{{Rate: 75, AcceptedQPS: 50, Throttled: 20, Other: 5, Sent: 300}}, Fail, 50, "5 of 300 answers"},
		{"a stray other answer", 50, []StepResult{{Rate: 75, AcceptedQPS: 50, Throttled: 20, Other: 1, Sent: 300}}, Pass, 50, "1 of 300 answers"},
		{"no steps", 50, nil, Fail, 0, "no throttling observed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, v, note := Verdict(tc.documented, tc.steps)
			assert.Equal(t, tc.verdict, v, "note: %s", note)
			assert.InDelta(t, tc.measured, m, 0.001)
			if tc.note == "" {
				assert.Empty(t, note)
			} else {
				assert.Contains(t, note, tc.note)
			}
		})
	}
}
