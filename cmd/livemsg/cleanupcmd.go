package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/steps"
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
	groups, err := steps.Unresolved(*journal)
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if len(groups) == 0 {
		fmt.Fprintf(e.Stdout, "nothing to clean up in %s\n", *journal)
		return nil
	}
	ctx, cancel := tf.bound(ctx)
	defer cancel()
	t, err := tf.open(ctx, e)
	if err != nil {
		return err
	}
	defer t.Close()
	res, err := steps.Cleanup(ctx, t.Client, *journal)
	if res == nil {
		return fail(e, exitUsage, "%v", err)
	}
	fmt.Fprintf(e.Stdout, "deleted %d of %d groups left on the account, from %s%s\n", len(res.Deleted), res.Found(), *journal, readBackNotes(res))
	if listLeft(e, t, *journal, res) == 0 {
		return nil
	}
	switch {
	case stopped(ctx) != "":
		return fail(e, exitUsage, "%s", stopped(ctx))
	case t.Client.Faults().Diagnosis() != "":
		return fail(e, exitUsage, "could not run: %s", t.Client.Faults().Diagnosis())
	case err != nil:
		return fail(e, exitUsage, "%v", err)
	}
	return harness.CouldNotRun("groups are left on the account")
}

// readBackNotes says what the read-back found besides the groups on the
// account ("" when nothing).
func readBackNotes(res *steps.Settlement) string {
	var notes []string
	if res.Gone > 0 {
		notes = append(notes, fmt.Sprintf("%d already deleted", res.Gone))
	}
	if res.NeverCreated > 0 {
		notes = append(notes, fmt.Sprintf("%d never created", res.NeverCreated))
	}
	if len(notes) == 0 {
		return ""
	}
	return " (read back: " + strings.Join(notes, ", ") + ")"
}
