package load

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// Found is the outcome of a limit search.
type Found struct {
	Operation string        `json:"operation"`
	LimitQPS  float64       `json:"limit_qps"`
	Steps     []StepResult  `json:"steps"`
	Spent     time.Duration `json:"spent_ns"`
	Requests  int           `json:"requests"`
}

// FindLimit searches for the limit a provider enforces on an operation
// whose limit is unknown or suspected wrong: it ramps the rate up (doubling
// from start) until a step is throttled, then bisects between the last
// clean rate and the throttled one on short steps; the limit is the
// accepted rate of the throttled steps. maxRate bounds the search.
func FindLimit(ctx context.Context, c *aliyun.Client, p *Probe, start, maxRate float64, step time.Duration) (Found, error) {
	f := Found{Operation: p.Operation}
	began := time.Now()
	defer func() { f.Spent = time.Since(began) }()
	run := func(rate float64) (StepResult, error) {
		if len(f.Steps) > 0 {
			time.Sleep(1200 * time.Millisecond)
		}
		r, err := Burst(ctx, c, p, rate, step, nil)
		f.Steps = append(f.Steps, r)
		f.Requests += r.Sent
		return r, err
	}
	clean, rate := 0.0, math.Max(start, 1)
	var throttled []float64
	for {
		r, err := run(rate)
		if err != nil {
			return f, err
		}
		if r.Throttled > 0 {
			throttled = append(throttled, r.AcceptedQPS)
			break
		}
		clean = rate
		if rate >= maxRate {
			f.LimitQPS, f.Spent = 0, time.Since(began)
			return f, fmt.Errorf("load: no throttling up to %g rps", maxRate)
		}
		rate = math.Min(rate*2, maxRate)
	}
	high := rate
	for i := 0; i < 3 && high-clean > 2; i++ {
		mid := math.Round((clean + high) / 2)
		r, err := run(mid)
		if err != nil {
			return f, err
		}
		if r.Throttled > 0 {
			high = mid
			throttled = append(throttled, r.AcceptedQPS)
		} else {
			clean = mid
		}
	}
	f.LimitQPS = round2(median(throttled))
	f.Spent = time.Since(began)
	return f, nil
}

// Searched is FindLimit's outcome with the documented limit beside it.
type Searched struct {
	Found
	DocumentedQPS int
}

// Search runs FindLimit for cfg.Operations[0] in cfg's app, from half the
// documented limit up to 8 times it, on 2-second steps.
func Search(ctx context.Context, cfg Config) (Searched, error) {
	cfg.defaults()
	if err := cfg.check(); err != nil {
		return Searched{}, err
	}
	op, _ := cfg.Contract.Operation(cfg.Operations[0])
	app, err := cfg.app(ctx)
	if err != nil {
		return Searched{}, err
	}
	p, err := NewProbe(op.Name, Env{AppID: app, GroupID: fmt.Sprintf("livemsgsearch%d", time.Now().UnixNano()%1e9), Prefix: "livemsgprobe"})
	if err != nil {
		return Searched{}, err
	}
	if p.Setup != nil {
		if err := p.Setup(ctx, cfg.Client); err != nil {
			return Searched{}, err
		}
	}
	if p.Teardown != nil {
		defer func() { _ = p.Teardown(context.WithoutCancel(ctx), cfg.Client) }()
	}
	f, err := FindLimit(ctx, cfg.Client, p, float64(op.QPS)/2, maxExtension*float64(op.QPS), 2*time.Second)
	return Searched{Found: f, DocumentedQPS: op.QPS}, err
}
