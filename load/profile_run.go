package load

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// ProfileConfig configures a profile run.
type ProfileConfig struct {
	Client   *aliyun.Client
	Contract *contract.Contract // nil = contract.Default()
	Profile  *Profile
	Target   string // described in the summary
	AppID    string // the app the traffic works in; "" = create one (emulator only)
	// Real marks a real target: it needs AllowReal (the acknowledging
	// flag), an AppID, a MaxRequests cap that the plan fits, and the
	// profile's send_groups when the mix sends messages.
	Real, AllowReal bool
	MaxRequests     int    // cap on every request of the run, setup and cleanup included (0 = none; required when Real)
	OutDir          string // results.bin and summary.json go here ("" = none)
	Journal         Journal
	// Join makes users members of a group: the emulator's admin API
	// (mock.Admin.Join). nil on a real target.
	Join          JoinFunc
	Progress      io.Writer     // a line every ProgressEvery; nil = silent
	ProgressEvery time.Duration // 0 = 5 s
}

// ProfileResult is what a profile run sent and got back, and its verdict:
// summary.json holds it, the report reads it.
type ProfileResult struct {
	Name       string             `json:"name,omitempty"`
	File       string             `json:"file"`
	Target     string             `json:"target"`
	Started    time.Time          `json:"started"`
	PlannedS   float64            `json:"planned_s"`  // how long the stages last
	DurationS  float64            `json:"duration_s"` // how long they ran
	Verdict    string             `json:"verdict"`    // pass when every threshold held
	Aborted    string             `json:"aborted,omitempty"`
	Requests   int                `json:"requests"` // every request, setup and cleanup included
	Overall    Figures            `json:"overall"`
	Stages     []StageFigures     `json:"stages"`
	Operations []OperationFigures `json:"operations"`
	Thresholds []ThresholdResult  `json:"thresholds"`
	Timeline   []Second           `json:"timeline"`
	Pool       PoolStats          `json:"pool"`
	Results    string             `json:"results_file,omitempty"` // vegeta's encoding, URLs redacted
	Journal    string             `json:"journal,omitempty"`
}

// StageFigures are the figures of one stage, with the thresholds judged on
// its answers alone (the verdict judges the whole run).
type StageFigures struct {
	Stage      int               `json:"stage"` // from 1
	StartS     float64           `json:"start_s"`
	DurationS  float64           `json:"duration_s"`
	FromRate   float64           `json:"from_rate"`
	ToRate     float64           `json:"to_rate"`
	Thresholds []ThresholdResult `json:"thresholds"`
	Figures
}

// OperationFigures are the figures of one operation of the mix, with its
// per-second timeline.
type OperationFigures struct {
	Operation string   `json:"operation"`
	Weight    float64  `json:"weight"`
	Share     float64  `json:"share"` // of the arrivals
	Timeline  []Second `json:"timeline"`
	Figures
}

// Second is one second of a profile run, by the time requests were sent.
type Second struct {
	T         float64 `json:"t"` // seconds since the first stage began
	Planned   int     `json:"planned"`
	Sent      int     `json:"sent"`
	Served    int     `json:"served"`
	Throttled int     `json:"throttled"`
	Errors    int     `json:"errors"`
	P50ms     float64 `json:"p50_ms"`
	P95ms     float64 `json:"p95_ms"`
	P99ms     float64 `json:"p99_ms"`
}

// ProfilePlan is what a profile run may send at most, checked before
// anything is sent.
type ProfilePlan struct {
	Arrivals  int            // the stages' requests
	PerOp     map[string]int // of which, per operation
	Setup     int            // the app and the groups created before the first stage
	Cleanup   int            // deletes after the run, at most
	Requests  int            // all of them
	Duration  time.Duration
	PerStage  [][2]int // arrivals per stage, and the first arrival's index
	stageEnds []time.Duration
}

// ProfileDir is where a profile run's files go: DIR/load/profile.
func ProfileDir(dir string) string { return filepath.Join(dir, "load", "profile") }

// The files of a profile run, in its folder.
const (
	ProfileResultsName = "results.bin"
	ProfileSummaryName = "summary.json"
	ProfileJournalName = "journal.jsonl"
)

