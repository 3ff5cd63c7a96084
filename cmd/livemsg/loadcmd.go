package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/steps"

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
	ops          opFlags
	maxTime      time.Duration
	out          string
	appID        string
	allowReal    bool
	maxRequests  int
	maxThrottled int
	findLimit    bool
	profile      string
}

func (lf *loadFlags) register(fs *flag.FlagSet) {
	lf.targetFlags.register(fs)
	fs.Var(&lf.ops, "op", "operation to probe (repeatable; default the three of the brief)")
	fs.DurationVar(&lf.maxTime, "max-time", load.DefaultMaxTime, "the most one operation's probe may take")
	fs.StringVar(&lf.out, "out", "out", "output folder: vegeta result files and summary.json go to DIR/load/")
	fs.StringVar(&lf.appID, "app-id", "", "app the probes work in on a real target (or "+target.EnvAppID+")")
	fs.BoolVar(&lf.allowReal, "i-know-this-calls-the-real-service", false, "acknowledge that over-limit calls may disturb a real account (required with --target real)")
	fs.IntVar(&lf.maxRequests, "max-requests", 0, "cap on the total requests of a real-target run, checked against the plan before anything is sent (required with --target real)")
	fs.IntVar(&lf.maxThrottled, "max-throttled", 0, fmt.Sprintf("cap on the throttled requests of the run, checked against the plan before anything is sent (default %d per operation)", load.DefaultMaxThrottled))
	fs.StringVar(&lf.profile, "profile", "", "run the application's own traffic from a profile (YAML: stages, mix, thresholds; docs/profiles.md) instead of the limit probes: files in DIR/load/profile/")
	fs.BoolVar(&lf.findLimit, "find-limit", false, "measure each operation's enforced limit without judging it: the same probe, its onset ramping up from half the documented limit")
}

// validate refuses flag values that make no sense, before anything runs.
func (lf *loadFlags) validate() error {
	switch {
	case lf.maxTime <= 0 || lf.maxTime > 10*time.Minute:
		return fmt.Errorf("--max-time must be more than 0 and at most 10m, not %s", lf.maxTime)
	case lf.maxRequests < 0:
		return fmt.Errorf("--max-requests must be 0 (none) or more, not %d", lf.maxRequests)
	case lf.maxThrottled < 0:
		return fmt.Errorf("--max-throttled must be 0 (the default) or more, not %d", lf.maxThrottled)
	}
	return nil
}

const loadUsage = `Usage: livemsg load [flags]

Measures the QPS limit each operation really enforces, whatever throttling
algorithm the provider uses, and judges it against the documented one.

What the probe measures (one vegeta drive per operation, every request signed
afresh): it measures the round trip first, and judges every answer by when
the provider gave it. It sends at three times the documented limit until the first
throttle (the burst), then tells a window (sliding, fixed, long) from a
smooth limiter (token bucket, evenly spaced) by the few requests after it. A
window is measured in cycles that open when it turns and stop at their first
throttle; a smooth limiter is held just over its rate. At a distance (a round
trip of 20 ms or more) what goes out while answers travel is sent blind: the
onset and the cycles are then trains of a set size, counted by when their
requests were sent (docs/load.md, "At a distance"). The sustained limit is
what is served per whole second once throttling has begun. It also reports
the burst, the window, the round trip, the shape it saw, whether a second operation loaded
at the same time shares the bucket, and the rate-limit headers
(x-ratelimit-user-api, x-ratelimit-user) and whether they agree.

What it spends: at most 30 throttled requests (setup included) and 10 s per
operation (--max-throttled, --max-time), and 20 x documented + 60 requests
(2 x the seconds of --max-time x documented + 60 with a longer --max-time).
Probes are harmless: delete a group that does not exist, recover a group
never created, unmute a user who is not muted in a group the probe creates
and deletes.

With --profile FILE it runs the application's own traffic instead: stages of
arrival rate (linear between targets, sent whatever the answers do), a mix of
operations on a realistic pool of groups and users (created before deleted,
muted before unmuted, messages to groups a member joined), and thresholds
(p95_ms, error_share, throttled_share, ... per operation or overall; abort:
true stops the run once one is broken for its after window). Before anything
is sent the profile is checked (file:line and field) and its plan held to
--max-requests. It writes DIR/load/profile/: results.bin (vegeta), summary.json,
report.html, journal.jsonl (livemsg cleanup --journal). Exit 0 when every
threshold held, 1 when one broke or the run aborted, 2 when it could not be
made. See docs/profiles.md.

The probes' requests go through vegeta and are never resent; setup and
cleanup calls safe to repeat (a delete) are, after a lost answer (--retries,
--retry-budget; the last line says what was resent, docs/retries.md).

Verdict: pass when the sustained limit is within max(5%, 1 QPS) of the
documented one; the burst is reported, not judged. Inconclusive (not a pass)
when the measurement cannot be trusted. Exit 1 when any verdict is not pass;
2 when the probes could not run or could not measure (transport faults the
only cause of every verdict not a pass) or --deadline passed.`

