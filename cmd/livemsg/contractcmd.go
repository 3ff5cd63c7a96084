package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/harness"

	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// suiteFlags are the flags of the commands that run scenarios.
type suiteFlags struct {
	targetFlags
	appID          string
	tags           string
	allowExpensive bool
	allowOverLimit bool
	out            string
	concurrency    int
	features       dirFlags
	builtin        bool
	record         string
	verbose        bool
}

// dirFlags collects repeated --features DIR.
type dirFlags []string

func (d *dirFlags) String() string { return strings.Join(*d, ",") }
func (d *dirFlags) Set(v string) error {
	if v == "" {
		return fmt.Errorf("want a folder (or a .feature file)")
	}
	*d = append(*d, v)
	return nil
}

// registerFeatures adds the flags that choose the feature files: the
// user's own, with or instead of the built-in ones.
func (sf *suiteFlags) registerFeatures(fs *flag.FlagSet) {
	fs.Var(&sf.features, "features", "a folder (or file) of your own .feature files to run on the same steps (repeatable; livemsg steps lists them)")
	fs.BoolVar(&sf.builtin, "builtin", true, "run the built-in features too; --builtin=false runs only --features")
}

func (sf *suiteFlags) register(fs *flag.FlagSet) {
	sf.targetFlags.register(fs)
	fs.StringVar(&sf.appID, "app-id", "", "app to work in on a real target (or "+target.EnvAppID+"); the suite never creates apps there")
	fs.StringVar(&sf.tags, "tags", "", "godog tag expression selecting scenarios, e.g. '@op:DeleteLiveMessageGroup && ~@expensive'")
	fs.BoolVar(&sf.allowExpensive, "allow-expensive", false, "on a real target, also run @expensive scenarios (the 5000-group cap)")
	fs.BoolVar(&sf.allowOverLimit, consentFlag, false, "on a real target, also run the scenarios that send bursts over an operation's limit (throttling); without it they are skipped")
	fs.StringVar(&sf.out, "out", "out", "output folder; each command writes under its own folder of it: contract to DIR/contract/,\nrun to DIR/run/, repro to DIR/repro/CODE/ (junit.xml, cucumber.json, results.json, the real-target journal)")
	fs.IntVar(&sf.concurrency, "concurrency", 0, "scenarios at once (0: 4 on an emulator, 1 on a real target)")
	fs.BoolVar(&sf.verbose, "verbose", false, "print a failed check whole, with testify's Error Trace (its Go stack frames)")
	fs.StringVar(&sf.record, "record", "", "record each scenario's exchanges as a cassette in DIR, for livemsg parity (see docs/recording.md)")
}

func (sf *suiteFlags) options(t *target.Target) steps.Options {
	opts := steps.Options{
		Traces: sf.verbose,
		Target: t, AppID: target.AppID(sf.appID), Tags: sf.tags, AllowExpensive: sf.allowExpensive,
		AllowOverLimit: sf.allowOverLimit, OutDir: sf.out, Concurrency: sf.concurrency,
		Features: sf.features, NoBuiltin: !sf.builtin,
	}
	if sf.record != "" {
		opts.Record = scenarioRecorder(recordDir(sf.record, t))
	}
	return opts
}

// open checks the suite's own numbers, then resolves the target as
// targetFlags.open does; a configuration error is printed and exit 2.
func (sf *suiteFlags) open(ctx context.Context, e env) (*target.Target, error) {
	if sf.concurrency < 0 {
		return nil, fail(e, exitUsage, "--concurrency must be 1 or more (or 0 for the default), not %d", sf.concurrency)
	}
	return sf.targetFlags.open(ctx, e)
}

// consentFlag acknowledges over-limit calls to a real account.
const consentFlag = "i-know-this-calls-the-real-service"

func runContract(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("contract", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fs)
	sf.registerFeatures(fs)
	setUsage(fs, `Usage: livemsg contract [flags]

Runs the Gherkin contract suite. On a real target @mock scenarios are skipped
(they need the emulator's admin API), @expensive ones run only with
--allow-expensive and the throttling scenarios (bursts over an operation's
limit) only with --i-know-this-calls-the-real-service; each skip says why.
Your own feature files run on the same steps with --features DIR (with the
built-in ones, or alone with --builtin=false); livemsg steps lists the steps
they may use.
A call safe to repeat (a read, a delete, an unmute...; never a create) that
got no Alibaba answer, or a transient one, is sent again (--retries, within
--retry-budget for the run; the last line says what was resent, docs/retries.md).
A scenario that still got no Alibaba answer (transport fault) is an error, not
a failure: the run then exits 2 with one line naming the cause and the count.
Writes DIR/contract/junit.xml, cucumber.json and results.json.
Exit 0 when every scenario run passed, 1 when any failed, 2 when it could not run.`)
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
	ctx, cancel := sf.bound(ctx)
	defer cancel()
	t, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer t.Close()
	opts := sf.options(t)
	opts.Output = e.Stdout
	_, err = runSuite(ctx, e, t, opts)
	printRetries(e.Stdout, t)
	return err
}

