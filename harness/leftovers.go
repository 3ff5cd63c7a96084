package harness

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// reportLeftovers reads back every group the journal shows as created or
// maybe created and not deleted, lists those on the account and those
// that may be (their read-back got no answer) with the command that
// deletes them, and returns their number. A group the run's delete did
// delete, its answer lost, and one it never made are not named: the
// journal alone cannot tell them from a leftover, the read-back can.
func reportLeftovers(ctx context.Context, e Output, t *target.Target, journal string) int {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupBound(t))
	defer cancel()
	res, err := steps.Settle(ctx, t.Client, journal)
	if res == nil {
		fail(e, StatusCouldNotRun, "cannot read the journal: %v", err)
		return 1
	}
	return listLeft(e, t, journal, res)
}

// listLeft prints the groups of res that are, or may be, on the account,
// with the cleanup command; it returns their number.
func listLeft(e Output, t *target.Target, journal string, res *steps.Settlement) int {
	if n := len(res.Left); n > 0 {
		fmt.Fprintf(e.Stderr, "livemsg: %d %s could not be deleted and %s left on the account (read back after the run):\n",
			n, plural(n, "group", "groups"), plural(n, "is", "are"))
		printGroups(e, res.Left)
	}
	if n := len(res.Unknown); n > 0 {
		fmt.Fprintf(e.Stderr, "livemsg: %d %s may be left on the account (reading %s back got no answer):\n",
			n, plural(n, "group", "groups"), plural(n, "it", "them"))
		printGroups(e, res.Unknown)
	}
	n := len(res.Left) + len(res.Unknown)
	if n == 0 {
		return 0
	}
	cmd := "livemsg cleanup --target real"
	if t.Endpoint != aliyun.DefaultEndpoint {
		cmd += " --endpoint " + t.Endpoint
	}
	fmt.Fprintf(e.Stderr, "delete them with:\n  %s --journal %s\n", cmd, journal)
	return n
}

// printGroups lists groups by app, the apps sorted, each app's groups in
// the journal's order.
func printGroups(e Output, groups []steps.Group) {
	byApp := map[string][]string{}
	for _, g := range groups {
		byApp[g.AppID] = append(byApp[g.AppID], g.GroupID)
	}
	apps := make([]string, 0, len(byApp))
	for app := range byApp {
		apps = append(apps, app)
	}
	sort.Strings(apps)
	for _, app := range apps {
		for _, g := range byApp[app] {
			fmt.Fprintf(e.Stderr, "  app %s group %s\n", app, g)
		}
	}
}

// cleanupBound bounds the cleanup after a cancelled run: a few calls' worth.
func cleanupBound(t *target.Target) time.Duration {
	return max(30*time.Second, 3*t.Client.Timeout())
}
