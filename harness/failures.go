package harness

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// printFailures writes each failed scenario as a block: where it stands,
// the step, expected against actual (testify's message without its
// frames), the exchange that failed, redacted, and a livemsg call line
// that sends it again. A step no definition matches gets the nearest
// steps of livemsg steps instead. With verbose the check's message is
// printed whole, Go stack frames included.
func printFailures(w io.Writer, t *target.Target, res *steps.Result, verbose bool) {
	flags := callFlags(t)
	for _, s := range res.Scenarios {
		if s.Status != steps.StatusFailed {
			continue
		}
		fmt.Fprintf(w, "\nFAILED %s: %s: %s\n", orUnknown(s.Location), s.Feature, s.Name)
		if undefined(s) {
			fmt.Fprintf(w, "  %s: no step of livemsg's matches %q; the nearest (livemsg steps lists them all):\n", orUnknown(s.StepLocation), s.FailedStep)
			for _, d := range steps.Nearest(s.FailedStep, 3) {
				fmt.Fprintf(w, "    %s\n", d.Example)
			}
			continue
		}
		if step := cmp.Or(s.StepAsWritten, s.FailedStep); step != "" {
			fmt.Fprintf(w, "  step %s: %s\n", orUnknown(s.StepLocation), step)
		}
		msg := s.Error
		if verbose && s.Trace != "" {
			msg = s.Trace
		}
		fmt.Fprintf(w, "%s\n", indent(msg, "  "))
		e := s.LastCall
		if e == nil {
			continue
		}
		fmt.Fprintf(w, "  the last exchange (RequestId %s):\n%s\n", orNone(e.RequestID), indent(strings.TrimRight(e.Exchange.String(), "\n"), "    "))
		if line, why := callLine(*e, flags); why != "" {
			fmt.Fprintf(w, "  not replayable by livemsg call: %s\n", why)
		} else {
			fmt.Fprintf(w, "  send it again: %s\n", aliyun.RedactText(line))
		}
	}
}

// printSkips counts the skipped scenarios by reason, each with what would
// run them.
func printSkips(w io.Writer, res *steps.Result) {
	for _, c := range res.SkipCauses() {
		fmt.Fprintf(w, "  %d skipped: %s\n", c.N, skipText(c))
	}
}

// skipText is a skip cause and its fix in one phrase.
func skipText(c steps.SkipCause) string {
	if c.Fix == "" {
		return c.Why
	}
	return c.Why + "; " + c.Fix
}

// nothingRan says why a run judged nothing: each reason, and the flag
// that would change it.
func nothingRan(res *steps.Result) string {
	var parts []string
	for _, c := range res.SkipCauses() {
		parts = append(parts, fmt.Sprintf("%d %s", c.N, skipText(c)))
	}
	_, _, s := res.Counts()
	return fmt.Sprintf("no scenario ran: all %d selected were skipped: %s", s, strings.Join(parts, "; "))
}

// undefined reports a scenario that failed on a step no definition
// matches (a typo in a user's feature file, most often).
func undefined(s steps.ScenarioResult) bool {
	return strings.Contains(s.Error, "step is undefined")
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "\n")
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown line)"
	}
	return s
}
