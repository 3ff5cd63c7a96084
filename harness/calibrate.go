package harness

import (
	"context"
	"fmt"
	"io"

	"github.com/livemsg/livemsg/calibrate"
	"github.com/livemsg/livemsg/mock"
)

// Calibrate writes one calibration file from what real-target runs wrote
// (their probes' summaries and result files, their cassettes), as
// livemsg calibrate does.
type Calibrate struct {
	From []string // the runs' output folders
	Out  string   // the calibration file to write
}

// Run calibrates: exit 2 when there is nothing to calibrate from, or a
// folder or the file cannot be read or written.
func (c Calibrate) Run(_ context.Context, e Output) error {
	f, notes, err := calibrate.From(c.From...)
	for _, n := range notes {
		fmt.Fprintf(e.Stdout, "note: %s\n", n)
	}
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	if err := f.Write(c.Out); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	printCalibration(e.Stdout, f)
	fmt.Fprintf(e.Stdout, "calibration: %s (livemsg mock --calibration %s)\n", c.Out, c.Out)
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

// WithCalibration applies the calibration file at path to cfg ("" =
// none), as livemsg mock --calibration does; a file it cannot read or
// honour is exit 2 with the reason.
func WithCalibration(e Output, path string, cfg *mock.Config) error {
	if path == "" {
		return nil
	}
	f, err := calibrate.Read(path)
	if err != nil {
		return fail(e, StatusCouldNotRun, "--calibration: %v", err)
	}
	c, err := f.Emulator()
	if err != nil {
		return fail(e, StatusCouldNotRun, "--calibration %s: %v", path, err)
	}
	mock.WithCalibration(c)(cfg)
	return nil
}