func trimSelection(err error) string {
	s := strings.TrimPrefix(err.Error(), steps.ErrSelection.Error()+": ")
	if strings.Contains(s, "selects no scenario") {
		s += tagHint(s)
	}
	return s
}

// runSuite runs the scenarios, writes results.json and prints the tally.
// Then, whatever happened: on a real target it deletes what a cancelled
// run left and lists whatever is still left with the cleanup command; a
// transport fault, an empty run, a cancellation or a leftover is exit 2.
func runSuite(ctx context.Context, e env, t *target.Target, opts steps.Options) (*steps.Result, error) {
	res, err := steps.Run(ctx, opts)
	if err != nil {
		switch {
		case errors.Is(err, target.ErrConfig):
			return nil, fail(e, exitUsage, "%s", trimConfig(err))
		case errors.Is(err, steps.ErrSelection):
			return nil, fail(e, exitUsage, "%s", trimSelection(err))
		}
		return nil, fail(e, exitUsage, "%v", err)
	}
	if why := stopped(ctx); why != "" && res.Journal != "" {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupBound(t))
		n := 0
		if cr, _ := steps.Cleanup(cctx, t.Client, res.Journal); cr != nil {
			n = len(cr.Deleted)
		}
		cancel()
		fmt.Fprintf(e.Stderr, "livemsg: %s: deleted %d groups the run left\n", why, n)
	}
	if dir := opts.FilesDir(); dir != "" {
		if err := writeJSON(filepath.Join(dir, "results.json"), res); err != nil {
			return nil, fail(e, exitUsage, "%v", err)
		}
	}
	p, f, s := res.Counts()
	errs := res.Errors()
	printFailures(e.Stdout, t, res, opts.Traces)
	fmt.Fprintf(e.Stdout, "\ncontract suite on %s: %d scenarios, %d passed, %d failed, %d errors, %d skipped in %.2fs\n",
		t.Describe(), p+f+s+errs, p, f, errs, s, res.Duration.Seconds())
	printSkips(e.Stdout, res)
	if dir := opts.FilesDir(); dir != "" {
		fmt.Fprintf(e.Stdout, "JUnit: %s\n", filepath.Join(dir, "junit.xml"))
	}
	if n := undefinedSteps(res); n > 0 {
		fmt.Fprintf(e.Stderr, "livemsg: %d scenarios use a step livemsg does not define (the nearest are above); livemsg steps lists the steps, each with an example\n", n)
	}
	err = nil
	if !res.Passed {
		err = harness.Failed("a scenario failed")
	}
	if why := stopped(ctx); why != "" {
		err = fail(e, exitUsage, "%s: %d of %d scenarios ran before it (%d passed, %d failed, %d errors); the rest are skipped",
			why, p+f+errs, p+f+s+errs, p, f, errs)
	}
	switch spent := budgetSpent(t); {
	case errs > 0 && spent != "":
		err = fail(e, exitUsage, "could not run: %s; %d %s got no Alibaba answer (errors, not failures: nothing was judged there); %s",
			res.Diagnosis, errs, plural(errs, "scenario", "scenarios"), spent)
	case errs > 0:
		err = fail(e, exitUsage, "could not run: %s; %d %s got no Alibaba answer (errors, not failures: nothing was judged there)",
			res.Diagnosis, errs, plural(errs, "scenario", "scenarios"))
	case spent != "":
		err = retriesFailed(e, t)
	}
	if p+f+errs == 0 && err == nil {
		err = fail(e, exitUsage, "%s", nothingRan(res))
	}
	if res.Journal != "" {
		if n := reportLeftovers(ctx, e, t, res.Journal); n > 0 {
			err = harness.CouldNotRun(fmt.Sprintf("%d %s left on the account", n, plural(n, "group", "groups")))
		}
	}
	return res, err
}

// cleanupBound bounds the cleanup after a cancelled run: a few calls' worth.
func cleanupBound(t *target.Target) time.Duration {
	return max(30*time.Second, 3*t.Client.Timeout())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(aliyun.RedactText(string(b))+"\n"), 0o644)
}

// undefinedSteps counts the scenarios that failed on a step no definition
// matches (a typo in a user's feature file, most often).
func undefinedSteps(res *steps.Result) int {
	n := 0
	for _, s := range res.Scenarios {
		if s.Status == steps.StatusFailed && undefined(s) {
			n++
		}
	}
	return n
}
