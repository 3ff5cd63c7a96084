package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/livemsg/livemsg/harness"

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
	fs.BoolVar(&lf.allowReal, harness.ConsentFlag, false, "acknowledge that over-limit calls may disturb a real account (required with --target real)")
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
trip of 20 ms or more) what goes out while answers travel is sent blind, and
counted against the throttle budget before it goes: the onset and the cycles
are then trains of a set size, counted by when their requests were sent, and
an evenly spaced limiter is named (gcra) but not measured through the jitter
(docs/load.md, "At a distance"). The sustained limit is
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
	if err := lf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return harness.Load{Target: lf.spec(), Deadline: lf.deadline, FindLimit: lf.findLimit, Profile: lf.profile,
		Args: append([]string{"load"}, args...),
		Probes: load.Config{Operations: lf.ops, OutDir: lf.out, MaxTime: lf.maxTime, AppID: lf.appID,
			AllowReal: lf.allowReal, MaxRequests: lf.maxRequests, MaxThrottled: lf.maxThrottled}}.Run(ctx, e)
}
