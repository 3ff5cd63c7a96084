package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/target"
)

func runExplore(ctx context.Context, e env, args []string) error {
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
	consent := fs.Bool(harness.ConsentFlag, false, "on a real target, allow a plan over the default bounds")
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
default bounds needs --`+harness.ConsentFlag+`.
Exit 0 no divergence, 1 a divergence, 2 could not run or groups are left.

Flags:`)
		fs.PrintDefaults()
	}
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fs, e, "takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	if *budget <= 0 || *maxSteps <= 0 || *maxRequests < 0 || *shrink < 0 {
		return fail(e, exitUsage, "--budget and --max-steps must be positive, --max-requests and --shrink-time not negative")
	}
	if err := tf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return harness.Explore{Target: tf.spec(), NoPace: *noPace, Consent: *consent, Record: *record, OutDir: *out,
		Sequences: explore.Config{Budget: *budget, MaxSteps: *maxSteps, Seed: *seed, MaxRequests: *maxRequests,
			ShrinkTime: *shrink, AppID: *appID}}.Run(ctx, e)
}
