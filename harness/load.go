package harness

import (
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
	"github.com/livemsg/livemsg/target"
)

// Load measures the QPS limit each operation really enforces and judges
// it against the documented one, as livemsg load does; with Profile set
// it runs that traffic profile instead.
type Load struct {
	Target   target.Spec
	Deadline time.Duration // the whole job's (0: none)
	// Probes configures the probes: Operations, OutDir, MaxTime, AppID,
	// AllowReal, MaxRequests, MaxThrottled. Run sets the rest.
	Probes    load.Config
	FindLimit bool     // measure each limit without judging it
	Profile   string   // a traffic profile (docs/profiles.md) to run instead of the probes
	Args      []string // the command line, as the profile's report records it
}

// Run checks what a real target needs and the plan before anything is
// sent, then probes (or runs the profile), prints the figures and
// judges them: exit 1 when a verdict is not a pass, 2 when the probes
// could not run or measure, or groups are left on a real account.
func (l Load) Run(ctx context.Context, e Output) error {
	cfg := l.Probes
	if err := MissingReal(l.Target.Kind, Needs{Consent: true, MaxRequests: true, AppID: true},
		Given{Consent: cfg.AllowReal, MaxRequests: cfg.MaxRequests, AppID: cfg.AppID, Getenv: e.Getenv}); err != nil {
		return fail(e, StatusCouldNotRun, "%v: over-limit calls may disturb the account, and probes never create apps there", err)
	}
	if l.Profile != "" {
		return l.runProfile(ctx, e)
	}
	cfg.AppID, cfg.Real = target.AppID(cfg.AppID, e.Getenv), l.Target.Kind == target.Real
	if cfg.Real && (!cfg.AllowReal || cfg.MaxRequests <= 0) {
		return fail(e, StatusCouldNotRun, "a real target needs --%s and --max-requests N: over-limit calls may disturb the account", ConsentFlag)
	}
	// the plan is checked before the target is even opened
	cfg.Client = aliyun.NewClient("http://127.0.0.1", aliyun.Credentials{})
	if _, err := cfg.Plan(); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	if err := clearLoadResults(cfg.OutDir); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	progress := progressWriter(e)
	defer progress.Close()
	cfg.Progress = progress
	ctx, t, stop, err := start(ctx, e, l.Target, l.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	cfg.Client, cfg.Target = t.Client, t.Describe()
	return l.probe(ctx, e, t, cfg)
}

// probe runs the probes on the open target t, prints their figures and
// judges them.
func (l Load) probe(ctx context.Context, e Output, t *target.Target, cfg load.Config) error {
	guard, err := probeGuard(e, t, cfg.OutDir, &cfg)
	if err != nil {
		return err
	}
	defer guard.Close()
	if l.FindLimit {
		return guard.Settle(ctx, e, findLimits(ctx, e, cfg))
	}
	sum, err := load.Run(ctx, cfg)
	if err != nil {
		err := loadFailed(ctx, e, sum, err) // prints what was measured, once
		printRetries(e.Stdout, t)
		return guard.Settle(ctx, e, err)
	}
	if len(sum.Operations) > 0 {
		printLoad(e.Stdout, sum)
	}
	if cfg.OutDir != "" {
		fmt.Fprintf(e.Stdout, "results: %s (vegeta report < FILE.bin)\n", filepath.Join(cfg.OutDir, "load"))
	}
	printRetries(e.Stdout, t)
	if err := retriesFailed(e, t); err != nil {
		return guard.Settle(ctx, e, err)
	}
	if why := sum.NetworkStopped(); why != "" {
		// the network, not the provider: as when most answers are faults
		return guard.Settle(ctx, e, fail(e, StatusCouldNotRun, "could not measure: %s", why))
	}
	if !sum.Passed() {
		return guard.Settle(ctx, e, failed("a verdict is not a pass"))
	}
	return guard.Settle(ctx, e, nil)
}

// probeGuard opens, on a real target, the journal of the groups the
// probes create (DIR/load/journal.jsonl) and hands it to cfg.
func probeGuard(e Output, t *target.Target, out string, cfg *load.Config) (*Guard, error) {
	if out == "" {
		out = os.TempDir()
	}
	g, err := NewGuard(t, filepath.Join(out, "load", "journal.jsonl"))
	if err != nil {
		return nil, fail(e, StatusCouldNotRun, "%v", err)
	}
	if j := g.Journal(); j != nil {
		cfg.Journal = j
	}
	return g, nil
}

// printLoad prints one line per operation: the sustained limit and its
// verdict, the burst, the window, the shape, the headers, what it spent.
func printLoad(w io.Writer, sum *load.Summary) {
	fmt.Fprintf(w, "\nload probes on %s (tolerance: max(5%%, 1 QPS) of the documented limit)\n", sum.Target)
	for _, op := range sum.Operations {
		fmt.Fprintf(w, "  %-32s documented %3d  sustained %6.1f  %s", op.Operation, op.DocumentedQPS, op.SustainedQPS, strings.ToUpper(op.Verdict))
		if op.Note != "" {
			fmt.Fprintf(w, "  (%s)", op.Note)
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "      burst %d, window %gs, shape %s: %s\n", op.Burst, op.WindowS, op.Shape, op.ShapeWhy)
		if h := op.Headers; h != nil {
			agree := "agree"
			if !h.Agree {
				agree = "do not agree"
			}
			fmt.Fprintf(w, "      headers %s: %s (%s)\n", h.Example, agree, h.Why)
		} else {
			fmt.Fprintln(w, "      headers: none")
		}
		fmt.Fprintf(w, "      spent %d throttled of %d requests in %.1fs\n", op.Throttled, op.Requests, op.Seconds)
	}
}

func findLimits(ctx context.Context, e Output, cfg load.Config) error {
	ops := cfg.Operations
	if len(ops) == 0 {
		ops = load.BriefOperations
	}
	for _, op := range ops {
		cfg.Operations = []string{op}
		res, err := load.Search(ctx, cfg)
		if err != nil {
			return loadFailed(ctx, e, nil, err)
		}
		fmt.Fprintf(e.Stdout, "%-32s enforced limit ≈ %.1f rps (documented %d), burst %d, window %gs, shape %s; %d throttled of %d requests in %.1fs\n",
			op, res.SustainedQPS, res.DocumentedQPS, res.Burst, res.WindowS, res.Shape, res.Throttled, res.Requests, res.Seconds)
		if res.Untrusted != "" {
			fmt.Fprintf(e.Stdout, "%-32s could not be trusted: %s\n", "", res.Untrusted)
		}
	}
	return nil
}

// loadFailed prints what was measured before err and exits 2: the probes
// could not measure (transport faults: errors.Is(err, aliyun.ErrTransport)),
// the --deadline passed, or they could not start.
func loadFailed(ctx context.Context, e Output, sum *load.Summary, err error) error {
	if sum != nil && len(sum.Operations) > 0 {
		printLoad(e.Stdout, sum)
	}
	switch {
	case stopped(ctx) != "":
		return fail(e, StatusCouldNotRun, "%s: the load probes stopped: %v", stopped(ctx), err)
	case errors.Is(err, load.ErrCouldNotMeasure):
		return fail(e, StatusCouldNotRun, "%v", err) // "could not measure ...", with the cause and count
	case errors.Is(err, aliyun.ErrTransport):
		return fail(e, StatusCouldNotRun, "could not measure: %v", err)
	}
	return fail(e, StatusCouldNotRun, "%v", err)
}

// runProfile is livemsg load --profile FILE.
func (l Load) runProfile(ctx context.Context, e Output) error {
	cfg := l.Probes
	if len(cfg.Operations) > 0 || l.FindLimit || cfg.MaxThrottled > 0 {
		return fail(e, StatusCouldNotRun, "--profile runs the profile's mix and thresholds: --op, --find-limit and --max-throttled do not apply")
	}
	pr := profileRun{path: l.Profile, dir: load.ProfileDir(cfg.OutDir), appID: cfg.AppID, allowReal: cfg.AllowReal, maxRequests: cfg.MaxRequests}
	if cfg.OutDir == "" {
		return fail(e, StatusCouldNotRun, "--profile needs an output folder (--out DIR)")
	}
	p, err := pr.readProfile(e, l.Target.Kind == target.Real)
	if err != nil {
		return err
	}
	ctx, t, stop, err := start(ctx, e, l.Target, l.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	_, err = pr.run(ctx, e, t, p, l.Args)
	printRetries(e.Stdout, t)
	if Status(err) != StatusCouldNotRun && budgetSpent(t) != "" {
		return retriesFailed(e, t)
	}
	return err
}
