package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/livemsg/livemsg/steps"
)

// runSteps lists the step expressions a feature file may use, each with an
// example.
func runSteps(_ context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("steps", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the list as JSON: expression, source, keyword, example, from")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: livemsg steps [--json]\n\nLists every step your own feature files may use (livemsg contract --features DIR),\nGiven, When then Then, each with an example taken from the built-in features.\nA quoted \"alias\" names a group (or app) the scenario makes; it gets a unique id.\n\nFlags:")
		fs.PrintDefaults()
	}
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fs, e, "takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	defs, err := steps.Definitions()
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	steps.SortByKeyword(defs)
	if *asJSON {
		b, _ := json.MarshalIndent(defs, "", "  ")
		fmt.Fprintln(e.Stdout, string(b))
		return nil
	}
	kw := ""
	for _, d := range defs {
		if d.Keyword != kw {
			kw = d.Keyword
			fmt.Fprintf(e.Stdout, "\n%s\n", kw)
		}
		fmt.Fprintf(e.Stdout, "  %s\n      e.g. %s    (%s)\n", d.Expression, d.Example, d.From)
	}
	return nil
}
