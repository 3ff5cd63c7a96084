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
	allowReal := fs.Bool("i-know-this-calls-the-real-service", false, "with --target real: run the load probes too (over-limit calls may disturb the account)")
	maxRequests := fs.Int("max-requests", 0, "with --target real: cap on the load probes' requests")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: livemsg run [flags]\n\nThe whole job: the contract suite, then the load probes of the three brief\noperations (each at most 30 throttled requests and 10 s), then DIR/report.html and DIR/summary.json.\nOn a real target the load probes run only with --i-know-this-calls-the-real-service\nand --max-requests. Exit 0 only when everything held.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	t, code := sf.open(ctx, e)
	if t == nil {
		return code
	}
	defer t.Close()
	started := time.Now()
	opts := sf.options(t)
	opts.Output = e.stdout
	res, code := runSuite(ctx, e, t, opts)
	if res == nil {
		return code
	}
	var sum *load.Summary
	if !t.IsReal() || *allowReal {
		var err error
		fmt.Fprintln(e.stdout, "\nload probes (DeleteLiveMessageGroup, RecoverLiveMessageDeletedGroup, RemoveLiveMessageGroupBand) ...")
		sum, err = load.Run(ctx, load.Config{Client: t.Client, Target: t.Describe(),
			OutDir: sf.out, AppID: target.AppID(sf.appID), Real: t.IsReal(), AllowReal: *allowReal,
			MaxRequests: *maxRequests, Progress: progressWriter(e)})
		if err != nil {
			return fail(e, exitUsage, "load probes: %v", err)
		}
		printLoad(e.stdout, sum)
	}
	report := reports.Build(reportInput(t, started, res, sum))
	if err := writeReport(sf.out, report); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	fmt.Fprintf(e.stdout, "\nverdict: %s\nreport: %s\n", strings.ToUpper(report.Verdict), filepath.Join(sf.out, "report.html"))
	if report.Verdict != reports.Pass {
		for _, r := range report.Reasons {
			fmt.Fprintf(e.stdout, "  - %s\n", r)
		}
		return exitFailed
	}
	return exitOK
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
	in := reports.Input{Target: t.Describe(), StartedAt: started, Duration: time.Since(started)}
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
	in.Load = sum // nil when the probes did not run
	return in
}
