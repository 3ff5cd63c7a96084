package harness

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// Run is the whole job, as livemsg run does it: the contract suite, then
// the load probes of the brief's operations, optionally an application's
// traffic profile and a parity replay of recorded cassettes, then
// DIR/run/report.html and DIR/run/summary.json.
type Run struct {
	Contract           // the suite; its Suite.OutDir is DIR, the run writes under DIR/run
	MaxRequests int    // on a real target: the cap on the load probes' requests
	Profile     string // a traffic profile to run after the probes ("" none)
	Baseline    string // an earlier run's summary.json to compare with ("" none)
	Parity      string // a folder of cassettes to replay against a fresh emulator ("" none)
	Args        []string
}

// Run checks everything it can before anything is sent, runs the suite,
// the probes (on a real target only with Suite.AllowOverLimit), the
// profile and the replay, writes the report and prints the verdict: exit
// 0 only when everything held; 2 when the suite could not run, the probes
// could not measure, or groups are left.
func (r Run) Run(ctx context.Context, e Output) error {
	pre, err := r.prepare(e)
	if err != nil {
		return err
	}
	ctx, t, stop, err := start(ctx, e, r.Target, r.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	started := time.Now()
	dir := commandDir(r.Suite.OutDir, "run")
	opts := r.options(t)
	opts.OutDir = dir
	opts.Output = e.Stdout
	res, suiteErr := Suite(ctx, e, t, opts)
	if res == nil {
		return suiteErr
	}
	var sum *load.Summary
	if Status(suiteErr) != StatusCouldNotRun && (!t.IsReal() || r.Suite.AllowOverLimit) {
		var err error
		if sum, err = r.probes(ctx, e, t, dir); err != nil && sum == nil {
			return err
		} else if err != nil {
			suiteErr = err // the report is still written; the run exits 2
		}
	}
	var prof *load.ProfileResult
	if pre.profile != nil && Status(suiteErr) != StatusCouldNotRun {
		fmt.Fprintf(e.Stdout, "\nprofile %s ...\n", pre.run.path)
		afterProbes(ctx, sum)
		var err error
		if prof, err = pre.run.run(ctx, e, t, pre.profile, r.Args); Status(err) == StatusCouldNotRun {
			return err
		}
	}
	in := reportInput(t, started, res, sum)
	in.Profile, in.Args, in.Baseline = prof, redactArgs(r.Args, e.Getenv), pre.baseline
	return r.report(ctx, e, t, dir, in, suiteErr)
}

// prepared is what a run reads before anything is sent.
type prepared struct {
	baseline *reports.Summary
	run      profileRun
	profile  *load.Profile
}

// prepare refuses, before anything is sent, what cannot run: the tags,
// a real target's needs, the cap, the baseline, the profile and its
// plan, the cassettes to replay.
func (r Run) prepare(e Output) (prepared, error) {
	var pre prepared
	if err := r.check(e); err != nil {
		return pre, err
	}
	if r.MaxRequests < 0 {
		return pre, fail(e, StatusCouldNotRun, "--max-requests must be 1 or more (or 0 for no cap), not %d", r.MaxRequests)
	}
	var err error
	if pre.baseline, err = readBaseline(r.Baseline); err != nil {
		return pre, fail(e, StatusCouldNotRun, "--baseline %s: %v", r.Baseline, err)
	}
	pre.run = profileRun{path: r.Profile, dir: commandDir(r.Suite.OutDir, "run", "profile"), appID: r.Suite.AppID,
		allowReal: r.Suite.AllowOverLimit, maxRequests: r.MaxRequests}
	if pre.run.path != "" {
		if pre.profile, err = pre.run.readProfile(e, r.Target.Kind == target.Real); err != nil {
			return pre, err
		}
	}
	if r.Parity != "" && filepath.Clean(r.Parity) != filepath.Clean(r.Record) {
		if _, err := cassette.LoadDir(r.Parity); err != nil { // refused before anything is sent
			return pre, fail(e, StatusCouldNotRun, "--parity %s: %v", r.Parity, err)
		}
	}
	return pre, nil
}

// probes runs the load probes of the brief's operations after the suite
// and prints their figures. A nil summary with an error ends the run
// there; a summary with an error lets it write its report, then exit 2.
func (r Run) probes(ctx context.Context, e Output, t *target.Target, dir string) (*load.Summary, error) {
	fmt.Fprintf(e.Stdout, "\nload probes (%s) ...\n", strings.Join(load.BriefOperations, ", "))
	if err := clearLoadResults(dir); err != nil {
		return nil, fail(e, StatusCouldNotRun, "%v", err)
	}
	progress := progressWriter(e)
	cfg := load.Config{Client: t.Client, Target: t.Describe(),
		OutDir: dir, AppID: t.AppID(r.Suite.AppID), Real: t.IsReal(), AllowReal: r.Suite.AllowOverLimit,
		MaxRequests: r.MaxRequests, Progress: progress}
	guard, err := probeGuard(e, t, dir, &cfg)
	if err != nil {
		return nil, err
	}
	sum, err := load.Run(ctx, cfg)
	progress.Close()
	guard.Close()
	if err != nil {
		if why := stopped(ctx); why != "" {
			if sum != nil {
				printLoad(e.Stdout, sum)
			}
			return nil, guard.Settle(ctx, e, fail(e, StatusCouldNotRun, "%s during the load probes: %v", why, err))
		}
		return nil, guard.Settle(ctx, e, loadFailed(ctx, e, sum, err))
	}
	printLoad(e.Stdout, sum)
	var measureErr error
	if why := sum.NetworkStopped(); why != "" {
		measureErr = fail(e, StatusCouldNotRun, "could not measure: %s", why) // the network, not the provider; the report is still written
	}
	if err := guard.Settle(ctx, e, nil); err != nil {
		measureErr = err
	}
	return sum, measureErr
}

// report replays the cassettes (with Parity), writes the report and
// summary.json, and prints the verdict; the exit status weighs the
// suite's, the retry budget and the verdict.
func (r Run) report(ctx context.Context, e Output, t *target.Target, dir string, in reports.Input, suiteErr error) error {
	if r.Parity != "" {
		rep, err := replayCassettes(ctx, r.Parity, "")
		if err != nil {
			return fail(e, StatusCouldNotRun, "--parity %s: %v", r.Parity, err)
		}
		p := paritySection(rep)
		in.Parity = &p
		fmt.Fprintf(e.Stdout, "\nparity: %d recordings of %s replayed against %s: %d differ\n",
			len(p.Recordings), r.Parity, p.Against, differing(p.Recordings))
	}
	report := reports.Build(in)
	if err := writeReport(dir, report); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	fmt.Fprintf(e.Stdout, "\nverdict: %s\nreport: %s\n", strings.ToUpper(report.Verdict), filepath.Join(dir, "report.html"))
	printRetries(e.Stdout, t)
	if c := report.Baseline; c != nil {
		fmt.Fprintf(e.Stdout, "since the baseline (%s): %d newly failing, %d fixed, %d limits moved, %d latencies moved\n",
			c.BaselineStartedAt, len(c.NewlyFailing), len(c.Fixed), len(c.Limits), len(c.Latency))
	}
	if Status(suiteErr) == StatusCouldNotRun {
		return suiteErr // the suite could not run, the probes could not measure, or groups are left: printed above
	}
	if err := retriesFailed(e, t); err != nil {
		return err // the load probes or the profile spent the rest of the budget
	}
	if report.Verdict != reports.Pass {
		for _, r := range report.Reasons {
			fmt.Fprintf(e.Stdout, "  - %s\n", r)
		}
		return failed("verdict: " + report.Verdict)
	}
	return nil
}

// readBaseline reads the summary.json a run compares with ("" = none).
func readBaseline(path string) (*reports.Summary, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := reports.ReadSummary(f)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// writeReport writes report.html and summary.json through the redaction
// point.
func writeReport(dir string, s reports.Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.Files = reports.RunFiles(dir, "summary.json")
	for name, write := range map[string]func(io.Writer) error{
		"report.html":  func(w io.Writer) error { return reports.WriteHTML(w, s) },
		"summary.json": func(w io.Writer) error { return reports.WriteJSON(w, s) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(aliyun.RedactText(b.String())), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// reportInput maps the run's results into the report's plain data.
func reportInput(t *target.Target, started time.Time, res *steps.Result, sum *load.Summary) reports.Input {
	c := contract.Default()
	in := reports.Input{Target: t.Describe(), Build: buildInfo(), StartedAt: started, Duration: time.Since(started)}
	for _, s := range res.Scenarios {
		// steps' statuses are the report's: passed, failed, error (a
		// transport fault, not judged), skipped
		in.Scenarios = append(in.Scenarios, reports.Scenario{Feature: s.Feature, Name: s.Name, Tags: s.Tags, Status: s.Status,
			SkipReason: s.SkipReason, FailedStep: s.FailedStep, Error: s.Error, Exchanges: s.Exchanges, Duration: s.Duration})
	}
	for _, op := range c.Operations() {
		in.Operations = append(in.Operations, reports.OperationCodes{Operation: op.Name, QPS: op.QPS, Codes: op.Errors})
	}
	for _, ec := range c.Codes() {
		if ec.Gateway {
			in.GatewayCodes = append(in.GatewayCodes, ec.Code)
		}
	}
	in.Load = sum // nil when the probes did not run
	in.Retries = retriesSection(t)
	return in
}
