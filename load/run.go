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
	OutDir     string             // result files and summary.json go to OutDir/load ("" = none)
	AppID      string             // the app the probes work in; "" = create one (emulator only)
	// Real marks a real target: it needs AllowReal (the acknowledging
	// flag), an AppID and a MaxRequests cap that the plan fits.
	Real, AllowReal bool
	MaxRequests     int           // cap on every request of the run, setup included (0 = none; required when Real)
	MaxThrottled    int           // cap on the throttled requests of the run (0 = DefaultMaxThrottled per operation)
	MaxTime         time.Duration // the most one operation's probe may take (0 = DefaultMaxTime)
	Progress        io.Writer     // a line per probe; nil = silent
	Trace           io.Writer     // a line per step of each probe (--verbose); nil = none
	// Journal records the groups the probes create and delete (the unmute
	// probe's group), so that livemsg cleanup can finish what a teardown
	// could not; nil = none (the emulator).
	Journal Journal
}

// BriefOperations are the operations the brief names, probed by default:
// those the contract marks @probe(brief: true).
var BriefOperations = probeNames(true)

// ErrCouldNotMeasure is returned when the answers were mostly transport
// faults or not Alibaba's: the network, not the API, is what was seen.
var ErrCouldNotMeasure = errors.New("could not measure")

// minThrottled is the fewest throttled requests a probe can measure with.
const minThrottled = 12

// Run probes the limit of each operation (see MeasureLimit) and judges it
// against the documented one (see Verdict). With OutDir set it writes each
// probe's vegeta results to ResultFile and the summary to SummaryFile. It
// refuses to start (an error, nothing sent) when the configuration is
// unsafe or the plan does not fit MaxRequests and MaxThrottled. When most
// answers of a probe are transport faults it stops with ErrCouldNotMeasure.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	cfg.defaults()
	plan, err := cfg.Plan()
	if err != nil {
		return nil, err
	}
	r := &run{cfg: cfg, plan: plan, progress: newProgress(cfg.Progress)}
	app, err := r.app(ctx)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Target: cfg.Target, Operations: []OperationResult{}}
	for i, name := range cfg.Operations {
		op, _ := cfg.Contract.Operation(name)
		env := Env{AppID: app, GroupID: fmt.Sprintf("livemsgprobe%d%d", time.Now().UnixNano()%1e9, i), Prefix: "livemsgprobe", Journal: cfg.Journal}
		res, err := r.operation(ctx, op, env, true)
		if len(res.Steps) > 0 {
			sum.Operations = append(sum.Operations, res)
		}
		if err != nil {
			return sum, errors.Join(err, r.write(sum)) // what was measured is kept
		}
	}
	return sum, r.write(sum)
}

// Plan is what a run may spend at most, checked before anything is sent.
type Plan struct {
	Requests     int // every request, setup included
	Throttled    int // throttled requests
	PerOperation struct {
		Requests, Throttled int
	} `json:"-"`
}

