package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Config configures a probe run.
type Config struct {
	Client     *aliyun.Client
	Contract   *contract.Contract // nil = contract.Default()
	Target     string             // described in the summary
	Operations []string           // nil = BriefOperations
	Rates      []Rate             // nil = DefaultRates
	Duration   time.Duration      // of each step (default 4s)
	Pause      time.Duration      // between steps, so a one-second window empties (default 1.2s, at least 1.1s)
	OutDir     string             // result files and summary.json go to OutDir/load ("" = none)
	AppID      string             // the app the probes work in; "" = create one (emulator only)
	// Real marks a real target: it needs AllowReal (the acknowledging
	// flag), an AppID and a MaxRequests cap that the planned ladder fits.
	Real, AllowReal bool
	MaxRequests     int       // cap on every request of the run, setup included (0 = none; required when Real)
	Progress        io.Writer // a line per step; nil = silent
}

// BriefOperations are the operations the brief names, probed by default.
var BriefOperations = []string{"DeleteLiveMessageGroup", "RecoverLiveMessageDeletedGroup", "RemoveLiveMessageGroupBand"}

// windowPause is the shortest pause between steps: a sliding one-second
// throttling window empties in it.
const windowPause = 1100 * time.Millisecond

// Run probes each operation over its ladder and judges it against the
// documented limit. While no step is throttled and the ladder has reached
// the documented limit it grows by half a rung at a time (up to 8 times the
// limit, within MaxRequests), so a provider enforcing more than documented
// is measured. With OutDir set it writes each step's vegeta results to
// ResultFile and the summary to SummaryFile. It refuses to start (an error,
// nothing sent) when the configuration is unsafe or the plan does not fit
// MaxRequests.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	cfg.defaults()
	if _, err := cfg.Plan(); err != nil {
		return nil, err
	}
	r := &run{cfg: cfg, progress: newProgress(cfg.Progress)}
	app, err := r.app(ctx)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Target: cfg.Target, Operations: []OperationResult{}}
	for i, name := range cfg.Operations {
		op, _ := cfg.Contract.Operation(name)
		env := Env{AppID: app, GroupID: fmt.Sprintf("livemsgprobe%d%d", time.Now().UnixNano()%1e9, i), Prefix: "livemsgprobe"}
		res, err := r.operation(ctx, op, env)
		if err != nil {
			if len(res.Steps) > 0 {
				res.MeasuredQPS, res.Verdict, _ = Verdict(op.QPS, res.Steps)
				res.Verdict, res.Note = Fail, join("interrupted: "+err.Error(), res.Note)
				sum.Operations = append(sum.Operations, res)
			}
			return sum, errors.Join(err, r.write(sum)) // what was measured is kept
		}
		sum.Operations = append(sum.Operations, res)
	}
	return sum, r.write(sum)
}

// write writes summary.json when the run has an output folder.
func (r *run) write(sum *Summary) error {
	if r.cfg.OutDir == "" {
		return nil
	}
	return sum.WriteFile(SummaryFile(r.cfg.OutDir))
}

// Plan checks the configuration and returns how many requests the ladders
// will send at most, setup and teardown included (extensions of a ladder
// come on top, each only when it still fits MaxRequests). It refuses an
// unknown operation, one without a probe or a limit, and on a real target a
// missing acknowledgement, AppID or cap, or a plan over the cap.
func (cfg Config) Plan() (int, error) {
	cfg.defaults()
	if cfg.Client == nil {
		return 0, fmt.Errorf("load: no client")
	}
	planned := 0
	if cfg.AppID == "" {
		planned++ // CreateLiveMessageApp
	}
	for _, name := range cfg.Operations {
		op, ok := cfg.Contract.Operation(name)
		if !ok {
			return 0, fmt.Errorf("load: unknown operation %q", name)
		}
		if op.QPS <= 0 {
			return 0, fmt.Errorf("load: %s has no documented QPS limit to judge", name)
		}
		p, err := NewProbe(name, Env{})
		if err != nil {
			return 0, err
		}
		planned += p.setupRequests()
		for _, rate := range Ladder(cfg.Rates, op.QPS) {
			planned += stepRequests(rate, cfg.Duration)
		}
	}
	if err := cfg.checkReal(fmt.Sprintf(" (the ladder plans %d requests)", planned)); err != nil {
		return planned, err
	}
	if cfg.MaxRequests > 0 && planned > cfg.MaxRequests {
		return planned, fmt.Errorf("load: the ladder plans %d requests, over --max-requests %d: shorten --duration or --rates", planned, cfg.MaxRequests)
	}
	return planned, nil
}

