package harness

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// Cleanup deletes every group a real-target run's journal shows as
// created, or as maybe created, and not deleted, reading each back before
// and after its delete, as livemsg cleanup does.
type Cleanup struct {
	Target   target.Spec
	Deadline time.Duration // the whole job's (0: none)
	Journal  string        // the journal of the run to clean up after
}

// Run cleans up: exit 2 when some groups are still there, or could not be
// read back (they are listed with the command that deletes them).
func (c Cleanup) Run(ctx context.Context, e Output) error {
	groups, err := steps.Unresolved(c.Journal)
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	if len(groups) == 0 {
		fmt.Fprintf(e.Stdout, "nothing to clean up in %s\n", c.Journal)
		return nil
	}
	ctx, t, stop, err := start(ctx, e, c.Target, c.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	res, err := steps.Cleanup(ctx, t.Client, c.Journal)
	if res == nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	fmt.Fprintf(e.Stdout, "deleted %d of %d groups left on the account, from %s%s\n", len(res.Deleted), res.Found(), c.Journal, readBackNotes(res))
	if listLeft(e, t, c.Journal, res) == 0 {
		return nil
	}
	switch {
	case stopped(ctx) != "":
		return fail(e, StatusCouldNotRun, "%s", stopped(ctx))
	case t.Client.Faults().Diagnosis() != "":
		return fail(e, StatusCouldNotRun, "could not run: %s", t.Client.Faults().Diagnosis())
	case err != nil:
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	return couldNotRun("groups are left on the account")
}

// readBackNotes says what the read-back found besides the groups on the
// account ("" when nothing).
func readBackNotes(res *steps.Settlement) string {
	var notes []string
	if res.Gone > 0 {
		notes = append(notes, fmt.Sprintf("%d already deleted", res.Gone))
	}
	if res.NeverCreated > 0 {
		notes = append(notes, fmt.Sprintf("%d never created", res.NeverCreated))
	}
	if len(notes) == 0 {
		return ""
	}
	return " (read back: " + strings.Join(notes, ", ") + ")"
}
