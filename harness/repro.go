package harness

import (
	"context"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/livemsg/livemsg/features"
)

var codeTag = regexp.MustCompile(`@code:(\S+)`)

// ReproducibleCodes lists the codes some scenario is tagged with.
func ReproducibleCodes() []string {
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

// Repro runs the scenarios that reproduce an error code and prints each
// whole (the setup, every exchange, the one that produced the code, a
// livemsg call line that sends it again), as livemsg repro does.
type Repro struct {
	Contract        // the suite's target and options; Suite.Tags narrows the scenarios further
	Code     string // the error code
}

// Run refuses a code no scenario reproduces, then runs the scenarios
// tagged @code:Code: the exit status is the suite's.
func (r Repro) Run(ctx context.Context, e Output) error {
	known := ReproducibleCodes()
	if !slices.Contains(known, r.Code) {
		if near := Nearest(r.Code, known); near != "" {
			return fail(e, StatusCouldNotRun, "no scenario reproduces %q; did you mean %s?", r.Code, near)
		}
		return fail(e, StatusCouldNotRun, "no scenario reproduces %q; known codes: %s", r.Code, strings.Join(known, ", "))
	}
	if err := r.check(e); err != nil {
		return err
	}
	ctx, t, stop, err := start(ctx, e, r.Target, r.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	opts := r.options(t)
	opts.ResultDir = commandDir(r.Suite.OutDir, "repro", r.Code)
	opts.Tags = "@code:" + r.Code
	if r.Suite.Tags != "" {
		opts.Tags += " && " + r.Suite.Tags
	}
	opts.Verbose = e.Stdout // each scenario's transcript is the progress
	printer := newReproPrinter(r.Code, t)
	opts.Print = printer.print
	printer.note(e.Stdout)
	_, err = Suite(ctx, e, t, opts)
	printRetries(e.Stdout, t)
	return err
}
