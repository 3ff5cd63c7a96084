package main

import (
	"context"
	"flag"

	"github.com/livemsg/livemsg/harness"
)

func runCleanup(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("cleanup", flag.ContinueOnError)
	var tf targetFlags
	tf.register(fs)
	journal := fs.String("journal", "out/contract/journal.jsonl", "journal of a real-target run")
	setUsage(fs, `Usage: livemsg cleanup [flags]

Deletes every group a real-target run's journal shows as created, or as
maybe created (its create got no answer), and not deleted. Each group is
read back before and after its delete: one already deleted (its delete's
answer was lost) or never made is not counted, so "deleted N of N" counts
what was really on the account. Exit 2 when some are still there, or could
not be read back (they are listed).`)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if done, err := noArgs(fs, e); done {
		return err
	}
	if err := tf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return harness.Cleanup{Target: tf.spec(), Deadline: tf.deadline, Journal: *journal}.Run(ctx, e)
}
