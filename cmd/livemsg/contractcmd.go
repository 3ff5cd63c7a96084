package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// suiteFlags are the flags of the commands that run scenarios.
type suiteFlags struct {
	targetFlags
	appID          string
	tags           string
	allowExpensive bool
	out            string
	concurrency    int
	record         string
}

func (sf *suiteFlags) register(fs *flag.FlagSet) {
	sf.targetFlags.register(fs)
	fs.StringVar(&sf.appID, "app-id", "", "app to work in on a real target (or "+target.EnvAppID+"); the suite never creates apps there")
	fs.StringVar(&sf.tags, "tags", "", "godog tag expression selecting scenarios, e.g. '@op:DeleteLiveMessageGroup && ~@expensive'")
	fs.BoolVar(&sf.allowExpensive, "allow-expensive", false, "on a real target, also run @expensive scenarios (the 5000-group cap)")
	fs.StringVar(&sf.out, "out", "out", "output folder: junit.xml, cucumber.json, results.json and the real-target journal go to DIR/contract/")
	fs.IntVar(&sf.concurrency, "concurrency", 0, "scenarios at once (0: 4 on an emulator, 1 on a real target)")
	fs.StringVar(&sf.record, "record", "", "record each scenario's exchanges as a cassette in DIR, for livemsg parity (see docs/recording.md)")
}

func (sf *suiteFlags) options(t *target.Target) steps.Options {
	opts := steps.Options{
		Target: t, AppID: target.AppID(sf.appID), Tags: sf.tags, AllowExpensive: sf.allowExpensive,
		OutDir: sf.out, Concurrency: sf.concurrency,
	}
	if sf.record != "" {
		opts.Record = scenarioRecorder(recordDir(sf.record, t))
	}
	return opts
}

func runContract(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("contract", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: livemsg contract [flags]\n\nRuns the Gherkin contract suite. On a real target @mock scenarios are skipped\n(they need the emulator's admin API) and @expensive ones run only with --allow-expensive.\nExit 0 when every scenario run passed, 1 when any failed, 2 when it could not run.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	t, code := sf.open(ctx, e)
	if t == nil {
		return code
	}
	defer t.Close()
	opts := sf.options(t)
	opts.Output = e.stdout
	_, code = runSuite(ctx, e, t, opts)
	return code
}

// runSuite runs the scenarios, writes results.json, prints the tally and,
// when interrupted on a real target, cleans up from the journal.
func runSuite(ctx context.Context, e env, t *target.Target, opts steps.Options) (*steps.Result, int) {
	res, err := steps.Run(ctx, opts)
	if res != nil && res.Journal != "" && ctx.Err() != nil {
		n, cerr := steps.Cleanup(context.WithoutCancel(ctx), t.Client, res.Journal)
		fmt.Fprintf(e.stderr, "livemsg: interrupted: deleted %d groups left by the run (journal %s)\n", n, res.Journal)
		if cerr != nil {
			fmt.Fprintf(e.stderr, "livemsg: cleanup incomplete: %v; run livemsg cleanup --journal %s\n", cerr, res.Journal)
		}
	}
	if err != nil {
		if errors.Is(err, target.ErrConfig) {
			return nil, fail(e, exitUsage, "%s", trimConfig(err))
		}
		return nil, fail(e, exitUsage, "%v", err)
	}
	if opts.OutDir != "" {
		if err := writeJSON(filepath.Join(opts.OutDir, "contract", "results.json"), res); err != nil {
			return nil, fail(e, exitUsage, "%v", err)
		}
	}
	p, f, s := res.Counts()
	fmt.Fprintf(e.stdout, "\ncontract suite on %s: %d scenarios, %d passed, %d failed, %d skipped in %.2fs\n",
		t.Describe(), p+f+s, p, f, s, res.Duration.Seconds())
	if opts.OutDir != "" {
		fmt.Fprintf(e.stdout, "JUnit: %s\n", filepath.Join(opts.OutDir, "contract", "junit.xml"))
	}
	if ctx.Err() != nil {
		return res, exitUsage
	}
	if !res.Passed {
		return res, exitFailed
	}
	return res, exitOK
}

func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
