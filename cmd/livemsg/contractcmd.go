package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

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
	fs.BoolVar(&sf.allowOverLimit, harness.ConsentFlag, false, "on a real target, also run the scenarios that send bursts over an operation's limit (throttling); without it they are skipped")
	fs.StringVar(&sf.out, "out", "out", "output folder; each command writes under its own folder of it: contract to DIR/contract/,\nrun to DIR/run/, repro to DIR/repro/CODE/ (junit.xml, cucumber.json, results.json, the real-target journal)")
	fs.IntVar(&sf.concurrency, "concurrency", 0, "scenarios at once (0: 4 on an emulator, 1 on a real target)")
	fs.BoolVar(&sf.verbose, "verbose", false, "print a failed check whole, with testify's Error Trace (its Go stack frames)")
	fs.StringVar(&sf.record, "record", "", "record each scenario's exchanges as a cassette in DIR, for livemsg parity (see docs/recording.md)")
}

// job is the contract job the flags describe.
func (sf *suiteFlags) job() harness.Contract {
	return harness.Contract{Target: sf.spec(), Deadline: sf.deadline, Record: sf.record, Suite: steps.Options{
		Traces: sf.verbose, AppID: sf.appID, Tags: sf.tags, AllowExpensive: sf.allowExpensive,
		AllowOverLimit: sf.allowOverLimit, OutDir: sf.out, Concurrency: sf.concurrency,
		Features: sf.features, NoBuiltin: !sf.builtin,
	}}
}

// check refuses the suite's nonsense numbers, then the target's.
func (sf *suiteFlags) check() error {
	if sf.concurrency < 0 {
		return fmt.Errorf("--concurrency must be 1 or more (or 0 for the default), not %d", sf.concurrency)
	}
	return sf.targetFlags.check()
}

func runContract(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("contract", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fs)
	sf.registerFeatures(fs)
	setUsage(fs, `Usage: livemsg contract [flags]

Runs the Gherkin contract suite. On a real target @mock and @members
scenarios are skipped (they need the emulator's admin API: its clock,
faults, keys, or members joined), @expensive ones run only with
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
	if err := sf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return sf.job().Run(ctx, e)
}
