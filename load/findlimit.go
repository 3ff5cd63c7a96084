package load

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// SearchOptions bound a limit search.
type SearchOptions struct {
	Start, Max  float64       // the rate the ramp starts at, and the rate it never exceeds
	Step        time.Duration // length of each step (default 2s)
	Pause       time.Duration // between steps (default 1.2s, at least 1.1s)
	MaxRequests int           // cap on the search's requests (0 = none)
	Progress    io.Writer     // a line per step; nil = silent
}

// Found is the outcome of a limit search.
type Found struct {
	Operation string        `json:"operation"`
	LimitQPS  float64       `json:"limit_qps"`
	Clean     float64       `json:"clean_rps"`     // the highest rate served without throttling
	Throttled float64       `json:"throttled_rps"` // the lowest rate that was throttled
	Steps     []StepResult  `json:"steps"`
	Spent     time.Duration `json:"spent_ns"`
	Requests  int           `json:"requests"`
}

// maxRefinements bounds the steps after the ramp.
const maxRefinements = 4

// FindLimit searches for the limit a provider enforces on an operation
// whose limit is unknown or suspected wrong.
//
// It ramps the rate up (doubling from Start, never past Max) until a step
// is throttled. That step's accepted rate is a first estimate of the limit
// (what the provider sustained when asked for more). The search then
// brackets it: a step just below the estimate must be served in full and
// one just above must be throttled; when a guess is contradicted it bisects
// between the highest clean rate and the lowest throttled one. It stops
// when the bracket is tight (about ±2%, at least ±1 rps, around the
// estimate) or after four more steps. The limit is the median accepted rate
// of the throttled steps, kept within the bracket. It fails when nothing is
// throttled up to Max or before the request cap.
func FindLimit(ctx context.Context, c *aliyun.Client, p *Probe, o SearchOptions) (Found, error) {
	o.defaults()
	s := &search{opts: o, client: c, probe: p, progress: newProgress(o.Progress), found: Found{Operation: p.Operation}}
	err := s.run(ctx)
	s.found.Spent = time.Since(s.progress.began)
	return s.found, err
}

func (o *SearchOptions) defaults() {
	if o.Start <= 0 {
		o.Start = 1
	}
	if o.Max <= 0 || o.Max > maxRate {
		o.Max = maxRate
	}
	o.Start = math.Min(o.Start, o.Max)
	if o.Step <= 0 {
		o.Step = 2 * time.Second
	}
	if o.Pause <= 0 {
		o.Pause = 1200 * time.Millisecond
	}
	o.Pause = max(o.Pause, windowPause)
}

type search struct {
	opts     SearchOptions
	client   *aliyun.Client
	probe    *Probe
	progress *progress
	found    Found
}

func (s *search) run(ctx context.Context) error {
	clean, rate := 0.0, s.opts.Start
	for {
		r, err := s.step(ctx, rate)
		if err != nil {
			return err
		}
		if r.Throttled > 0 {
			break
		}
		clean = rate
		if rate >= s.opts.Max {
			s.found.Clean = clean
			return fmt.Errorf("load: %s: no throttling up to %g rps", s.probe.Operation, s.opts.Max)
		}
		rate = math.Min(rate*2, s.opts.Max)
	}
	high := rate
	for i := 0; i < maxRefinements; i++ {
		next, ok := refine(clean, high, median(sustainedRates(s.found.Steps)))
		if !ok {
			break
		}
		r, err := s.step(ctx, next)
		if err != nil {
			break // the bracket so far still gives a limit
		}
		if r.Throttled > 0 {
			high = next
		} else {
			clean = next
		}
	}
	s.found.Clean, s.found.Throttled = clean, high
	s.found.LimitQPS = round2(math.Min(math.Max(median(sustainedRates(s.found.Steps)), clean), high))
	return nil
}

