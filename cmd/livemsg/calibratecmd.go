package main

import (
	"context"
	"flag"

	"github.com/livemsg/livemsg/harness"
)

const calibrateUsage = `Usage: livemsg calibrate --from DIR [--from DIR]... [--out FILE]

Writes one calibration file (YAML, docs/calibration.md) from what real-target
runs wrote in each DIR: the load probes' DIR/load/summary.json and result files
(per operation the throttle's shape, sustained limit, burst, bucket, window and
rate-limit headers as measured) and the cassettes anywhere under DIR (per
operation each error code's status and message, each answer field's format, as
recorded). Every fact says its run, file and date; for the same operation the
newest evidence wins. Runs on the emulator, and measurements the probe did not
trust, are left out, each with a line saying why.

livemsg mock --calibration FILE then behaves so: each operation throttled in
the measured shape at the measured limit, the recorded statuses and fixed
messages answered. It refuses a file with a fact it cannot honour, with the
reason; calibrate says so at once.
Exit 0 written; 2 nothing to calibrate from, or a folder that cannot be read.`

func runCalibrate(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	var from opFlags
	fs.Var(&from, "from", "a folder a real-target run wrote (its --out): load/summary.json, cassettes (repeatable)")
	out := fs.String("out", "calibration.yaml", "the calibration file to write")
	setUsage(fs, calibrateUsage)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if done, err := noArgs(fs, e); done {
		return err
	}
	if len(from) == 0 {
		return usageError(fs, e, "want --from DIR: a folder a real-target run wrote")
	}
	return harness.Calibrate{From: from, Out: *out}.Run(ctx, e)
}
