package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// profileRun is what a profile run needs besides the target.
type profileRun struct {
	path        string
	dir         string // DIR/load/profile (or DIR/run/profile)
	appID       string
	allowReal   bool
	maxRequests int
}

// readProfile reads the profile and checks its plan before the target is
// opened: nothing is sent when either is wrong.
func (pr profileRun) readProfile(e Output, real bool) (*load.Profile, error) {
	p, err := load.ReadProfile(pr.path, nil)
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(e.Stderr, "livemsg: %s\n", line)
		}
		return nil, &ExitError{Code: StatusCouldNotRun, Err: err}
	}
	cfg := load.ProfileConfig{Profile: p, AppID: target.AppID(pr.appID, e.Getenv), Real: real, AllowReal: pr.allowReal, MaxRequests: pr.maxRequests}
	if _, err := cfg.Plan(); err != nil {
		return nil, fail(e, StatusCouldNotRun, "%v", err)
	}
	return p, nil
}

// run runs the profile on an open target, writes its files (results.bin,
// summary.json, journal.jsonl, report.html in pr.dir) and prints its
// figures; the exit status is 0 when every threshold held, 1 when one
// broke or the run aborted, 2 when it could not be made.
func (pr profileRun) run(ctx context.Context, e Output, t *target.Target, p *load.Profile, args []string) (*load.ProfileResult, error) {
	if err := clearProfile(pr.dir); err != nil {
		return nil, fail(e, StatusCouldNotRun, "%v", err)
	}
	journalPath := filepath.Join(pr.dir, load.ProfileJournalName)
	j, err := steps.OpenJournal(journalPath)
	if err != nil {
		return nil, fail(e, StatusCouldNotRun, "%v", err)
	}
	defer j.Close()
	progress := progressWriter(e)
	every := 5 * time.Second
	if isTerminal(e) {
		every = time.Second
	}
	cfg := load.ProfileConfig{Client: t.Client, Profile: p, Target: t.Describe(), AppID: t.AppID(pr.appID),
		Real: t.IsReal(), AllowReal: pr.allowReal, MaxRequests: pr.maxRequests, OutDir: pr.dir, Journal: j,
		Progress: progress, ProgressEvery: every}
	if !t.IsReal() && t.Admin != "" {
		cfg.Join = (&mock.Admin{Base: t.Admin}).Join
	}
	started := time.Now()
	res, err := load.RunProfile(ctx, cfg)
	progress.Close()
	if res != nil {
		res.Journal = journalPath
		printProfile(e.Stdout, res)
		in := reports.Input{Target: t.Describe(), Build: buildInfo(), Args: redactArgs(args, e.Getenv), StartedAt: started,
			Duration: time.Since(started), Profile: res, Retries: retriesSection(t)}
		if werr := writeProfileReport(pr.dir, reports.Build(in)); werr != nil {
			err = errors.Join(err, werr)
		}
	}
	// on a real account what the journal has not settled is read back, and
	// what is (or may be) left is listed with the command that deletes it:
	// the run exits 2, as every real-target run does
	left := (&Guard{t: t, path: journalPath}).Settle(ctx, e, nil)
	if err != nil {
		if why := stopped(ctx); why != "" {
			return res, fail(e, StatusCouldNotRun, "%s: the profile stopped: %v", why, err)
		}
		return res, fail(e, StatusCouldNotRun, "%v", err)
	}
	fmt.Fprintf(e.Stdout, "results: %s (summary.json, report.html, %s: vegeta report < FILE)\n", pr.dir, load.ProfileResultsName)
	if left != nil {
		return res, left
	}
	if res.Verdict != load.Pass {
		return res, failed("a threshold broke or the run aborted")
	}
	return res, nil
}

// writeProfileReport writes report.html (the profile section) beside the
// profile's own summary.json, through the redaction point.
func writeProfileReport(dir string, s reports.Summary) error {
	s.Files = reports.RunFiles(dir)
	var b bytes.Buffer
	if err := reports.WriteHTML(&b, s); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.html"), []byte(aliyun.RedactText(b.String())), 0o644)
}

// afterProbes waits until the windows the load probes filled have turned,
// so that a profile run right after them starts on the account's full
// quota, as its traffic would.
func afterProbes(ctx context.Context, sum *load.Summary) {
	if sum == nil {
		return
	}
	wait := 0.0
	for _, op := range sum.Operations {
		wait = max(wait, op.WindowS)
	}
	if wait == 0 {
		return
	}
	t := time.NewTimer(time.Duration((min(wait, 10) + 0.5) * float64(time.Second)))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// printProfile prints the verdict, the thresholds, and the figures per
// stage and per operation.
func printProfile(w io.Writer, r *load.ProfileResult) {
	fmt.Fprintf(w, "\nprofile %s on %s: %s\n", r.File, r.Target, strings.ToUpper(r.Verdict))
	if r.Aborted != "" {
		fmt.Fprintf(w, "  stopped early: %s\n", r.Aborted)
	}
	fmt.Fprintln(w, "  thresholds:")
	for _, th := range r.Thresholds {
		fmt.Fprintf(w, "    %s\n", th)
	}
	row := func(name string, f load.Figures) {
		fmt.Fprintf(w, "  %-32s %7.1f %8.1f %6d %6d %9d %6d %8.1f %8.1f %8.1f\n", name, f.PlannedRate, f.AchievedRate, f.Sent, f.Served,
			f.Throttled, f.Errors, f.P50ms, f.P95ms, f.P99ms)
	}
	header := fmt.Sprintf("  %-32s %7s %8s %6s %6s %9s %6s %8s %8s %8s\n", "", "planned", "achieved", "sent", "served", "throttled", "errors", "p50 ms", "p95 ms", "p99 ms")
	fmt.Fprint(w, header)
	for _, st := range r.Stages {
		row(fmt.Sprintf("stage %d (%g→%g/s, %gs)", st.Stage, st.FromRate, st.ToRate, st.DurationS), st.Figures)
	}
	for _, op := range r.Operations {
		row(op.Operation, op.Figures)
	}
	row("overall", r.Overall)
	fmt.Fprintf(w, "  resources: %s\n", r.Pool)
}

// profileResultNames are the files a profile run writes in its folder
// (the journal is kept: it may list groups a crashed run left).
var profileResultNames = []string{load.ProfileResultsName, load.ProfileSummaryName, "report.html"}

func clearProfile(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, n := range profileResultNames {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("clear the previous profile results: %w", err)
		}
	}
	return nil
}
