package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

func runExplore(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("explore", flag.ContinueOnError)
	var tf targetFlags
	tf.register(fs)
	appID := fs.String("app-id", "", "app to work in on a real target (or "+target.EnvAppID+"); explore never creates apps there")
	budget := fs.Int("budget", explore.DefaultBudget, "sequences to draw")
	maxSteps := fs.Int("max-steps", explore.DefaultMaxSteps, "most calls a sequence draws")
	seed := fs.Uint64("seed", 0, "seed of the draw (0: a random one, printed)")
	maxRequests := fs.Int("max-requests", 0, "cap on calls to the target, shrinking included (0: twice the plan on a real target, none elsewhere)")
	shrink := fs.Duration("shrink-time", 5*time.Second, "time given to rapid's shrinking of a divergence")
	noPace := fs.Bool("no-pace", false, "with --target mock --endpoint: do not pace calls (the emulator's limits are lifted)")
	record := fs.String("record", "", "record each sequence, and the minimal divergence, as cassettes in DIR")
	out := fs.String("out", "out", "output folder: the divergence script, the coverage table (coverage.json) and the real-target journal go to DIR/explore/")
	consent := fs.Bool(consentFlag, false, "on a real target, allow a plan over the default bounds")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: livemsg explore [flags]

Draws operation sequences from the contract and a model of what exists
(pgregory.net/rapid): mostly valid calls on the groups made, exact limits,
one fault at most a call, the envelope varied per call. It runs each call
against the target and, in lockstep, against a fresh in-process emulator
(the oracle), and compares the answers: status, Code, fields after masking,
state read back page by page, Content-Type, RequestId format and uniqueness,
XML. The first divergence is shrunk to a minimal sequence, printed as
livemsg call lines and saved to DIR/explore/divergence-SEED.sh; the coverage
table (operations x answer codes, faults, envelope) is printed and saved to
DIR/explore/coverage.json.

On a real target: --app-id, calls paced under every QPS limit, a journal of
the groups made, each create written before it is sent (livemsg cleanup
--journal DIR/explore/journal.jsonl), each sequence's groups deleted, those
read back on the account at the end listed, a request cap; a plan over the
default bounds needs --`+consentFlag+`.
Exit 0 no divergence, 1 a divergence, 2 could not run or groups are left.

Flags:`)
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(fs, e, "takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	if *budget <= 0 || *maxSteps <= 0 || *maxRequests < 0 || *shrink < 0 {
		return fail(e, exitUsage, "--budget and --max-steps must be positive, --max-requests and --shrink-time not negative")
	}
	if err := tf.missingReal(realNeeds{appID: true}, realGiven{appID: *appID}); err != nil {
		return fail(e, exitUsage, "%v: explore never creates apps there", err)
	}
	var opts []mock.Option
	if tf.kind == target.Mock && tf.endpoint == "" {
		for _, op := range contract.Default().OperationNames() {
			opts = append(opts, mock.WithQPS(op, 0)) // not paced: throttling is the load probes' business
		}
	}
	t, code := tf.open(ctx, e, opts...)
	if t == nil {
		return code
	}
	defer t.Close()
	cfg := explore.Config{Target: t.Client, Admin: t.Admin, Budget: *budget, MaxSteps: *maxSteps, Seed: *seed,
		MaxRequests: *maxRequests, ShrinkTime: *shrink, Real: t.IsReal(), Pace: t.Embedded == nil && !*noPace, Log: e.stderr}
	dir := filepath.Join(*out, "explore")
	journal := ""
	if t.IsReal() {
		if cfg.AppID = target.AppID(*appID); cfg.AppID == "" {
			return fail(e, exitUsage, "a real target needs --app-id (or %s): explore never creates apps there", target.EnvAppID)
		}
		plan := explore.PlanFor(contract.Default(), *budget, *maxSteps)
		def := explore.PlanFor(contract.Default(), explore.DefaultBudget, explore.DefaultMaxSteps)
		fmt.Fprintf(e.stdout, "plan: %s\n", plan)
		if (plan.Worst > def.Worst || *maxRequests > 2*plan.Requests) && !*consent {
			return fail(e, exitUsage, "this plan goes over the default bounds (%s of pacing, %d calls): pass --%s", def.Worst, 2*def.Requests, consentFlag)
		}
	}
	// the folder only once the run is allowed: a refused one writes nothing
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if t.IsReal() {
		journal = filepath.Join(dir, "journal.jsonl")
		j, err := steps.OpenJournal(journal)
		if err != nil {
			return fail(e, exitUsage, "%v", err)
		}
		defer j.Close()
		cfg.Journal = j
	}
	var rec *cassette.Dir
	if *record != "" {
		rec = recordDir(*record, t)
		cfg.Record = func(name string, base http.RoundTripper) (http.RoundTripper, func(string, string)) {
			return rec.Transport(cassette.KindSequence, name, nil, base)
		}
	}
	start := time.Now()
	res, err := explore.Run(ctx, cfg)
	if res != nil {
		fmt.Fprintf(e.stdout, "explore on %s: %d sequences, %d calls to the target in %s (seed %d; rerun with --seed %d)\n",
			t.Describe(), res.Sequences, res.Requests, time.Since(start).Round(time.Millisecond), res.Seed, res.Seed)
	}
	if res != nil && res.Coverage != nil {
		res.Coverage.Print(e.stdout)
		if err := res.Coverage.WriteFile(filepath.Join(dir, "coverage.json")); err != nil {
			fmt.Fprintf(e.stderr, "livemsg: coverage not saved: %v\n", err)
		}
	}
	if rec != nil {
		if rerr := rec.Err(); rerr != nil {
			fmt.Fprintf(e.stderr, "livemsg: some cassettes were not written: %v\n", rerr)
		}
		fmt.Fprintf(e.stdout, "cassettes: %s (livemsg parity %s)\n", *record, *record)
	}
	left := 0 // groups left on the real account (or that may be): exit 2, as every real-target run
	if journal != "" {
		left = reportLeftovers(ctx, e, t, journal)
	}
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if res.Stopped != "" {
		fmt.Fprintf(e.stdout, "stopped early: %s\n", res.Stopped)
	}
	if res.Divergence == nil {
		fmt.Fprintln(e.stdout, "no divergence: the target answered as the emulator did")
		if ctx.Err() != nil || left > 0 {
			return exitUsage
		}
		return exitOK
	}
	flags := "--target " + t.Kind
	if t.Embedded == nil {
		flags += " --endpoint " + t.Endpoint
	}
	res.Divergence.Report(e.stdout, flags)
	script := filepath.Join(dir, fmt.Sprintf("divergence-%d.sh", res.Seed))
	body := explore.Script(res.Divergence.Steps[:res.Divergence.At+1], flags, res.Divergence.TargetApp)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	fmt.Fprintf(e.stdout, "\nsaved: %s\n", script)
	if left > 0 {
		return exitUsage
	}
	return exitFailed
}
