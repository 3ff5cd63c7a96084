package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/livemsg/livemsg/harness"
)

func runParity(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("parity", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "", "an emulator to replay against (reset before each cassette); none: a fresh embedded one per cassette")
	out := fs.String("out", "out", "output folder: parity.json and parity.html go to DIR/parity/")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: livemsg parity [flags] DIR

Replays, in order, the requests of every cassette in DIR (written by --record
on contract, repro, call or explore) against a fresh emulator, maps the ids the
recorded provider generated to the emulator's, masks what must differ
(RequestId, times, generated ids) and lists every difference: status, Code,
fields missing or extra, values, headers. The lists of a recording on a real
target are compared on the groups and apps it named or made: others' items,
and the counters that counted them, are left out, and each exchange says what
(docs/recording.md). An @assumption scenario recorded on a real target is
shown as confirmed or refuted by its outcome there.
Exit 0 identical, 1 a difference, 2 could not run.

Flags:`)
		fs.PrintDefaults()
	}
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if fs.NArg() != 1 {
		return usageError(fs, e, "want one cassette folder, got %d arguments", fs.NArg())
	}
	return harness.Parity{Dir: fs.Arg(0), Endpoint: *endpoint, OutDir: *out}.Run(ctx, e)
}
