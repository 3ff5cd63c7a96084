package main

import (
	"context"
	"flag"

	"github.com/livemsg/livemsg/harness"
)

func runAll(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fs)
	sf.registerFeatures(fs)
	maxRequests := fs.Int("max-requests", 0, "with --target real: cap on the load probes' requests")
	profilePath := fs.String("profile", "", "also run the application's own traffic from a profile (docs/profiles.md) after the load probes: its files in DIR/run/profile/, its section in the report")
	baselinePath := fs.String("baseline", "", "an earlier run's summary.json: the report opens with what changed since (scenarios newly failing or fixed, limits and latency moved)")
	parityDir := fs.String("parity", "", "a folder of cassettes (--record DIR of this or earlier runs): replayed against a fresh emulator after the probes,\nthe report gets a parity section and each @assumption scenario a recording confirmed or refuted")
	setUsage(fs, `Usage: livemsg run [flags]

The whole job: the contract suite, then the load probes of the three brief
operations (each at most 30 throttled requests and 10 s), then
DIR/run/report.html and DIR/run/summary.json (the suite's files in
DIR/run/contract/, the load results in DIR/run/load/).
With --parity DIR the cassettes of DIR (--record DIR on a real target, this
run's included) are replayed against a fresh emulator, as livemsg parity does,
and the report and summary.json get a parity section: a recording that differs
from the emulator, or that refutes an @assumption scenario, fails the verdict.
On a real target the throttling scenarios and the load probes run only with
--i-know-this-calls-the-real-service (and the probes with --max-requests).
Calls safe to repeat are resent after a lost or transient answer (--retries,
--retry-budget); the last line, summary.json and the report say what was
resent (docs/retries.md).
Exit 0 only when everything held; 2 when the suite could not run, the probes
could not measure (transport faults alone), or groups are left.`)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if done, err := noArgs(fs, e); done {
		return err
	}
	if err := sf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return harness.Run{Contract: sf.job(), MaxRequests: *maxRequests, Profile: *profilePath, Baseline: *baselinePath,
		Parity: *parityDir, Args: append([]string{"run"}, args...)}.Run(ctx, e)
}
