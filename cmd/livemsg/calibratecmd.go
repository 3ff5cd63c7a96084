package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/livemsg/livemsg/calibrate"
	"github.com/livemsg/livemsg/mock"
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

func runCalibrate(_ context.Context, e env, args []string) error {
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
	f, notes, err := calibrate.From(from...)
	for _, n := range notes {
		fmt.Fprintf(e.Stdout, "note: %s\n", n)
	}
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if err := f.Write(*out); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	printCalibration(e.Stdout, f)
	fmt.Fprintf(e.Stdout, "calibration: %s (livemsg mock --calibration %s)\n", *out, *out)
	if _, err := f.Emulator(); err != nil {
		fmt.Fprintf(e.Stdout, "warning: livemsg mock --calibration will refuse this file: %v\n", err)
	}
	return nil
}

// printCalibration prints one line per operation: what it was calibrated
// with.
func printCalibration(w io.Writer, f *calibrate.File) {
	for _, op := range f.Operations {
		fmt.Fprintf(w, "  %-32s", op.Name)
		if t := op.Throttle; t != nil {
			fmt.Fprintf(w, " %s %g/s burst %d window %gs (%s)", t.Shape, t.SustainedQPS, t.Burst, t.WindowS, t.Source.Date.Format("2006-01-02"))
		}
		fmt.Fprintf(w, " %d error codes, %d fields\n", len(op.Errors), len(op.Fields))
	}
}

// withCalibration applies livemsg mock --calibration FILE to cfg ("" =
// none); a file it cannot read or honour exits 2 with the reason.
func withCalibration(e env, path string, cfg *mock.Config) error {
	if path == "" {
		return nil
	}
	f, err := calibrate.Read(path)
	if err != nil {
		return fail(e, exitUsage, "--calibration: %v", err)
	}
	c, err := f.Emulator()
	if err != nil {
		return fail(e, exitUsage, "--calibration %s: %v", path, err)
	}
	mock.WithCalibration(c)(cfg)
	return nil
}
