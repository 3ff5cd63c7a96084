package harness

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
)

// Explore draws random operation sequences from the contract, runs each
// call against the target and, in lockstep, against a fresh in-process
// emulator, and shrinks the first divergence to a minimal sequence, as
// livemsg explore does.
type Explore struct {
	Target target.Spec
	// Sequences configures the draw: Budget, MaxSteps, Seed, MaxRequests,
	// ShrinkTime, AppID. Run sets the rest.
	Sequences explore.Config
	NoPace    bool   // with an external emulator: do not pace calls
	Consent   bool   // on a real target, allow a plan over the default bounds
	Record    string // a folder to record each sequence in, as cassettes ("" none)
	OutDir    string // the divergence script and the real-target journal go to OutDir/explore/
}

// Run explores: exit 0 no divergence, 1 a divergence (printed as livemsg
// call lines and saved as a script), 2 could not run or groups are left.
func (x Explore) Run(ctx context.Context, e Output) error {
	if err := MissingReal(x.Target.Kind, Needs{AppID: true}, Given{AppID: x.Sequences.AppID, Getenv: e.Getenv}); err != nil {
		return fail(e, StatusCouldNotRun, "%v: explore never creates apps there", err)
	}
	spec := x.Target
	if spec.Kind == target.Mock && spec.Endpoint == "" {
		for _, op := range contract.Default().OperationNames() {
			spec.MockOptions = append(spec.MockOptions, mock.WithQPS(op, 0)) // not paced: throttling is the load probes' business
		}
	}
	ctx, t, stop, err := start(ctx, e, spec, 0) // explore has no --deadline of its own
	if err != nil {
		return err
	}
	defer stop()
	cfg := x.Sequences
	cfg.Target, cfg.Admin, cfg.Real, cfg.Pace, cfg.Log = t.Client, t.Admin, t.IsReal(), t.Embedded == nil && !x.NoPace, e.Stderr
	cfg.AppID = "" // an app only on a real target: the emulator's are made per sequence
	dir := filepath.Join(x.OutDir, "explore")
	if err := x.allow(e, t, &cfg); err != nil {
		return err
	}
	// the folder only once the run is allowed: a refused one writes nothing
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	guard, err := NewGuard(t, filepath.Join(dir, "journal.jsonl"))
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	defer guard.Close()
	if j := guard.Journal(); j != nil {
		cfg.Journal = j
	}
	res, err := x.explore(ctx, e, t, cfg, dir)
	left := guard.Settle(ctx, e, nil) // groups left on the real account (or that may be): exit 2, as every real-target run
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	return x.judge(ctx, e, t, dir, res, left)
}

// allow checks, on a real target, the app and the plan against the
// default bounds (over them only with Consent), printing the plan.
func (x Explore) allow(e Output, t *target.Target, cfg *explore.Config) error {
	if !t.IsReal() {
		return nil
	}
	if cfg.AppID = t.AppID(x.Sequences.AppID); cfg.AppID == "" {
		return fail(e, StatusCouldNotRun, "a real target needs --app-id (or %s): explore never creates apps there", target.EnvAppID)
	}
	plan := explore.PlanFor(contract.Default(), cfg.Budget, cfg.MaxSteps)
	def := explore.PlanFor(contract.Default(), explore.DefaultBudget, explore.DefaultMaxSteps)
	fmt.Fprintf(e.Stdout, "plan: %s\n", plan)
	if (plan.Worst > def.Worst || cfg.MaxRequests > 2*plan.Requests) && !x.Consent {
		return fail(e, StatusCouldNotRun, "this plan goes over the default bounds (%s of pacing, %d calls): pass --%s", def.Worst, 2*def.Requests, ConsentFlag)
	}
	return nil
}

// explore runs the sequences, recording them with Record, and prints
// what it sent.
func (x Explore) explore(ctx context.Context, e Output, t *target.Target, cfg explore.Config, dir string) (*explore.Result, error) {
	var rec *cassette.Dir
	if x.Record != "" {
		rec = recordDir(x.Record, t)
		cfg.Record = func(name string, base http.RoundTripper) (http.RoundTripper, func(string, string)) {
			return rec.Transport(cassette.KindSequence, name, nil, base)
		}
	}
	start := time.Now()
	res, err := explore.Run(ctx, cfg)
	if res != nil {
		fmt.Fprintf(e.Stdout, "explore on %s: %d sequences, %d calls to the target in %s (seed %d; rerun with --seed %d)\n",
			t.Describe(), res.Sequences, res.Requests, time.Since(start).Round(time.Millisecond), res.Seed, res.Seed)
	}
	if res != nil && res.Coverage != nil {
		res.Coverage.Print(e.Stdout)
		if err := res.Coverage.WriteFile(filepath.Join(dir, "coverage.json")); err != nil {
			fmt.Fprintf(e.Stderr, "livemsg: coverage not saved: %v\n", err)
		}
	}
	if rec != nil {
		if rerr := rec.Err(); rerr != nil {
			fmt.Fprintf(e.Stderr, "livemsg: some cassettes were not written: %v\n", rerr)
		}
		fmt.Fprintf(e.Stdout, "cassettes: %s (livemsg parity %s)\n", x.Record, x.Record)
	}
	return res, err
}

// judge prints the divergence, saves its script in dir, and weighs the
// groups left (left) over it.
func (x Explore) judge(ctx context.Context, e Output, t *target.Target, dir string, res *explore.Result, left error) error {
	if res.Stopped != "" {
		fmt.Fprintf(e.Stdout, "stopped early: %s\n", res.Stopped)
	}
	if res.Divergence == nil {
		fmt.Fprintln(e.Stdout, "no divergence: the target answered as the emulator did")
		if left != nil {
			return left
		}
		if ctx.Err() != nil {
			return couldNotRun(res.Stopped)
		}
		return nil
	}
	flags := "--target " + t.Kind
	if t.Embedded == nil {
		flags += " --endpoint " + t.Endpoint
	}
	res.Divergence.Report(e.Stdout, flags)
	script := filepath.Join(dir, fmt.Sprintf("divergence-%d.sh", res.Seed))
	body := explore.Script(res.Divergence.Steps[:res.Divergence.At+1], flags, res.Divergence.TargetApp)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	fmt.Fprintf(e.Stdout, "\nsaved: %s\n", script)
	if left != nil {
		return left
	}
	return failed("the target diverged from the emulator")
}
