package main

import (
	"context"
	"flag"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/livemsg/livemsg/features"
	"github.com/livemsg/livemsg/steps"
)

func runRepro(ctx context.Context, e env, args []string) error {
	fset := flag.NewFlagSet("repro", flag.ContinueOnError)
	var sf suiteFlags
	sf.register(fset)
	sf.builtin = true
	setUsage(fset, `Usage: livemsg repro [flags] CODE

Runs the scenarios tagged @code:CODE and prints, per scenario and whole when
it ends: a heading, the setup (the emulator's admin API calls included),
every exchange (redacted), the exchange that produced the code marked with
its RequestId, and a livemsg call line that sends it again (or why call
cannot). --tags narrows them further; a selection that runs nothing exits 2.
On a real target the same skips and consent as livemsg contract apply.`)
	if done, err := parseFlags(fset, e, args); done {
		return err
	}
	if fset.NArg() != 1 {
		return usageError(fset, e, "want one error code, got %d arguments", fset.NArg())
	}
	code := fset.Arg(0)
	known := reproducibleCodes()
	if !contains(known, code) {
		if near := nearest(code, known); near != "" {
			return fail(e, exitUsage, "no scenario reproduces %q; did you mean %s?", code, near)
		}
		return fail(e, exitUsage, "no scenario reproduces %q; known codes: %s", code, strings.Join(known, ", "))
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
	opts.ResultDir = commandDir(sf.out, "repro", code)
	opts.Tags = "@code:" + code
	if sf.tags != "" {
		opts.Tags += " && " + sf.tags
	}
	opts.Verbose = e.Stdout // each scenario's transcript is the progress
	printer := newReproPrinter(code, t)
	opts.Print = printer.print
	printer.note(e.Stdout)
	_, err = runSuite(ctx, e, t, opts)
	printRetries(e.Stdout, t)
	return err
}

var codeTag = regexp.MustCompile(`@code:(\S+)`)

// reproducibleCodes lists the codes some scenario is tagged with.
func reproducibleCodes() []string {
	set := map[string]bool{}
	names, _ := fs.Glob(features.FS, "*.feature")
	for _, n := range names {
		b, err := fs.ReadFile(features.FS, n)
		if err != nil {
			continue
		}
		for _, m := range codeTag.FindAllStringSubmatch(string(b), -1) {
			set[m[1]] = true
		}
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