// checkReal refuses a real target without the acknowledgement, a cap on
// requests, or an app to work in.
func (cfg Config) checkReal(plan string) error {
	switch {
	case !cfg.Real:
		return nil
	case !cfg.AllowReal:
		return fmt.Errorf("load: a real target needs --i-know-this-calls-the-real-service: calls over the limit may disturb the account")
	case cfg.MaxRequests <= 0:
		return fmt.Errorf("load: a real target needs --max-requests N%s", plan)
	case cfg.AppID == "":
		return fmt.Errorf("load: a real target needs --app-id: probes never create apps there")
	}
	return nil
}

// stepRequests is the most a step sends: vegeta's constant pacer sends
// rate×duration requests, and one more when its clock lands on the end.
func stepRequests(rate float64, d time.Duration) int {
	return int(math.Ceil(rate*d.Seconds())) + 1
}

func (cfg *Config) defaults() {
	if cfg.Contract == nil {
		cfg.Contract = contract.Default()
	}
	if len(cfg.Operations) == 0 {
		cfg.Operations = BriefOperations
	}
	if len(cfg.Rates) == 0 {
		cfg.Rates = DefaultRates
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 4 * time.Second
	}
	if cfg.Pause <= 0 {
		cfg.Pause = 1200 * time.Millisecond
	}
	cfg.Pause = max(cfg.Pause, windowPause)
}

// run is one Run's state: what it has sent, and where it reports.
type run struct {
	cfg      Config
	progress *progress
	sent     int
}

// app is the app the probes work in: the configured one, or a new one on
// an emulator.
func (r *run) app(ctx context.Context) (string, error) {
	if r.cfg.AppID != "" {
		return r.cfg.AppID, nil
	}
	r.sent++
	resp, err := r.cfg.Client.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "livemsgload"}})
	if err != nil {
		return "", fmt.Errorf("load: create app: %w", err)
	}
	id, _ := resp.Fields["AppId"].(string)
	if !resp.OK() || id == "" {
		return "", fmt.Errorf("load: create app: %d %s: %s", resp.Status, resp.Code, resp.Message)
	}
	return id, nil
}

// fits reports whether n more requests stay within MaxRequests.
func (r *run) fits(n int) bool {
	return r.cfg.MaxRequests <= 0 || r.sent+n <= r.cfg.MaxRequests
}

func (r *run) operation(ctx context.Context, op *contract.Operation, env Env) (OperationResult, error) {
	res := OperationResult{Operation: op.Name, DocumentedQPS: op.QPS, ToleranceQPS: Tolerance(op.QPS), Steps: []StepResult{}}
	p, err := NewProbe(op.Name, env)
	if err != nil {
		return res, err
	}
	r.sent += p.setupRequests()
	teardown, err := p.setUp(ctx, r.cfg.Client)
	if err != nil {
		return res, err
	}
	defer teardown()
	rates := Ladder(r.cfg.Rates, op.QPS)
	for i := 0; i < len(rates); i++ {
		if !r.fits(stepRequests(rates[i], r.cfg.Duration)) {
			res.Note = fmt.Sprintf("ladder stopped before %g rps by --max-requests %d", rates[i], r.cfg.MaxRequests)
			break
		}
		if i > 0 {
			if err := sleep(ctx, r.cfg.Pause); err != nil {
				return res, err
			}
		}
		step, err := r.step(ctx, p, rates[i], i+1, len(rates))
		res.Steps = append(res.Steps, step)
		if err != nil {
			return res, err
		}
		if i == len(rates)-1 && !throttledAny(res.Steps) {
			if next, ok := nextRung(rates[i], op.QPS); ok {
				r.progress.note("%s: no throttling up to %g rps, extending the ladder to %g rps", op.Name, rates[i], next)
				rates = append(rates, next)
			}
		}
	}
	var note string
	res.MeasuredQPS, res.Verdict, note = Verdict(op.QPS, res.Steps)
	res.Note = join(note, res.Note)
	return res, nil
}

func (r *run) step(ctx context.Context, p *Probe, rate float64, i, n int) (StepResult, error) {
	r.progress.stepStart(p.Operation, i, n, rate, r.cfg.Duration)
	if r.cfg.OutDir == "" {
		step, err := Burst(ctx, r.cfg.Client, p, rate, r.cfg.Duration, nil)
		r.sent += step.Sent
		r.progress.stepEnd(step)
		return step, err
	}
	path := ResultFile(r.cfg.OutDir, p.Operation, rate)
	f, err := createFile(path)
	if err != nil {
		return StepResult{Rate: rate, DurationS: r.cfg.Duration.Seconds()}, err
	}
	step, err := Burst(ctx, r.cfg.Client, p, rate, r.cfg.Duration, f)
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("load: %w", cerr)
	}
	step.File = path
	r.sent += step.Sent
	r.progress.stepEnd(step)
	return step, err
}

func throttledAny(steps []StepResult) bool {
	for _, s := range steps {
		if s.Throttled > 0 {
			return true
		}
	}
	return false
}
