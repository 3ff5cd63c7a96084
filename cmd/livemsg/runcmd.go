package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

func runAll(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fs)
	sf.registerFeatures(fs)
	maxRequests := fs.Int("max-requests", 0, "with --target real: cap on the load probes' requests")
	profilePath := fs.String("profile", "", "also run the application's own traffic from a profile (docs/profiles.md) after the load probes: its files in DIR/run/profile/, its section in the report")
	baselinePath := fs.String("baseline", "", "an earlier run's summary.json: the report opens with what changed since (scenarios newly failing or fixed, limits and latency moved)")
	parityDir := fs.String("parity", "", "a folder of cassettes (--record DIR of this or earlier runs): replayed against a fresh emulator after the probes,\nthe report gets a parity section and each @assumption scenario a recording confirmed or refuted")
	setUsage(fs, `Usage: livemsg run [flags]

The whole job: the contract suite, then the load probes of the three brief
operations (each at most 30 throttled requests and 10 s), then
DIR/run/report.html and DIR/run/summary.json (the suite's files in
DIR/run/contract/, the load results in DIR/run/load/).
With --parity DIR the cassettes of DIR (--record DIR on a real target, this
run's included) are replayed against a fresh emulator, as livemsg parity does,
and the report and summary.json get a parity section: a recording that differs
from the emulator, or that refutes an @assumption scenario, fails the verdict.
On a real target the throttling scenarios and the load probes run only with
--i-know-this-calls-the-real-service (and the probes with --max-requests).
Calls safe to repeat are resent after a lost or transient answer (--retries,
--retry-budget); the last line, summary.json and the report say what was
resent (docs/retries.md).
Exit 0 only when everything held; 2 when the suite could not run, the probes
could not measure (transport faults alone), or groups are left.`)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if done, err := noArgs(fs, e); done {
		return err
	}
	if err := steps.CheckTags(sf.tags); err != nil {
		return fail(e, exitUsage, "%s", trimSelection(err))
	}
	if err := sf.missingReal(realNeeds{appID: true}, realGiven{appID: sf.appID}); err != nil {
		return fail(e, exitUsage, "%v: the suite never creates apps there", err)
	}
	if *maxRequests < 0 {
		return fail(e, exitUsage, "--max-requests must be 1 or more (or 0 for no cap), not %d", *maxRequests)
	}
	baseline, err := readBaseline(*baselinePath)
	if err != nil {
		return fail(e, exitUsage, "--baseline %s: %v", *baselinePath, err)
	}
	pr := profileRun{path: *profilePath, dir: commandDir(sf.out, "run", "profile"), appID: sf.appID, allowReal: sf.allowOverLimit, maxRequests: *maxRequests}
	var profile *load.Profile
	if pr.path != "" {
		if profile, err = pr.readProfile(e, sf.kind == target.Real); err != nil {
			return err
		}
	}
	if *parityDir != "" && filepath.Clean(*parityDir) != filepath.Clean(sf.record) {
		if _, err := cassette.LoadDir(*parityDir); err != nil { // refused before anything is sent
			return fail(e, exitUsage, "--parity %s: %v", *parityDir, err)
		}
	}
	ctx, cancel := sf.bound(ctx)
	defer cancel()
	t, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer t.Close()
	started := time.Now()
	dir := commandDir(sf.out, "run")
	opts := sf.options(t)
	opts.OutDir = dir
	opts.Output = e.Stdout
	res, suiteErr := runSuite(ctx, e, t, opts)
	if res == nil {
		return suiteErr
	}
	var sum *load.Summary
	if harness.Status(suiteErr) != exitUsage && (!t.IsReal() || sf.allowOverLimit) {
		fmt.Fprintf(e.Stdout, "\nload probes (%s) ...\n", strings.Join(load.BriefOperations, ", "))
		if err := clearLoadResults(dir); err != nil {
			return fail(e, exitUsage, "%v", err)
		}
		progress := progressWriter(e)
		cfg := load.Config{Client: t.Client, Target: t.Describe(),
			OutDir: dir, AppID: target.AppID(sf.appID), Real: t.IsReal(), AllowReal: sf.allowOverLimit,
			MaxRequests: *maxRequests, Progress: progress}
		journal, closeJournal, err := probeJournal(e, t, dir, &cfg)
		if err != nil {
			return err
		}
		sum, err = load.Run(ctx, cfg)
		progress.Close()
		closeJournal()
		if err != nil {
			if why := stopped(ctx); why != "" {
				if sum != nil {
					printLoad(e.Stdout, sum)
				}
				return leftBehind(ctx, e, t, journal, fail(e, exitUsage, "%s during the load probes: %v", why, err))
			}
			return leftBehind(ctx, e, t, journal, loadFailed(ctx, e, sum, err))
		}
		printLoad(e.Stdout, sum)
		if why := sum.NetworkStopped(); why != "" {
			suiteErr = fail(e, exitUsage, "could not measure: %s", why) // the network, not the provider; the report is still written
		}
		if err := leftBehind(ctx, e, t, journal, nil); err != nil {
			suiteErr = err // the report is still written; the run exits 2
		}
	}
	var prof *load.ProfileResult
	if profile != nil && harness.Status(suiteErr) != exitUsage {
		fmt.Fprintf(e.Stdout, "\nprofile %s ...\n", pr.path)
		afterProbes(ctx, sum)
		var err error
		if prof, err = pr.run(ctx, e, t, profile, append([]string{"run"}, args...)); harness.Status(err) == exitUsage {
			return err
		}
	}
	in := reportInput(t, started, res, sum)
	in.Profile = prof
	in.Args = redactArgs(append([]string{"run"}, args...))
	in.Baseline = baseline
	if *parityDir != "" {
		rep, err := replayCassettes(ctx, *parityDir, "")
		if err != nil {
			return fail(e, exitUsage, "--parity %s: %v", *parityDir, err)
		}
		p := paritySection(rep)
		in.Parity = &p
		fmt.Fprintf(e.Stdout, "\nparity: %d recordings of %s replayed against %s: %d differ\n",
			len(p.Recordings), *parityDir, p.Against, differing(p.Recordings))
	}
	report := reports.Build(in)
	if err := writeReport(dir, report); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	fmt.Fprintf(e.Stdout, "\nverdict: %s\nreport: %s\n", strings.ToUpper(report.Verdict), filepath.Join(dir, "report.html"))
	printRetries(e.Stdout, t)
	if c := report.Baseline; c != nil {
		fmt.Fprintf(e.Stdout, "since the baseline (%s): %d newly failing, %d fixed, %d limits moved, %d latencies moved\n",
			c.BaselineStartedAt, len(c.NewlyFailing), len(c.Fixed), len(c.Limits), len(c.Latency))
	}
	if harness.Status(suiteErr) == exitUsage {
		return suiteErr // the suite could not run, the probes could not measure, or groups are left: printed above
	}
	if err := retriesFailed(e, t); err != nil {
		return err // the load probes or the profile spent the rest of the budget
	}
	if report.Verdict != reports.Pass {
		for _, r := range report.Reasons {
			fmt.Fprintf(e.Stdout, "  - %s\n", r)
		}
		return harness.Failed("verdict: " + report.Verdict)
	}
	return nil
}

