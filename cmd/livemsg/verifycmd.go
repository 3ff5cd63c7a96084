package main

import (
	"context"
	"flag"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/target"
)

const verifyUsage = `Usage: livemsg verify --target real --app-id ID --i-know-this-calls-the-real-service --max-requests N [flags] DIR

Replays, in order, what an application sent to the emulator (the cassettes
livemsg mock --record DIR wrote) on the target, and says for each exchange
whether the answer matches the one the application was tested against, with
parity's masking (RequestIds, times and generated ids paired; lists compared
on the recording's own groups). A difference is printed with what differs and
the livemsg call line that sends the request again.

On a real account: every app of the recording is --app-id (apps are never made
or changed: those requests are not sent); each operation is paced at half its
documented limit; the whole plan, with a delete for each group created, must
fit --max-requests before anything is sent; each group is journaled before it
is created (OUT/verify/journal.jsonl, OUT being --out) and every group the
replay created is deleted at the end (what could not be is listed with the
livemsg cleanup command). A call of the emulator's admin API is never sent.
Exit 0 every exchange matches; 1 one differs; 2 could not run, or groups left.`

func runVerify(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var tf targetFlags
	tf.register(fs)
	appID := fs.String("app-id", "", "the account's app the replay works in: every app of the recording is it (or "+target.EnvAppID+")")
	consent := fs.Bool(harness.ConsentFlag, false, "acknowledge that the replay calls the real service (required with --target real)")
	maxRequests := fs.Int("max-requests", 0, "cap on every request, the cleanup's deletes included, checked against the plan before anything is sent (required with --target real)")
	out := fs.String("out", "out", "output folder: the journal goes to OUT/verify/journal.jsonl on a real target")
	setUsage(fs, verifyUsage)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if fs.NArg() != 1 {
		return usageError(fs, e, "want one folder of recordings (livemsg mock --record DIR), got %d arguments", fs.NArg())
	}
	if err := tf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if err := harness.MissingReal(tf.kind, harness.Needs{Consent: true, MaxRequests: true, AppID: true},
		harness.Given{Consent: *consent, MaxRequests: *maxRequests, AppID: *appID, Getenv: e.Getenv}); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return harness.Verify{Target: tf.spec(), Deadline: tf.deadline, Dir: fs.Arg(0), AppID: *appID,
		MaxRequests: *maxRequests, OutDir: *out}.Run(ctx, e)
}
