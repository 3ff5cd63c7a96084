package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"
)

// checkT is the T of testify's checks in a step. It fails the step through
// godog's T but prints nothing: godog's T, with no testing.T under the
// suite, prints each message with its Error Trace to os.Stdout (under go
// test, Options.TestingT, it logs to the subtest and checkT lets it). The
// messages, without their frames, become the scenario's error
// (World.failure) and its failure block.
type checkT struct {
	w  *World
	gt godog.TestingT
}

// t is the T of a step's checks.
func (w *World) t(ctx context.Context) checkT { return checkT{w: w, gt: godog.T(ctx)} }

// Errorf keeps the check's message and fails the step.
func (c checkT) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	c.w.checks = append(c.w.checks, checkMessage(msg))
	c.w.traces = append(c.w.traces, msg)
	if c.w.s.opts.TestingT != nil {
		c.gt.Errorf("%s", msg) // under go test it goes to the scenario's subtest log, as usual
		return
	}
	c.gt.Fail()
}

// FailNow ends the step (godog recovers it).
func (c checkT) FailNow() { c.gt.FailNow() }

// Helper is testing.T's, for testify.
func (c checkT) Helper() {}

// failure is the error text of a failed scenario: the messages of the
// failed step's checks, in place of godog's "fail called on TestingT".
func (w *World) failure(err error) string {
	if w.checked != "" {
		return w.checked
	}
	return readableError(err.Error())
}

// checkMessage is testify's message without its Error Trace, Test and
// Diff: what was expected, what came, and the step's own words.
func checkMessage(msg string) string {
	var out []string
	label := ""
	for _, line := range strings.Split(msg, "\n") {
		t := strings.TrimSpace(line)
		if l, rest, ok := strings.Cut(t, ":"); ok && testifyLabels[l] {
			label, t = l, strings.TrimSpace(rest)
		} else if t == "Diff:" {
			label = "Diff"
			continue
		}
		if (label == "Error" || label == "Messages" || label == "") && t != "" {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return strings.TrimSpace(msg)
	}
	return strings.Join(out, "\n")
}

// testifyLabels are the fields of a testify failure message.
var testifyLabels = map[string]bool{"Error Trace": true, "Error": true, "Test": true, "Messages": true}
