package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// Suite runs the scenarios of opts on t, writes results.json and prints
// the tally. Then, whatever happened: on a real target it deletes what a
// cancelled run left and lists whatever is still left with the cleanup
// command; a transport fault, an empty run, a cancellation or a leftover
// is exit 2, a failed scenario exit 1.
func Suite(ctx context.Context, e Output, t *target.Target, opts steps.Options) (*steps.Result, error) {
	res, err := steps.Run(ctx, opts)
	if err != nil {
		switch {
		case errors.Is(err, target.ErrConfig):
			return nil, fail(e, StatusCouldNotRun, "%s", trimConfig(err))
		case errors.Is(err, steps.ErrSelection):
			return nil, fail(e, StatusCouldNotRun, "%s", trimSelection(err))
		}
		return nil, fail(e, StatusCouldNotRun, "%v", err)
	}
	g := &Guard{t: t, path: res.Journal} // steps keeps the suite's journal
	g.deleteStopped(ctx, e)
	if dir := opts.FilesDir(); dir != "" {
		if err := writeJSON(filepath.Join(dir, "results.json"), res); err != nil {
			return nil, fail(e, StatusCouldNotRun, "%v", err)
		}
	}
	printSuite(e, t, res, opts)
	return res, g.Settle(ctx, e, judgeSuite(ctx, e, t, res))
}

// printSuite prints the failures, the tally, the skips and where the
// JUnit file is.
func printSuite(e Output, t *target.Target, res *steps.Result, opts steps.Options) {
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
}

// judgeSuite is the suite's outcome: a failed scenario is exit 1; a
// cancellation, a transport fault, a spent retry budget or nothing run is
// exit 2, its line printed.
func judgeSuite(ctx context.Context, e Output, t *target.Target, res *steps.Result) error {
	p, f, s := res.Counts()
	errs := res.Errors()
	var err error
	if !res.Passed {
		err = failed("a scenario failed")
	}
	if why := stopped(ctx); why != "" {
		err = fail(e, StatusCouldNotRun, "%s: %d of %d scenarios ran before it (%d passed, %d failed, %d errors); the rest are skipped",
			why, p+f+errs, p+f+s+errs, p, f, errs)
	}
	switch spent := budgetSpent(t); {
	case errs > 0 && spent != "":
		err = fail(e, StatusCouldNotRun, "could not run: %s; %d %s got no Alibaba answer (errors, not failures: nothing was judged there); %s",
			res.Diagnosis, errs, plural(errs, "scenario", "scenarios"), spent)
	case errs > 0:
		err = fail(e, StatusCouldNotRun, "could not run: %s; %d %s got no Alibaba answer (errors, not failures: nothing was judged there)",
			res.Diagnosis, errs, plural(errs, "scenario", "scenarios"))
	case spent != "":
		err = retriesFailed(e, t)
	}
	if p+f+errs == 0 && err == nil {
		err = fail(e, StatusCouldNotRun, "%s", nothingRan(res))
	}
	return err
}

// checkTags refuses, before anything runs, a tag expression that does not
// parse or that selects nothing, with a hint when a tag names an operation
// or a code that does not exist.
func checkTags(tags string) error {
	if err := steps.CheckTags(tags); err != nil {
		return errors.New(trimSelection(err))
	}
	return nil
}

func trimSelection(err error) string {
	s := strings.TrimPrefix(err.Error(), steps.ErrSelection.Error()+": ")
	if strings.Contains(s, "selects no scenario") {
		s += tagHint(s)
	}
	return s
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