// Plan checks the configuration and returns the most the run may send:
// the stages' arrivals, the setup (an app on the emulator, the groups
// created before the first stage) and the cleanup (a delete for every
// group the run may have created). On a real target it refuses a missing
// acknowledgement, cap or app id, a plan over the cap, and sends without
// send_groups.
func (cfg ProfileConfig) Plan() (ProfilePlan, error) {
	var plan ProfilePlan
	p := cfg.Profile
	if p == nil || len(p.Stages) == 0 || len(p.Mix) == 0 {
		return plan, fmt.Errorf("no profile to run")
	}
	s := p.Schedule()
	plan.Arrivals, plan.Duration = s.Total(), p.Duration()
	plan.PerOp = map[string]int{}
	pk := newPicker(p.Mix)
	var t time.Duration
	for _, st := range p.Stages {
		n := s.Planned(t, t+st.Duration)
		first := 0
		if len(plan.PerStage) > 0 {
			last := plan.PerStage[len(plan.PerStage)-1]
			first = last[1] + last[0]
		}
		plan.PerStage = append(plan.PerStage, [2]int{n, first})
		t += st.Duration
		plan.stageEnds = append(plan.stageEnds, t)
	}
	for range plan.Arrivals {
		plan.PerOp[pk.next()]++
	}
	if cfg.AppID == "" {
		plan.Setup++
	}
	plan.Setup += p.Groups
	if readsSettings(p) {
		plan.Setup++
	}
	plan.Cleanup = p.Groups + plan.PerOp[opCreate] + plan.PerOp[opRecover]
	plan.Requests = plan.Arrivals + plan.Setup + plan.Cleanup
	what := fmt.Sprintf("the profile plans up to %d requests (%d arrivals over %s, %d setup, up to %d cleanup deletes)",
		plan.Requests, plan.Arrivals, plan.Duration, plan.Setup, plan.Cleanup)
	switch {
	case !cfg.Real:
	case !cfg.AllowReal:
		return plan, fmt.Errorf("a real target needs --i-know-this-calls-the-real-service: a profile's traffic counts against the account's limits")
	case cfg.MaxRequests <= 0:
		return plan, fmt.Errorf("a real target needs --max-requests N: %s", what)
	case cfg.AppID == "":
		return plan, fmt.Errorf("a real target needs --app-id: a profile never creates apps there")
	case plan.PerOp[opSend] > 0 && len(p.SendGroups) == 0:
		return plan, fmt.Errorf("%s: the mix sends messages, and on a real target a message goes only to a group that users joined through the messaging client SDK, which livemsg cannot do: list such groups in the profile's send_groups", p.File)
	case plan.PerOp[opSendUser] > 0 && len(p.SendUsers) == 0:
		return plan, fmt.Errorf("%s: the mix sends messages to users, and on a real target a message goes only to a user who is online through the messaging client SDK, which livemsg cannot do: list users who may receive the run's messages in the profile's send_users", p.File)
	}
	if cfg.Real {
		for _, m := range p.Mix {
			if why := RealRefusal(cfg.contract(), m.Operation); why != "" {
				return plan, fmt.Errorf("%s:%d: mix.%s: %s", p.File, m.Line, m.Operation, why)
			}
		}
	}
	if cfg.MaxRequests > 0 && plan.Requests > cfg.MaxRequests {
		return plan, fmt.Errorf("%s, over --max-requests %d: raise it or shorten the stages", what, cfg.MaxRequests)
	}
	return plan, nil
}

// RunProfile runs a profile: the groups it needs are created first (each
// joined by a member on the emulator), then the stages' arrivals are sent
// at their planned times, each of the mix's operations on the pool's
// resources, then everything the run created is deleted. The thresholds
// are the verdict; an abort threshold broken for its After stops the run
// early (a fail). It refuses to start (an error, nothing sent) when Plan
// does. When most answers are transport faults it returns
// ErrCouldNotMeasure with what was seen.
func RunProfile(ctx context.Context, cfg ProfileConfig) (*ProfileResult, error) {
	if cfg.Contract == nil {
		cfg.Contract = contract.Default()
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 5 * time.Second
	}
	plan, err := cfg.Plan()
	if err != nil {
		return nil, err
	}
	r := &profileRun{cfg: cfg, plan: plan, p: cfg.Profile, budget: cfg.MaxRequests}
	app := cfg.AppID
	if app == "" {
		run := &run{cfg: Config{Client: cfg.Client}}
		if app, err = run.app(ctx); err != nil {
			return nil, err
		}
		r.requests++
	}
	prefix := "livemsgload" + strconv.FormatInt(time.Now().UnixNano()%(1<<40), 36)
	r.pool = newPool(ctx, cfg.Contract, app, prefix, cfg.Journal, cfg.Join, cfg.Profile)
	res := &ProfileResult{Name: r.p.Name, File: r.p.File, Target: cfg.Target, PlannedS: plan.Duration.Seconds(),
		Stages: []StageFigures{}, Operations: []OperationFigures{}, Thresholds: []ThresholdResult{}, Timeline: []Second{}}
	if err := r.setUp(ctx); err != nil {
		r.cleanUp(ctx)
		res.Pool, res.Requests = r.pool.snapshot(), r.requests
		return res, err
	}
	derr := r.drive(ctx, res)
	r.cleanUp(ctx)
	r.finish(res)
	if cfg.OutDir != "" {
		if err := writeJSON(filepath.Join(cfg.OutDir, ProfileSummaryName), res); err != nil {
			derr = errors.Join(derr, err)
		}
	}
	if derr != nil {
		return res, derr
	}
	if o := res.Overall; o.Sent > 0 && 2*o.Faults >= o.Sent {
		return res, fmt.Errorf("%w: %d of %d answers were transport faults or not Alibaba's: %v", ErrCouldNotMeasure, o.Faults, o.Sent, o.ErrorCodes)
	}
	return res, nil
}