func differing(rs []reports.ParityRecording) int {
	n := 0
	for _, r := range rs {
		if r.Differs {
			n++
		}
	}
	return n
}

// readBaseline reads the summary.json a run compares with ("" = none).
func readBaseline(path string) (*reports.Summary, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := reports.ReadSummary(f)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// writeReport writes report.html and summary.json through the redaction
// point.
func writeReport(dir string, s reports.Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.Files = reports.RunFiles(dir, "summary.json")
	for name, write := range map[string]func(io.Writer) error{
		"report.html":  func(w io.Writer) error { return reports.WriteHTML(w, s) },
		"summary.json": func(w io.Writer) error { return reports.WriteJSON(w, s) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(aliyun.RedactText(b.String())), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// reportInput maps the run's results into the report's plain data.
func reportInput(t *target.Target, started time.Time, res *steps.Result, sum *load.Summary) reports.Input {
	c := contract.Default()
	in := reports.Input{Target: t.Describe(), Build: buildInfo(), StartedAt: started, Duration: time.Since(started)}
	for _, s := range res.Scenarios {
		// steps' statuses are the report's: passed, failed, error (a
		// transport fault, not judged), skipped
		in.Scenarios = append(in.Scenarios, reports.Scenario{Feature: s.Feature, Name: s.Name, Tags: s.Tags, Status: s.Status,
			SkipReason: s.SkipReason, FailedStep: s.FailedStep, Error: s.Error, Exchanges: s.Exchanges, Duration: s.Duration})
	}
	for _, op := range c.Operations() {
		in.Operations = append(in.Operations, reports.OperationCodes{Operation: op.Name, QPS: op.QPS, Codes: op.Errors})
	}
	for _, ec := range c.Codes() {
		if ec.Gateway {
			in.GatewayCodes = append(in.GatewayCodes, ec.Code)
		}
	}
	in.Load = sum // nil when the probes did not run
	in.Retries = retriesSection(t)
	return in
}
