package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/livemsg/livemsg/steps"
)

func runCleanup(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("cleanup", flag.ContinueOnError)
	var tf targetFlags
	tf.register(fs)
	journal := fs.String("journal", "out/contract/journal.jsonl", "journal of a real-target run")
	setUsage(fs, `Usage: livemsg cleanup [flags]

Deletes every group a real-target run recorded as created and did not delete.
Exit 2 when some could not be deleted (they are listed).`)
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	left, err := steps.Leftovers(*journal)
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	total := 0
	for _, g := range left {
		total += len(g)
	}
	if total == 0 {
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
	n, err := steps.Cleanup(ctx, t.Client, *journal)
	fmt.Fprintf(e.stdout, "deleted %d of %d groups left in %s\n", n, total, *journal)
	if err != nil {
		if why := stopped(ctx); why != "" {
			fmt.Fprintf(e.stderr, "livemsg: %s\n", why)
		} else if d := t.Client.Faults().Diagnosis(); d != "" {
			fmt.Fprintf(e.stderr, "livemsg: could not run: %s\n", d)
		} else {
			fmt.Fprintf(e.stderr, "livemsg: %v\n", err)
		}
		reportLeftovers(e, t, *journal)
		return exitUsage
	}
	return exitOK
}
