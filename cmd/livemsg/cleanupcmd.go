package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/livemsg/livemsg/steps"
)

func runCleanup(ctx context.Context, e env, args []string) int {
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
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	if code, done := noArgs(fs, e); done {
		return code
	}
	groups, err := steps.Unresolved(*journal)
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if len(groups) == 0 {
		fmt.Fprintf(e.stdout, "nothing to clean up in %s\n", *journal)
		return exitOK
	}
	ctx, cancel := tf.bound(ctx)
	defer cancel()
	t, code := tf.open(ctx, e)
	if t == nil {
		return code
	}
	defer t.Close()
	res, err := steps.Cleanup(ctx, t.Client, *journal)
	if res == nil {
		return fail(e, exitUsage, "%v", err)
	}
	fmt.Fprintf(e.stdout, "deleted %d of %d groups left on the account, from %s%s\n", len(res.Deleted), res.Found(), *journal, readBackNotes(res))
	if listLeft(e, t, *journal, res) == 0 {
		return exitOK
	}
	switch {
	case stopped(ctx) != "":
		fmt.Fprintf(e.stderr, "livemsg: %s\n", stopped(ctx))
	case t.Client.Faults().Diagnosis() != "":
		fmt.Fprintf(e.stderr, "livemsg: could not run: %s\n", t.Client.Faults().Diagnosis())
	case err != nil:
		fmt.Fprintf(e.stderr, "livemsg: %v\n", err)
	}
	return exitUsage
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