func runLoad(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	var lf loadFlags
	lf.register(fs)
	setUsage(fs, loadUsage)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if done, err := noArgs(fs, e); done {
		return err
	}
	if err := lf.validate(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if err := lf.missingReal(realNeeds{consent: true, maxRequests: true, appID: true},
		realGiven{consent: lf.allowReal, maxRequests: lf.maxRequests, appID: lf.appID}); err != nil {
		return fail(e, exitUsage, "%v: over-limit calls may disturb the account, and probes never create apps there", err)
	}
	if lf.profile != "" {
		return runLoadProfile(ctx, e, &lf, args)
	}
	cfg := load.Config{Operations: lf.ops, OutDir: lf.out, MaxTime: lf.maxTime,
		AppID: target.AppID(lf.appID), Real: lf.kind == target.Real, AllowReal: lf.allowReal,
		MaxRequests: lf.maxRequests, MaxThrottled: lf.maxThrottled}
	if cfg.Real && (!cfg.AllowReal || cfg.MaxRequests <= 0) {
		return fail(e, exitUsage, "a real target needs --i-know-this-calls-the-real-service and --max-requests N: over-limit calls may disturb the account")
	}
	// the plan is checked before the target is even opened
	cfg.Client = aliyun.NewClient("http://127.0.0.1", aliyun.Credentials{})
	if _, err := cfg.Plan(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	ctx, cancel := lf.bound(ctx)
	defer cancel()
	if err := clearLoadResults(lf.out); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	progress := progressWriter(e)
	defer progress.Close()
	cfg.Progress = progress
	t, err := lf.open(ctx, e)
	if err != nil {
		return err
	}
	defer t.Close()
	cfg.Client, cfg.Target = t.Client, t.Describe()
	journal, closeJournal, err := probeJournal(e, t, lf.out, &cfg)
	if err != nil {
		return err
	}
	defer closeJournal()
	if lf.findLimit {
		return leftBehind(ctx, e, t, journal, findLimits(ctx, e, cfg))
	}
	sum, err := load.Run(ctx, cfg)
	if err != nil {
		err := loadFailed(ctx, e, sum, err) // prints what was measured, once
		printRetries(e.Stdout, t)
		return leftBehind(ctx, e, t, journal, err)
	}
	if len(sum.Operations) > 0 {
		printLoad(e.Stdout, sum)
	}
	if lf.out != "" {
		fmt.Fprintf(e.Stdout, "results: %s (vegeta report < FILE.bin)\n", filepath.Join(lf.out, "load"))
	}
	printRetries(e.Stdout, t)
	if err := retriesFailed(e, t); err != nil {
		return leftBehind(ctx, e, t, journal, err)
	}
	if why := sum.NetworkStopped(); why != "" {
		// the network, not the provider: as when most answers are faults
		return leftBehind(ctx, e, t, journal, fail(e, exitUsage, "could not measure: %s", why))
	}
	if !sum.Passed() {
		return leftBehind(ctx, e, t, journal, harness.Failed("a verdict is not a pass"))
	}
	return leftBehind(ctx, e, t, journal, nil)
}

// probeJournal opens, on a real target, the journal of the groups the
// probes create (DIR/load/journal.jsonl) and hands it to cfg; elsewhere it
// does nothing ("" and a no-op close).
func probeJournal(e env, t *target.Target, out string, cfg *load.Config) (path string, closeIt func(), err error) {
	if !t.IsReal() {
		return "", func() {}, nil
	}
	if out == "" {
		out = os.TempDir()
	}
	path = filepath.Join(out, "load", "journal.jsonl")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", nil, fail(e, exitUsage, "%v", err)
	}
	j, err := steps.OpenJournal(path)
	if err != nil {
		return "", nil, fail(e, exitUsage, "%v", err)
	}
	cfg.Journal = j
	return path, func() { _ = j.Close() }, nil
}

// leftBehind lists the groups a real-target probe could not delete, with
// the command that deletes them; then the run exits 2, whatever else held.
func leftBehind(ctx context.Context, e env, t *target.Target, journal string, err error) error {
	if journal != "" {
		if n := reportLeftovers(ctx, e, t, journal); n > 0 {
			return harness.CouldNotRun(fmt.Sprintf("%d %s left on the account", n, plural(n, "group", "groups")))
		}
	}
	return err
}

// printLoad prints one line per operation: the sustained limit and its
// verdict, the burst, the window, the shape, the headers, what it spent.
func printLoad(w io.Writer, sum *load.Summary) {
	fmt.Fprintf(w, "\nload probes on %s (tolerance: max(5%%, 1 QPS) of the documented limit)\n", sum.Target)
	for _, op := range sum.Operations {
		fmt.Fprintf(w, "  %-32s documented %3d  sustained %6.1f  %s", op.Operation, op.DocumentedQPS, op.SustainedQPS, strings.ToUpper(op.Verdict))
		if op.Note != "" {
			fmt.Fprintf(w, "  (%s)", op.Note)
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "      burst %d, window %gs, shape %s: %s\n", op.Burst, op.WindowS, op.Shape, op.ShapeWhy)
		if h := op.Headers; h != nil {
			agree := "agree"
			if !h.Agree {
				agree = "do not agree"
			}
			fmt.Fprintf(w, "      headers %s: %s (%s)\n", h.Example, agree, h.Why)
		} else {
			fmt.Fprintln(w, "      headers: none")
		}
		fmt.Fprintf(w, "      spent %d throttled of %d requests in %.1fs\n", op.Throttled, op.Requests, op.Seconds)
	}
}

func findLimits(ctx context.Context, e env, cfg load.Config) error {
	ops := cfg.Operations
	if len(ops) == 0 {
		ops = load.BriefOperations
	}
	for _, op := range ops {
		cfg.Operations = []string{op}
		res, err := load.Search(ctx, cfg)
		if err != nil {
			return loadFailed(ctx, e, nil, err)
		}
		fmt.Fprintf(e.Stdout, "%-32s enforced limit ≈ %.1f rps (documented %d), burst %d, window %gs, shape %s; %d throttled of %d requests in %.1fs\n",
			op, res.SustainedQPS, res.DocumentedQPS, res.Burst, res.WindowS, res.Shape, res.Throttled, res.Requests, res.Seconds)
		if res.Untrusted != "" {
			fmt.Fprintf(e.Stdout, "%-32s could not be trusted: %s\n", "", res.Untrusted)
		}
	}
	return nil
}

// loadFailed prints what was measured before err and exits 2: the probes
// could not measure (transport faults: errors.Is(err, aliyun.ErrTransport)),
// the --deadline passed, or they could not start.
func loadFailed(ctx context.Context, e env, sum *load.Summary, err error) error {
	if sum != nil && len(sum.Operations) > 0 {
		printLoad(e.Stdout, sum)
	}
	switch {
	case stopped(ctx) != "":
		return fail(e, exitUsage, "%s: the load probes stopped: %v", stopped(ctx), err)
	case errors.Is(err, load.ErrCouldNotMeasure):
		return fail(e, exitUsage, "%v", err) // "could not measure ...", with the cause and count
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
