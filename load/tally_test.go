package load

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// TestTally feeds a step of 10 rps for 2 seconds (the pacer's first hit
// is at 1/rate), 5 served and then throttled each second, out of order.
func TestTally(t *testing.T) {
	began := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tl := newTally(began)
	p := &Probe{}
	var results []*vegeta.Result
	for i := 1; i <= 20; i++ {
		r := &vegeta.Result{Timestamp: began.Add(time.Duration(i) * 100 * time.Millisecond), Latency: time.Duration(i) * time.Millisecond}
		switch {
		case i == 20:
			r.Code, r.Body = 500, []byte(`{"Code":"ServerError"}`)
		case (i-1)%10 < 5:
			r.Code, r.Body = 200, []byte(`{"RequestId":"x"}`)
		default:
			r.Code, r.Body = 400, []byte(`{"Code":"Throttling.User"}`)
		}
		results = append(results, r)
	}
	results[3], results[4] = results[4], results[3]
	for _, r := range results {
		tl.add(r, p.Classify(r), false)
	}
	res := tl.result(10, 2*time.Second)
	assert.Equal(t, began, res.Started)
	assert.Equal(t, []int{20, 10, 9, 1}, []int{res.Sent, res.Served, res.Throttled, res.Other})
	assert.Equal(t, 5.0, res.AcceptedQPS, "10 served over 2 seconds of sending")
	assert.Equal(t, 10.0, res.SentQPS, "19 intervals of 100 ms")
	assert.Equal(t, []string{"500 ServerError ×1"}, res.OtherCodes)
	// served latencies: 1-5 and 11-15 ms
	assert.Equal(t, []float64{5, 15, 15}, []float64{res.P50ms, res.P95ms, res.P99ms})
	require.Len(t, res.Timeline, 3, "seconds 0, 1 and the last hit at 2.0 s")
	assert.Equal(t, Point{T: 0, Served: 5, Throttled: 4, P50ms: 3, P99ms: 5}, res.Timeline[0])
	assert.Equal(t, Point{T: 1, Served: 5, Throttled: 5, P50ms: 13, P99ms: 15}, res.Timeline[1])
	assert.Equal(t, Point{T: 2, Other: 1}, res.Timeline[2])
}

func TestTallyCutShort(t *testing.T) {
	began := time.Now()
	tl := newTally(began)
	for i := 1; i <= 10; i++ {
		tl.add(&vegeta.Result{Timestamp: began.Add(time.Duration(i) * 100 * time.Millisecond), Code: 200}, Served, false)
	}
	res := tl.result(10, 4*time.Second)
	assert.Equal(t, 10.0, res.AcceptedQPS, "a step cancelled after 1 s is judged over what it sent")
	empty := newTally(began).result(10, time.Second)
	assert.Zero(t, empty.AcceptedQPS)
	assert.Zero(t, empty.SentQPS)
}

func TestQuantiles(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	assert.Equal(t, []float64{50, 95, 99, 100}, quantiles(d, 0.5, 0.95, 0.99, 1))
	assert.Equal(t, []float64{0, 0}, quantiles(nil, 0.5, 0.99))
	assert.Equal(t, time.Duration(100)*time.Millisecond, d[0], "the input is not reordered")
}

// TestTallyLateAnswers: 100 requests sent in one second, all served, the
// answers spread over two (the requests reached the provider late): the
// served rate is 50 per second, not the 100 the sending alone would say.
// Answers on time leave it at 100, and so does a round trip that is long
// but the same for every request (a provider far away): the answers come
// back spread as they were sent, however late they all are.
func TestTallyLateAnswers(t *testing.T) {
	began := time.Now()
	for _, c := range []struct {
		rtt, late time.Duration
		want      float64
	}{{time.Millisecond, 0, 100}, {time.Millisecond, time.Second, 50}, {300 * time.Millisecond, 0, 100}, {300 * time.Millisecond, time.Second, 50}} {
		tl := newTally(began)
		for i := range 100 {
			sent := time.Duration(i) * 10 * time.Millisecond
			lat := c.rtt + c.late*time.Duration(i)/99 // the last one c.late behind
			tl.add(&vegeta.Result{Timestamp: began.Add(sent), Latency: lat, Code: 200}, Served, false)
		}
		res := tl.result(100, time.Second)
		assert.InDelta(t, c.want, res.AcceptedQPS, 1, "round trip %s, answers %s late", c.rtt, c.late)
		assert.InDelta(t, 100, res.SentQPS, 1)
	}
}

// TestTransportWhat: ten faults of one cause read as one, whatever their
// requests' URLs and their connections' local ports.
func TestTransportWhat(t *testing.T) {
	for in, want := range map[string]string{
		`Post "http://127.0.0.1:43767/?Action=DeleteLiveMessageGroup&Signature=REDACTED": read tcp 127.0.0.1:37053->127.0.0.1:43767: read: connection reset by peer`: "no answer: read: connection reset by peer",
		`Post "http://127.0.0.1:1/?Action=X": dial tcp 127.0.0.1:1: connect: connection refused`:                                                                     "no answer: connect: connection refused",
		`Post "http://127.0.0.1:80/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`:                                                    "no answer: context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
		"InternalError": "InternalError",
	} {
		assert.Equal(t, want, transportWhat(in), in)
	}
}