// refine picks the next rate to try, given the highest clean rate, the
// lowest throttled one and the estimate: just under the estimate until a
// clean step is there, then just over it until a throttled step is there;
// the middle of the bracket when the estimate lies outside it. False when
// the bracket is tight enough.
func refine(clean, high, estimate float64) (float64, bool) {
	margin := math.Max(1, 0.02*estimate)
	if high-clean <= 2*margin+2 {
		return 0, false
	}
	next := math.Round((clean + high) / 2)
	switch below, above := math.Floor(estimate-margin), math.Ceil(estimate+margin); {
	case below > clean && below < high:
		next = below
	case above > clean && above < high:
		next = above
	}
	if next <= clean || next >= high {
		return 0, false
	}
	return next, true
}

// step runs one step of the search, after a pause when it is not the
// first, if it fits the request cap.
func (s *search) step(ctx context.Context, rate float64) (StepResult, error) {
	n := len(s.found.Steps)
	if s.opts.MaxRequests > 0 && s.found.Requests+stepRequests(rate, s.opts.Step) > s.opts.MaxRequests {
		return StepResult{}, fmt.Errorf("load: %s: a step at %g rps would go over --max-requests %d", s.probe.Operation, rate, s.opts.MaxRequests)
	}
	if n > 0 {
		if err := sleep(ctx, s.opts.Pause); err != nil {
			return StepResult{}, err
		}
	}
	s.progress.stepStart(s.probe.Operation, n+1, n+1, rate, s.opts.Step)
	r, err := Burst(ctx, s.client, s.probe, rate, s.opts.Step, nil)
	s.progress.stepEnd(r)
	s.found.Steps = append(s.found.Steps, r)
	s.found.Requests += r.Sent
	return r, err
}

// Searched is FindLimit's outcome with the documented limit beside it.
type Searched struct {
	Found
	DocumentedQPS int `json:"documented_qps"`
}

// Search runs FindLimit for cfg.Operations[0] (default the first brief
// operation) in cfg's app, from 0.6 times the documented limit (so that the
// doubling ramp does not land right on it, where throttling is marginal) up
// to 8 times it,
// on steps of cfg.Duration but at most 2 seconds, within cfg.MaxRequests.
// A real target needs the same acknowledgement, cap and app as Run. With
// OutDir set it writes DIR/load/find-limit-<Operation>.json.
func Search(ctx context.Context, cfg Config) (Searched, error) {
	cfg.defaults()
	if cfg.Client == nil {
		return Searched{}, fmt.Errorf("load: no client")
	}
	if err := cfg.checkReal(""); err != nil {
		return Searched{}, err
	}
	op, ok := cfg.Contract.Operation(cfg.Operations[0])
	if !ok {
		return Searched{}, fmt.Errorf("load: unknown operation %q", cfg.Operations[0])
	}
	r := &run{cfg: cfg, progress: newProgress(cfg.Progress)}
	app, err := r.app(ctx)
	if err != nil {
		return Searched{}, err
	}
	p, err := NewProbe(op.Name, Env{AppID: app, GroupID: fmt.Sprintf("livemsgsearch%d", time.Now().UnixNano()%1e9), Prefix: "livemsgprobe"})
	if err != nil {
		return Searched{}, err
	}
	teardown, err := p.setUp(ctx, cfg.Client)
	if err != nil {
		return Searched{}, err
	}
	defer teardown()
	documented := max(op.QPS, 1)
	budget := 0
	if cfg.MaxRequests > 0 {
		budget = max(cfg.MaxRequests-r.sent-p.setupRequests(), 1)
	}
	f, err := FindLimit(ctx, cfg.Client, p, SearchOptions{Start: 0.6 * float64(documented), Max: maxExtension * float64(documented),
		Step: min(cfg.Duration, 2*time.Second), Pause: cfg.Pause, MaxRequests: budget, Progress: cfg.Progress})
	res := Searched{Found: f, DocumentedQPS: op.QPS}
	if err == nil && cfg.OutDir != "" {
		err = writeJSON(findLimitFile(cfg.OutDir, op.Name), res)
	}
	return res, err
}
