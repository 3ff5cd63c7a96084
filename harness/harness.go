// Package harness runs livemsg's jobs against a target: the contract
// suite, the load probes, a traffic profile, explore, parity, and the
// whole run with its report, keeping a real account safe while it does
// (consent, request caps, a write-ahead journal, leftovers listed with
// the command that deletes them). The livemsg command only wires its flags
// to this package; a Go program can call it the same way.
package harness

import (
	"errors"
	"fmt"
	"io"
)

// Exit statuses a job ends with, as the livemsg command documents them.
const (
	StatusOK          = 0
	StatusFailed      = 1 // a check failed: the provider departed from the contract or its limits
	StatusCouldNotRun = 2 // usage, configuration, an unreachable target, a deadline, resources left behind
)

// ExitError is a job that did not end with everything held. Code is its
// exit status (StatusFailed or StatusCouldNotRun); Err says why. The job
// has already written that to its Output, so a command prints nothing more.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Status is the exit status err stands for: 0 for nil, an ExitError's
// Code, StatusCouldNotRun for any other error.
func Status(err error) int {
	if err == nil {
		return StatusOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return StatusCouldNotRun
}

// Output is where a job writes: results to Stdout, diagnostics to Stderr.
// TTY, when set, is the unredacted stderr: a terminal there gets live
// progress instead of whole lines.
type Output struct {
	Stdout, Stderr io.Writer
	TTY            io.Writer
	// Getenv is how the command reads its environment (credentials,
	// LIVEMSG_APP_ID): nil is os.Getenv; tests give their own, so that
	// they can run in parallel.
	Getenv func(string) string
}

// Failf writes "livemsg: MESSAGE" to o.Stderr and returns the message as an
// *ExitError of the given code.
func Failf(o Output, code int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(o.Stderr, "livemsg: %s\n", msg)
	return &ExitError{Code: code, Err: errors.New(msg)}
}

// couldNotRun is exit 2 for a cause already printed.
func couldNotRun(why string) error {
	return &ExitError{Code: StatusCouldNotRun, Err: errors.New(why)}
}

// failed is exit 1 for a judgement already printed.
func failed(why string) error {
	return &ExitError{Code: StatusFailed, Err: errors.New(why)}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func fail(e Output, code int, format string, args ...any) error {
	return Failf(e, code, format, args...)
}