// profileRun is one RunProfile's state.
type profileRun struct {
	cfg      ProfileConfig
	plan     ProfilePlan
	p        *Profile
	pool     *pool
	mu       sync.Mutex // guards what follows, shared with the watcher
	began    time.Time
	whole    *scoped
	stages   []*scoped
	seconds  []*scoped
	opsSec   map[string][]*agg
	requests int   // sent so far, setup and cleanup included
	budget   int   // MaxRequests (0 = none)
	stopped  error // what stopped the drive from inside (a journal that cannot be written)
}

func (cfg ProfileConfig) contract() *contract.Contract {
	if cfg.Contract == nil {
		return contract.Default()
	}
	return cfg.Contract
}

// readsSettings reports a mix that changes the app's moderation or
// callback settings: the run reads them at setup and sets them as they
// were.
func readsSettings(p *Profile) bool {
	return slices.ContainsFunc(p.Mix, func(m MixEntry) bool { return m.Operation == opModifyAudit || m.Operation == opModifyCallback })
}

// setUp creates the profile's groups, one after another, and makes a
// member join each (emulator). A mix that changes the app's settings reads
// them first.
func (r *profileRun) setUp(ctx context.Context) error {
	if readsSettings(r.p) {
		resp, err := r.call(ctx, aliyun.Request{Action: opDescribeApp, Params: map[string]string{"AppId": r.pool.app}})
		switch {
		case err != nil:
			return fmt.Errorf("%w: setup: read the app's settings: %w", ErrCouldNotMeasure, err)
		case !resp.OK():
			return fmt.Errorf("setup: read the app's settings: %d %s: %s", resp.Status, resp.Code, resp.Message)
		}
		r.pool.appSettings = settingsOf(resp.Fields)
	}
	for range r.p.Groups {
		req, f, err := r.pool.prepare(opCreate)
		if err != nil {
			return fmt.Errorf("setup: create group: %w", err)
		}
		resp, err := r.call(ctx, req)
		switch {
		case err != nil:
			// answered when what came proves nothing was made (no connection,
			// or cancelled while a throttle was waited out); else maybe
			r.pool.settle(f, Other, aliyun.FateOf(resp, err) == aliyun.NotCarried)
			return fmt.Errorf("%w: setup: create group: %w", ErrCouldNotMeasure, err)
		case !resp.OK():
			// a refusal made nothing, unless it answered a copy net/http resent
			r.pool.settle(f, Other, aliyun.FateOf(resp, nil) == aliyun.NotCarried)
			return fmt.Errorf("setup: create group %s: %d %s: %s", f.id, resp.Status, resp.Code, resp.Message)
		}
		r.pool.settle(f, Served, true)
	}
	r.pool.joins.Wait()
	if r.pool.stats.JoinsFailed > 0 {
		return fmt.Errorf("setup: a member could not join %d of the groups (the emulator's admin API)", r.pool.stats.JoinsFailed)
	}
	return nil
}

// call makes one setup or cleanup call, waiting out a throttle (a few
// times, within the budget: every request counts, resends included).
func (r *profileRun) call(ctx context.Context, req aliyun.Request) (*aliyun.Response, error) {
	return patiently(r.cfg.Client).With(aliyun.BeforeSend(r.count)).Do(ctx, req)
}

// count counts a setup or cleanup request, refusing it once the run's
// --max-requests is reached.
func (r *profileRun) count(string) error {
	if r.budget > 0 && r.requests >= r.budget {
		return fmt.Errorf("--max-requests %d reached", r.budget)
	}
	r.requests++
	return nil
}

// cleanUp deletes every group the run left, a few a second, recording each
// deletion in the journal; what it cannot delete stays in the journal for
// `livemsg cleanup`.
func (r *profileRun) cleanUp(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	known, maybe := r.pool.leftovers()
	for _, id := range append(known, maybe...) {
		resp, err := r.call(ctx, aliyun.Request{Action: opDelete, Params: map[string]string{"AppId": r.pool.app, "GroupId": id}})
		switch {
		case err != nil || !resp.OK():
			r.pool.stats.CleanupLeft++
		case slices.Contains(known, id):
			r.pool.journalDeleted(id)
			r.pool.stats.CleanupDeleted++
		}
		_ = aliyun.Sleep(ctx, 25*time.Millisecond) // under the delete limit
	}
}

