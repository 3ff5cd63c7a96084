package main

import (
	"context"
	"flag"

	"github.com/livemsg/livemsg/harness"
)

func runRepro(ctx context.Context, e env, args []string) error {
	fset := flag.NewFlagSet("repro", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fset)
	sf.builtin = true
	setUsage(fset, `Usage: livemsg repro [flags] CODE

Runs the scenarios tagged @code:CODE and prints, per scenario and whole when
it ends: a heading, the setup (the emulator's admin API calls included),
every exchange (redacted), the exchange that produced the code marked with
its RequestId, and a livemsg call line that sends it again (or why call
cannot). --tags narrows them further; a selection that runs nothing exits 2.
On a real target the same skips and consent as livemsg contract apply.`)
	if done, err := parseFlags(fset, e, args); done {
		return err
	}
	if fset.NArg() != 1 {
		return usageError(fset, e, "want one error code, got %d arguments", fset.NArg())
	}
	if err := sf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return harness.Repro{Contract: sf.job(), Code: fset.Arg(0)}.Run(ctx, e)
}
