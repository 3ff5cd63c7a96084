package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/target"
)

// opFlags collects repeated --op NAME.
type opFlags []string

func (o *opFlags) String() string     { return strings.Join(*o, ",") }
func (o *opFlags) Set(v string) error { *o = append(*o, v); return nil }

type loadFlags struct {
	targetFlags
	ops         opFlags
	duration    time.Duration
	rates       string
	out         string
	appID       string
	allowReal   bool
	maxRequests int
	findLimit   bool
}

func (lf *loadFlags) register(fs *flag.FlagSet) {
	lf.targetFlags.register(fs)
	fs.Var(&lf.ops, "op", "operation to probe (repeatable; default the three of the brief)")
	fs.DurationVar(&lf.duration, "duration", 4*time.Second, "length of each step of the ladder")
	fs.StringVar(&lf.rates, "rates", "0.5x,1x,1.5x,2x", "the ladder: multiples of the documented QPS (1.5x) or absolute rates (75)")
	fs.StringVar(&lf.out, "out", "out", "output folder: vegeta result files and summary.json go to DIR/load/")
	fs.StringVar(&lf.appID, "app-id", "", "app the probes work in on a real target (or "+target.EnvAppID+")")
	fs.BoolVar(&lf.allowReal, "i-know-this-calls-the-real-service", false, "acknowledge that over-limit calls may disturb a real account (required with --target real)")
	fs.IntVar(&lf.maxRequests, "max-requests", 0, "cap on the total requests of a real-target run (required with --target real)")
	fs.BoolVar(&lf.findLimit, "find-limit", false, "search for each operation's enforced limit (a ramp, then steps around the estimate) instead of judging a ladder")
}

func runLoad(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	var lf loadFlags
	lf.register(fs)
	setUsage(fs, `Usage: livemsg load [flags]

Drives each operation at a ladder of constant rates around its documented QPS
with vegeta and reports the limit actually enforced. Probes are harmless: delete a
group that does not exist, recover a group never created, unmute a user who is
not muted in a group the probe creates and deletes.
Verdict: pass when the measured limit is within max(5%, 1 QPS) of the documented
one and nothing is throttled below it. Exit 1 when any verdict fails, 2 when it
could not measure (the answers are transport faults) or --deadline passed.`)
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	rates, err := load.ParseRates(lf.rates)
	if err != nil {
		return fail(e, exitUsage, "--rates: %v", err)
	}
	cfg := load.Config{Operations: lf.ops, Rates: rates, Duration: lf.duration, OutDir: lf.out,
		AppID: target.AppID(lf.appID), Real: lf.kind == target.Real, AllowReal: lf.allowReal,
		MaxRequests: lf.maxRequests}
	if cfg.Real && (!cfg.AllowReal || cfg.MaxRequests <= 0) {
		return fail(e, exitUsage, "a real target needs --i-know-this-calls-the-real-service and --max-requests N: over-limit calls may disturb the account")
	}
	ctx, cancel := lf.bound(ctx)
	defer cancel()
	if err := clearLoadResults(lf.out); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	progress := progressWriter(e)
	defer progress.Close()
	cfg.Progress = progress
	t, code := lf.open(ctx, e)
	if t == nil {
		return code
	}
	defer t.Close()
	cfg.Client, cfg.Target = t.Client, t.Describe()
	if lf.findLimit {
		return findLimits(ctx, e, cfg)
	}
	sum, err := load.Run(ctx, cfg)
	if err != nil {
		return loadFailed(ctx, e, sum, err)
	}
	printLoad(e.stdout, sum)
	if lf.out != "" {
		fmt.Fprintf(e.stdout, "results: %s (vegeta report < FILE.bin)\n", filepath.Join(lf.out, "load"))
	}
	if !sum.Passed() {
		return exitFailed
	}
	return exitOK
}

func printLoad(w io.Writer, sum *load.Summary) {
	fmt.Fprintf(w, "\nload probes on %s (tolerance: max(5%%, 1 QPS) of the documented limit)\n", sum.Target)
	for _, op := range sum.Operations {
		fmt.Fprintf(w, "  %-32s documented %3d  measured %6.1f  %s", op.Operation, op.DocumentedQPS, op.MeasuredQPS, strings.ToUpper(op.Verdict))
		if op.Note != "" {
			fmt.Fprintf(w, "  (%s)", op.Note)
		}
		fmt.Fprintln(w)
		for _, s := range op.Steps {
			fmt.Fprintf(w, "      %6.1f rps: sent %4d served %4d throttled %4d other %3d  accepted %5.1f/s  p50 %.2f p95 %.2f p99 %.2f ms\n",
				s.Rate, s.Sent, s.Served, s.Throttled, s.Other, s.AcceptedQPS, s.P50ms, s.P95ms, s.P99ms)
		}
	}
}

func findLimits(ctx context.Context, e env, cfg load.Config) int {
	ops := cfg.Operations
	if len(ops) == 0 {
		ops = load.BriefOperations
	}
	for _, op := range ops {
		cfg.Operations = []string{op}
		sum, err := load.Search(ctx, cfg)
		if err != nil {
			return loadFailed(ctx, e, nil, err)
		}
		fmt.Fprintf(e.stdout, "%-32s enforced limit ≈ %.1f rps (documented %d), found in %s with %d requests\n",
			op, sum.LimitQPS, sum.DocumentedQPS, sum.Spent.Round(time.Millisecond), sum.Requests)
	}
	return exitOK
}

// loadFailed prints what was measured before err and exits 2: the probes
// could not measure (transport faults: errors.Is(err, aliyun.ErrTransport)),
// the --deadline passed, or they could not start.
func loadFailed(ctx context.Context, e env, sum *load.Summary, err error) int {
	if sum != nil {
		printLoad(e.stdout, sum)
	}
	switch {
	case stopped(ctx) != "":
		return fail(e, exitUsage, "%s: the load probes stopped: %v", stopped(ctx), err)
	case errors.Is(err, aliyun.ErrTransport):
		return fail(e, exitUsage, "could not measure: %v", err)
	}
	return fail(e, exitUsage, "%v", err)
}

// redactEach redacts each write on its own.
type redactEach struct{ w io.Writer }

func (r redactEach) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, aliyun.RedactText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
