package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/livemsg/livemsg/version"
)

// runVersion prints the build: module version, commit and Go version.
func runVersion(_ context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the build information as one JSON object")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: livemsg version [--json]\n\nPrints the module version, the commit it was built from and the Go version.")
		fs.PrintDefaults()
	}
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fs, e, "takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	in := version.Get()
	if *asJSON {
		b, _ := json.Marshal(in)
		fmt.Fprintln(e.Stdout, string(b))
		return nil
	}
	fmt.Fprintln(e.Stdout, in.String())
	return nil
}
