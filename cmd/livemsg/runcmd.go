package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

func runAll(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fs)
	sf.registerFeatures(fs)
	duration := fs.Duration("duration", 2*time.Second, "length of each load step")
	rates := fs.String("rates", "0.5x,1.5x", "the load ladder (a short one: below and above each limit)")
	allowReal := fs.Bool("i-know-this-calls-the-real-service", false, "with --target real: run the load probes too (over-limit calls may disturb the account)")
	maxRequests := fs.Int("max-requests", 0, "with --target real: cap on the load probes' requests")
	baselinePath := fs.String("baseline", "", "an earlier run's summary.json: the report opens with what changed since (scenarios newly failing or fixed, limits and latency moved)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: livemsg run [flags]\n\nThe whole job: the contract suite, then the load probes of the three brief\noperations (a short ladder), then DIR/run/report.html and DIR/run/summary.json (the suite's files in\nDIR/run/contract/, the load results in DIR/run/load/).\nOn a real target the load probes run only with --i-know-this-calls-the-real-service\nand --max-requests. Exit 0 only when everything held.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	ladder, err := load.ParseRates(*rates)
	if err != nil {
		return fail(e, exitUsage, "--rates: %v", err)
	}
	baseline, err := readBaseline(*baselinePath)
	if err != nil {
		return fail(e, exitUsage, "--baseline %s: %v", *baselinePath, err)
	}
	t, code := sf.open(ctx, e)
	if t == nil {
		return code
	}
	defer t.Close()
	started := time.Now()
	dir := commandDir(sf.out, "run")
	opts := sf.options(t)
	opts.OutDir = dir
	opts.Output = e.stdout
	res, code := runSuite(ctx, e, t, opts)
	if res == nil {
		return code
	}
	var sum *load.Summary
	if !t.IsReal() || *allowReal {
		fmt.Fprintln(e.stdout, "\nload probes (DeleteLiveMessageGroup, RecoverLiveMessageDeletedGroup, RemoveLiveMessageGroupBand) ...")
		if err := clearLoadResults(dir); err != nil {
			return fail(e, exitUsage, "%v", err)
		}
		progress := progressWriter(e)
		sum, err = load.Run(ctx, load.Config{Client: t.Client, Target: t.Describe(), Rates: ladder, Duration: *duration,
			OutDir: dir, AppID: target.AppID(sf.appID), Real: t.IsReal(), AllowReal: *allowReal,
			MaxRequests: *maxRequests, Progress: progress})
		progress.Close()
		if err != nil {
			return fail(e, exitUsage, "load: %v", err)
		}
		printLoad(e.stdout, sum)
	}
	in := reportInput(t, started, res, sum)
	in.Args = redactArgs(append([]string{"run"}, args...))
	in.Baseline = baseline
	report := reports.Build(in)
	if err := writeReport(dir, report); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	fmt.Fprintf(e.stdout, "\nverdict: %s\nreport: %s\n", strings.ToUpper(report.Verdict), filepath.Join(dir, "report.html"))
	if c := report.Baseline; c != nil {
		fmt.Fprintf(e.stdout, "since the baseline (%s): %d newly failing, %d fixed, %d limits moved, %d latencies moved\n",
			c.BaselineStartedAt, len(c.NewlyFailing), len(c.Fixed), len(c.Limits), len(c.Latency))
	}
	if report.Verdict != reports.Pass {
		for _, r := range report.Reasons {
			fmt.Fprintf(e.stdout, "  - %s\n", r)
		}
		return exitFailed
	}
	return exitOK
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

func writeReport(dir string, s reports.Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, write := range map[string]func(*os.File) error{
		"report.html":  func(f *os.File) error { return reports.WriteHTML(f, s) },
		"summary.json": func(f *os.File) error { return reports.WriteJSON(f, s) },
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := f.Close(); err != nil {
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
	if sum != nil {
		in.Load = loadInput(sum)
	}
	return in
}

func loadInput(sum *load.Summary) *reports.Load {
	out := &reports.Load{Target: sum.Target}
	for _, op := range sum.Operations {
		lo := reports.LoadOperation{Operation: op.Operation, DocumentedQPS: float64(op.DocumentedQPS), MeasuredQPS: op.MeasuredQPS,
			ToleranceQPS: op.ToleranceQPS, Verdict: op.Verdict, Note: op.Note}
		var first time.Time
		for _, s := range op.Steps {
			if first.IsZero() {
				first = s.Started
			}
			st := reports.LoadStep{Rate: s.Rate, DurationS: s.DurationS, Sent: s.Sent, Served: s.Served, Throttled: s.Throttled,
				Other: s.Other, AcceptedQPS: s.AcceptedQPS, P50ms: s.P50ms, P95ms: s.P95ms, P99ms: s.P99ms}
			offset := s.Started.Sub(first).Seconds()
			for _, p := range s.Timeline {
				st.Timeline = append(st.Timeline, reports.Point{T: offset + p.T, Served: p.Served, Throttled: p.Throttled,
					Other: p.Other, P50ms: p.P50ms, P99ms: p.P99ms})
			}
			lo.Steps = append(lo.Steps, st)
		}
		out.Operations = append(out.Operations, lo)
	}
	return out
}