// drive sends the stages' arrivals, each of the operation the mix picks,
// prepared on the pool, and keeps every answer's figures.
func (r *profileRun) drive(ctx context.Context, res *ProfileResult) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.whole, r.opsSec = newScoped(), map[string][]*agg{}
	for range r.p.Stages {
		r.stages = append(r.stages, newScoped())
	}
	pk := newPicker(r.p.Mix)
	targeter := func(*feedbackPacer) vegeta.Targeter {
		return func(t *vegeta.Target) error {
			req, f, err := r.pool.prepare(pk.next())
			if err != nil {
				r.mu.Lock()
				r.stopped = cmp.Or(r.stopped, err) // vegeta stops on it and keeps it only in a result
				r.mu.Unlock()
				return err
			}
			prep, err := r.cfg.Client.Build(req)
			if err != nil {
				return err
			}
			t.Method, t.URL, t.Body = prep.Method, prep.URL, prep.Body
			t.Header = make(http.Header, len(prep.Header))
			for k, v := range prep.Header {
				if http.CanonicalHeaderKey(k) != "Host" {
					t.Header[k] = v
				}
			}
			r.pool.sent(prep.URL, f)
			return nil
		}
	}
	w := newWatcher(r, cancel, time.Now())
	see := func(v *vegeta.Result, began time.Time) Hit { return r.see(v, began, w) }
	out := &resultFile{}
	if r.cfg.OutDir != "" {
		out.path = filepath.Join(r.cfg.OutDir, ProfileResultsName)
	}
	sched := r.p.Schedule()
	_, began, err := drive(ctx, r.cfg.Client, sched, "profile", targeter, out, see)
	w.stop()
	r.mu.Lock()
	defer r.mu.Unlock()
	err = cmp.Or(err, r.stopped)
	r.began = began
	res.Started = began
	res.DurationS = round2(time.Since(began).Seconds())
	if w.aborted != "" {
		res.Aborted = w.aborted
		res.DurationS = round2(w.abortedAt.Seconds())
	}
	if out.f != nil {
		res.Results = out.path
	}
	r.requests += r.whole.all.answered()
	return err
}

// see classifies one answer, settles it on the pool and counts it.
func (r *profileRun) see(v *vegeta.Result, began time.Time, w *watcher) Hit {
	f := r.pool.take(v.URL)
	op := actionOf(v.URL)
	var served []string
	if f != nil {
		op, served = f.op, f.served
	}
	v.Attack = op // the result file says which operation each result is
	class := classify(v, served)
	if o, ok := r.cfg.Contract.Operation(op); ok && o.AppLevel && class == Served {
		v.Body = nil // the app's AppKey and AppSign: never in results.bin
	}
	fault := IsFault(v)
	if f != nil {
		r.pool.settle(f, class, !fault) // a proxy's error page is no answer of the provider's
	}
	what := answerWhat(v)
	at := v.Timestamp.Sub(began)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.whole.add(op, class, fault, v.Latency, what)
	r.stages[r.stageAt(at)].add(op, class, fault, v.Latency, what)
	sec := max(int(at/time.Second), 0)
	for len(r.seconds) <= sec {
		r.seconds = append(r.seconds, newScoped())
	}
	r.seconds[sec].add(op, class, fault, v.Latency, what)
	w.add(op, class, fault, v.Latency)
	return Hit{At: at, Latency: v.Latency, Class: class, Fault: fault}
}

// stageAt is the stage a request sent at was in.
func (r *profileRun) stageAt(at time.Duration) int {
	for i, end := range r.plan.stageEnds {
		if at < end {
			return i
		}
	}
	return len(r.plan.stageEnds) - 1
}

// classify sorts an answer: throttled when it carries a Throttling code,
// served when it is a 2xx without a code or carries one of served, other
// else (no answer included).
func classify(v *vegeta.Result, served []string) Class {
	p := Probe{Served: served}
	return p.Classify(v)
}

// settingsOf are the parameters of the app-level writes that set an app's
// moderation and callback settings as a DescribeLiveMessageApp answer
// gives them (its fields are spelt as the parameters).
func settingsOf(fields map[string]any) map[string]string {
	out := map[string]string{}
	for _, name := range []string{"AuditType", "AuditUrl", "EventCallbackUrl"} {
		switch v := fields[name].(type) {
		case string:
			out[name] = v
		case float64:
			out[name] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return out
}
