package load

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
)

// StepResult is one constant-rate step.
type StepResult struct {
	Started     time.Time `json:"started"`
	Rate        float64   `json:"rate"`
	DurationS   float64   `json:"duration_s"`
	Sent        int       `json:"sent"`
	Served      int       `json:"served"`
	Throttled   int       `json:"throttled"`
	Other       int       `json:"other"`
	AcceptedQPS float64   `json:"accepted_qps"`
	SentQPS     float64   `json:"achieved_rate"`
	P50ms       float64   `json:"p50_ms"`
	P95ms       float64   `json:"p95_ms"`
	P99ms       float64   `json:"p99_ms"`
	OtherCodes  []string  `json:"other_codes,omitempty"`
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

// Burst runs one step: the probe at rate for duration, every request signed
// afresh. Results are also written to out when it is not nil (vegeta's gob
// encoding, readable by `vegeta report`).
func Burst(ctx context.Context, c *aliyun.Client, p *Probe, rate float64, duration time.Duration, out io.Writer) (StepResult, error) {
	if rate <= 0 || duration <= 0 {
		return StepResult{}, fmt.Errorf("load: rate and duration must be positive")
	}
	var enc vegeta.Encoder
	if out != nil {
		enc = vegeta.NewEncoder(out)
	}
	atk := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.KeepAlive(true),
		vegeta.Workers(8), vegeta.MaxWorkers(1024), vegeta.Connections(1024), vegeta.MaxBody(4096))
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	pacer := vegeta.ConstantPacer{Freq: int(math.Round(rate)), Per: time.Second}
	if rate != math.Round(rate) || rate < 1 {
		pacer = vegeta.ConstantPacer{Freq: int(math.Round(rate * 1000)), Per: 1000 * time.Second}
	}
	res := StepResult{Rate: rate, DurationS: duration.Seconds()}
	var lat []time.Duration
	var first, last time.Time
	seconds := map[int]*secondAcc{}
	codes := map[string]bool{}
	name := fmt.Sprintf("%s@%g", p.Operation, rate)
	for r := range atk.Attack(targeter(c, p), pacer, duration, name) {
		if enc != nil {
			if err := enc.Encode(r); err != nil {
				atk.Stop()
				return res, fmt.Errorf("load: write results: %w", err)
			}
		}
		if first.IsZero() || r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if r.Timestamp.After(last) {
			last = r.Timestamp
		}
		res.Sent++
		class := p.Classify(r)
		sec := int(r.Timestamp.Sub(first).Seconds())
		acc := seconds[sec]
		if acc == nil {
			acc = &secondAcc{}
			seconds[sec] = acc
		}
		switch class {
		case Served:
			res.Served++
			lat = append(lat, r.Latency)
			acc.served++
			acc.lat = append(acc.lat, r.Latency)
		case Throttled:
			res.Throttled++
			acc.throttled++
		default:
			res.Other++
			acc.other++
			codes[fmt.Sprintf("%d %s%s", r.Code, errorCode(r.Body), r.Error)] = true
		}
	}
	span := duration.Seconds()
	res.AcceptedQPS = float64(res.Served) / span
	if res.Sent > 1 {
		res.SentQPS = float64(res.Sent-1) / last.Sub(first).Seconds()
	}
	res.P50ms, res.P95ms, res.P99ms = quantile(lat, 0.5), quantile(lat, 0.95), quantile(lat, 0.99)
	for c := range codes {
		res.OtherCodes = append(res.OtherCodes, c)
	}
	sort.Strings(res.OtherCodes)
	res.Timeline = timeline(seconds)
	res.Started = first
	return res, ctx.Err()
}

type secondAcc struct {
	served, throttled, other int
	lat                      []time.Duration
}

func timeline(seconds map[int]*secondAcc) []Point {
	keys := make([]int, 0, len(seconds))
	for k := range seconds {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	out := make([]Point, 0, len(keys))
	for _, k := range keys {
		a := seconds[k]
		out = append(out, Point{T: float64(k), Served: a.served, Throttled: a.throttled, Other: a.other,
			P50ms: quantile(a.lat, 0.5), P99ms: quantile(a.lat, 0.99)})
	}
	return out
}

// targeter signs every target afresh: a new nonce and timestamp each time.
func targeter(c *aliyun.Client, p *Probe) vegeta.Targeter {
	return func(t *vegeta.Target) error {
		prep, err := c.Build(p.Request())
		if err != nil {
			return err
		}
		t.Method, t.URL, t.Body = prep.Method, prep.URL, prep.Body
		t.Header = http.Header{}
		for k, v := range prep.Header {
			if k == "Host" {
				continue
			}
			t.Header[k] = v
		}
		return nil
	}
}

func quantile(d []time.Duration, q float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return float64(s[max(i, 0)].Microseconds()) / 1000
}
