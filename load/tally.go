package load

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// StepResult is one drive of an operation: what it sent and got back,
// second by second. It is the one step type: summary.json, the terminal
// table and the report all read it.
type StepResult struct {
	Started     time.Time `json:"started"`
	Rate        float64   `json:"rate"`       // the highest rate asked, requests per second
	DurationS   float64   `json:"duration_s"` // how long it was asked to last (or lasted)
	Sent        int       `json:"sent"`
	Served      int       `json:"served"`
	Throttled   int       `json:"throttled"`
	Other       int       `json:"other"`
	Faults      int       `json:"faults"`        // others that were no answer or not Alibaba's (transport, 502 pages)
	AcceptedQPS float64   `json:"accepted_qps"`  // served per second of sending, or of answering when the answers took longer
	SentQPS     float64   `json:"achieved_rate"` // the send rate vegeta achieved
	P50ms       float64   `json:"p50_ms"`        // latencies of served requests
	P95ms       float64   `json:"p95_ms"`
	P99ms       float64   `json:"p99_ms"`
	OtherCodes  []string  `json:"other_codes,omitempty"` // what the other answers were
	File        string    `json:"file,omitempty"`        // the vegeta result file, when written
	Timeline    []Point   `json:"timeline,omitempty"`
}

// Point is one second of a step.
type Point struct {
	T         float64 `json:"t"` // seconds since the step began
	Served    int     `json:"served"`
	Throttled int     `json:"throttled"`
	Other     int     `json:"other"`
	P50ms     float64 `json:"p50_ms"`
	P99ms     float64 `json:"p99_ms"`
}

// maxOtherCodes bounds the distinct other answers a step lists.
const maxOtherCodes = 10

// tally accumulates a step's results: the answers as a whole and second
// by second, each an agg (the one aggregation of answers, shared with the
// profile's figures), and the times the accepted rate is judged on.
type tally struct {
	began       time.Time
	first, last time.Time
	firstDone   time.Time // when the first answer came
	lastServed  time.Time // when the last served answer came
	sent        int
	all         agg
	seconds     []agg
}

func newTally(began time.Time) *tally { return &tally{began: began} }

func (t *tally) add(r *vegeta.Result, class Class, fault bool) {
	t.sent++
	if t.first.IsZero() || r.Timestamp.Before(t.first) {
		t.first = r.Timestamp
	}
	if r.Timestamp.After(t.last) {
		t.last = r.Timestamp
	}
	done := r.Timestamp.Add(r.Latency)
	if t.firstDone.IsZero() || done.Before(t.firstDone) {
		t.firstDone = done
	}
	if class == Served && done.After(t.lastServed) {
		t.lastServed = done
	}
	sec := max(int(r.Timestamp.Sub(t.began)/time.Second), 0)
	for len(t.seconds) <= sec {
		t.seconds = append(t.seconds, agg{})
	}
	what := answerWhat(r)
	t.all.add(class, fault, r.Latency, what)
	t.seconds[sec].add(class, fault, r.Latency, "")
}

// answerWhat names an answer that was neither served nor throttled: its
// status and code, or the transport fault.
func answerWhat(r *vegeta.Result) string {
	if r.Code == 0 {
		return transportWhat(r.Error)
	}
	return fmt.Sprintf("%d %s", r.Code, ErrorCode(r.Body))
}

func (t *tally) result(rate float64, duration time.Duration) StepResult {
	res := StepResult{Started: t.began, Rate: rate, DurationS: duration.Seconds(), Sent: t.sent,
		Served: t.all.counts[Served], Throttled: t.all.counts[Throttled], Other: t.all.counts[Other], Faults: t.all.faults}
	if t.sent == 0 {
		return res
	}
	// Each request stands for 1/rate seconds of sending, so a full step
	// spans the asked duration and a cancelled one what it really sent.
	// When the answers came back spread wider than that (a sender or a
	// network that fell behind, so the provider got the requests spread
	// wider than they were sent), the served ones are counted over the
	// time from the first answer to the last served one: a provider is
	// not charged with serving faster than it was asked. A round trip
	// that is long but the same for every request spreads nothing.
	span := math.Min(t.last.Sub(t.first).Seconds()+1/rate, duration.Seconds())
	if !t.lastServed.IsZero() {
		span = math.Max(span, t.lastServed.Sub(t.firstDone).Seconds()+1/rate)
	}
	res.AcceptedQPS = round2(float64(res.Served) / span)
	if t.sent > 1 {
		res.SentQPS = round2(float64(t.sent-1) / t.last.Sub(t.first).Seconds())
	}
	q := quantiles(t.all.latencies, 0.5, 0.95, 0.99)
	res.P50ms, res.P95ms, res.P99ms = q[0], q[1], q[2]
	res.OtherCodes = t.all.whats()
	for i, s := range t.seconds {
		pt := Point{T: float64(i), Served: s.counts[Served], Throttled: s.counts[Throttled], Other: s.counts[Other]}
		q := quantiles(s.latencies, 0.5, 0.99)
		pt.P50ms, pt.P99ms = q[0], q[1]
		res.Timeline = append(res.Timeline, pt)
	}
	return res
}

// quantiles gives the nearest-rank quantiles qs of d in milliseconds, to
// the microsecond; zeros when d is empty.
func quantiles(d []time.Duration, qs ...float64) []float64 {
	out := make([]float64, len(qs))
	if len(d) == 0 {
		return out
	}
	s := slices.Clone(d)
	slices.Sort(s)
	for i, q := range qs {
		k := min(max(int(math.Ceil(q*float64(len(s))))-1, 0), len(s)-1)
		out[i] = float64(s[k].Microseconds()) / 1000
	}
	return out
}

// transportWhat is what a transport fault was, without the request it
// was for: net/http says `Post "URL": cause`, and every URL differs (its
// nonce, its signature), so ten faults of one cause would read as ten
// causes, each quoting a whole request.
// The socket's addresses go too: `read tcp 127.0.0.1:37053->...: ` names a
// local port each connection has its own of.
func transportWhat(err string) string {
	if i := strings.Index(err, `": `); i > 0 && strings.Contains(err[:i], ` "`) {
		return "no answer: " + socketOp.ReplaceAllString(err[i+3:], "")
	}
	return err
}

// socketOp is the operation and addresses net names in an error: `read
// tcp 127.0.0.1:37053->127.0.0.1:43767: `, `dial tcp 127.0.0.1:1: `.
var socketOp = regexp.MustCompile(`(?:read|write|dial) (?:tcp|tcp4|tcp6|udp) \S+: `)
