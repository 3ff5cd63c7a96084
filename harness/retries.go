package harness

import (
	"fmt"
	"io"

	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/target"
)

// printRetries says aloud what the run resent: "retries: 3
// (DescribeLiveMessageGroup 2, ListLiveMessageGroups 1), budget 20, at
// most 3 a call", or "retries: none (--retries 0)".
func printRetries(w io.Writer, t *target.Target) {
	fmt.Fprintf(w, "retries: %s\n", retriesSection(t))
}

// budgetSpent says, when the run's retry budget ran out ("" when it did
// not), that it did and what sets it. Calls that needed a resend then
// failed with their fault: what they would have judged was not judged, so
// the run exits 2, with the faults seen (retriesFailed).
func budgetSpent(t *target.Target) string {
	b := t.Retries
	if !b.Exhausted() {
		return ""
	}
	grows := ""
	if b.Per() > 0 {
		grows = fmt.Sprintf(" and one per %d calls", b.Per())
	}
	return fmt.Sprintf("the retry budget is spent: all %d resends made (--retry-budget %d%s), %d %s not resent for want of one (--retries %d a call); mend the link or raise --retry-budget",
		b.Spent(), b.Base(), grows, b.Refused(), plural(b.Refused(), "call", "calls"), t.RetriesPerCall)
}

// retriesFailed prints the exit-2 line of a run whose retry budget ran
// out, naming the faults seen, and returns it (nil when it did not run out).
func retriesFailed(e Output, t *target.Target) error {
	spent := budgetSpent(t)
	if spent == "" {
		return nil
	}
	faults := t.Client.Faults().Diagnosis()
	if faults == "" {
		faults = "transient answers (InternalError, ServiceUnavailable)"
	}
	return fail(e, StatusCouldNotRun, "could not run: %s; %s", faults, spent)
}

// retriesSection is the run's resends as the report and summary.json
// show them.
func retriesSection(t *target.Target) *reports.Retries {
	b := t.Retries
	return reports.NewRetries(t.RetriesPerCall, b.Limit(), b.Refused(), b.ByOperation())
}