// Plan checks the configuration and returns the most the probes may send
// (each probe stops at its share of the caps) and the most throttled
// requests they may spend. It refuses an unknown operation, one without a
// probe or a limit, and on a real target a missing acknowledgement, AppID
// or cap, and caps too small to measure with.
func (cfg Config) Plan() (Plan, error) {
	cfg.defaults()
	var plan Plan
	if cfg.Client == nil {
		return plan, fmt.Errorf("no client")
	}
	if cfg.AppID == "" {
		plan.Requests++ // CreateLiveMessageApp
	}
	setup := 0
	for _, name := range cfg.Operations {
		op, ok := cfg.Contract.Operation(name)
		if !ok {
			return plan, fmt.Errorf("unknown operation %q", name)
		}
		if op.QPS <= 0 {
			return plan, fmt.Errorf("%s has no documented QPS limit to judge", name)
		}
		p, err := NewProbe(name, Env{})
		if err != nil {
			return plan, err
		}
		setup += p.setupRequests()
		plan.Requests += p.setupRequests() + probeRequests(op.QPS, cfg.MaxTime)
	}
	n := len(cfg.Operations)
	plan.PerOperation.Throttled = DefaultMaxThrottled
	plan.Throttled = n * DefaultMaxThrottled
	if cfg.MaxThrottled > 0 {
		plan.PerOperation.Throttled = min(DefaultMaxThrottled, cfg.MaxThrottled/n)
		plan.Throttled = n * plan.PerOperation.Throttled
		if plan.PerOperation.Throttled < minThrottled {
			return plan, fmt.Errorf("--max-throttled %d leaves %d throttled requests per operation; a probe needs at least %d: raise it or probe fewer operations (--op)",
				cfg.MaxThrottled, plan.PerOperation.Throttled, minThrottled)
		}
	}
	if err := cfg.checkReal(fmt.Sprintf(" (the probes plan up to %d requests)", plan.Requests)); err != nil {
		return plan, err
	}
	if cfg.MaxRequests > 0 && plan.Requests > cfg.MaxRequests {
		return plan, fmt.Errorf("the probes plan up to %d requests, over --max-requests %d: raise it or probe fewer operations (--op)", plan.Requests, cfg.MaxRequests)
	}
	return plan, nil
}

// probeRequests bounds what one probe sends: its onset at three times the
// documented limit for up to 1.5 s, then at eight times it for 1.5 s when
// nothing was throttled, then cycles or a hold at about the limit; or,
// throttled nowhere, the onset until more was served than two windows of
// maxTime allow (windowProof), which a limit not enforced takes to show.
// The probe stops at this many whatever happens.
func probeRequests(documented int, maxTime time.Duration) int {
	return max(17*documented, windowProof(documented, maxTime)) + 60
}

// checkReal refuses a real target without the acknowledgement, a cap on
// requests, or an app to work in.
func (cfg Config) checkReal(plan string) error {
	switch {
	case !cfg.Real:
		return nil
	case !cfg.AllowReal:
		return fmt.Errorf("a real target needs --i-know-this-calls-the-real-service: calls over the limit may disturb the account")
	case cfg.MaxRequests <= 0:
		return fmt.Errorf("a real target needs --max-requests N%s", plan)
	case cfg.AppID == "":
		return fmt.Errorf("a real target needs --app-id: probes never create apps there")
	}
	return nil
}

func (cfg *Config) defaults() {
	if cfg.Contract == nil {
		cfg.Contract = contract.Default()
	}
	if len(cfg.Operations) == 0 {
		cfg.Operations = BriefOperations
	}
	if cfg.MaxTime <= 0 {
		cfg.MaxTime = DefaultMaxTime
	}
}

// run is one Run's state: what it has sent, and where it reports.
type run struct {
	cfg      Config
	plan     Plan
	progress *progress
}

// app is the app the probes work in: the configured one, or a new one on
// an emulator.
func (r *run) app(ctx context.Context) (string, error) {
	if r.cfg.AppID != "" {
		return r.cfg.AppID, nil
	}
	resp, err := r.cfg.Client.Do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "livemsgload"}})
	if err != nil {
		return "", fmt.Errorf("%w: create app: %w", ErrCouldNotMeasure, err)
	}
	id, _ := resp.Fields["AppId"].(string)
	if !resp.OK() || id == "" {
		return "", fmt.Errorf("create app: %d %s: %s", resp.Status, resp.Code, resp.Message)
	}
	return id, nil
}

// write writes summary.json when the run has an output folder.
func (r *run) write(sum *Summary) error {
	if r.cfg.OutDir == "" {
		return nil
	}
	return sum.WriteFile(SummaryFile(r.cfg.OutDir))
}

// operation probes one operation: set up, measure, tear down, judge.
func (r *run) operation(ctx context.Context, op *contract.Operation, env Env, judge bool) (OperationResult, error) {
	res := OperationResult{Operation: op.Name, DocumentedQPS: op.QPS, ToleranceQPS: Tolerance(op.QPS), Steps: []StepResult{}}
	p, err := NewProbe(op.Name, env)
	if err != nil {
		return res, err
	}
	companion, err := NewProbe(companionOf(op.Name), env)
	if err != nil {
		return res, err
	}
	began := time.Now()
	teardown, err := p.setUp(ctx, r.cfg.Client)
	if err != nil {
		return res, err
	}
	defer teardown()
	o := LimitOptions{Documented: op.QPS, MaxThrottled: r.plan.PerOperation.Throttled, MaxTime: r.cfg.MaxTime,
		MaxRequests: probeRequests(op.QPS, r.cfg.MaxTime), Trace: r.cfg.Trace}
	if !judge {
		o.Ramp, o.Start = true, math.Max(0.5*float64(op.QPS), 1)
	}
	file := ""
	if r.cfg.OutDir != "" {
		file = ResultFile(r.cfg.OutDir, op.Name)
	}
	r.progress.start(op.Name, o)
	lim, _, step, err := MeasureLimit(ctx, r.cfg.Client, p, companion, o, file)
	lim.Requests += p.setupRequests()
	lim.Seconds = round2(time.Since(began).Seconds())
	res.Limit, res.Steps = lim, []StepResult{step}
	if judge {
		res.Verdict, res.Note = Verdict(op.QPS, lim, step)
	}
	r.progress.end(res)
	switch {
	case err != nil:
		res.Verdict, res.Note = Inconclusive, join("interrupted: "+err.Error(), res.Note)
		return res, err
	case step.Sent > 0 && 2*step.Faults >= step.Sent:
		res.Verdict, res.Note = Inconclusive, faultNote(step)
		return res, fmt.Errorf("%w: %s: %s", ErrCouldNotMeasure, op.Name, faultNote(step))
	}
	return res, nil
}

// faultNote says what the transport faults were.
func faultNote(s StepResult) string {
	return fmt.Sprintf("%d of %d answers were transport faults or not Alibaba's: %v", s.Faults, s.Sent, s.OtherCodes)
}

// companionOf is the operation loaded with op to check for a shared
// bucket: one with a harmless probe that needs no setup.
func companionOf(op string) string {
	var first string
	for _, o := range contract.Default().ProbeOperations() {
		if o.Probe.Target != contract.ProbeAbsentGroup || o.Name == op {
			continue
		}
		if o.Name > first { // by name, so the choice does not depend on SDL order
			first = o.Name
		}
	}
	return first
}

// Search measures the enforced limit of cfg.Operations[0] (default the
// first brief operation) without judging it: the same probe, whose onset
// ramps up from half the documented limit (by half every half second)
// until the first throttle. A long window is waited out, not ramped
// through. A real target needs the same acknowledgement, cap and app as
// Run. With OutDir set it writes DIR/load/find-limit-<Operation>.json.
func Search(ctx context.Context, cfg Config) (OperationResult, error) {
	cfg.defaults()
	cfg.Operations = cfg.Operations[:1]
	plan, err := cfg.Plan()
	if err != nil {
		return OperationResult{}, err
	}
	op, _ := cfg.Contract.Operation(cfg.Operations[0])
	r := &run{cfg: cfg, plan: plan, progress: newProgress(cfg.Progress)}
	app, err := r.app(ctx)
	if err != nil {
		return OperationResult{}, err
	}
	env := Env{AppID: app, GroupID: fmt.Sprintf("livemsgsearch%d", time.Now().UnixNano()%1e9), Prefix: "livemsgprobe", Journal: cfg.Journal}
	res, err := r.operation(ctx, op, env, false)
	if err == nil && cfg.OutDir != "" {
		err = writeJSON(findLimitFile(cfg.OutDir, op.Name), res)
	}
	return res, err
}
