// Command livemsg is the contract-testing and load-testing harness for the
// Live interactive-messaging API, with its emulator. It only wires flags to
// the packages; see the README for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1 // a check failed
	exitUsage  = 2 // usage, configuration, unreachable target
)

// env is what a command sees of the world, so tests can run it in-process.
type env struct {
	stdout, stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) int
}

var commands = map[string]command{
	"call":     {"one signed call, the exchange printed redacted", runCall},
	"mock":     {"start the emulator", runMock},
	"contract": {"run the Gherkin contract suite", runContract},
	"load":     {"measure each operation's enforced QPS limit", runLoad},
	"repro":    {"run the scenarios that reproduce an error code, verbosely", runRepro},
	"run":      {"contract suite + load probes + HTML report", runAll},
	"cleanup":  {"delete what an interrupted real-target run left (from its journal)", runCleanup},
	"explore":  {"random operation sequences against a target, the emulator as the oracle", runExplore},
	"parity":   {"replay recorded exchanges against the emulator and list every difference", runParity},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(dispatch(ctx, env{stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}

func dispatch(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "livemsg: unknown command %q (run livemsg --help)\n", args[0])
		return exitUsage
	}
	return cmd.run(ctx, e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "livemsg: contract and load testing for the Live interactive-messaging API, with its emulator.")
	fmt.Fprintln(w, "\nUsage: livemsg COMMAND [flags] (livemsg COMMAND --help for its flags)\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nExit status: 0 all held, 1 a check failed, 2 the command could not run.")
}

// parseFlags parses args with fs; it reports a usage error (exit 2) or
// --help (exit 0) through done.
func parseFlags(fs *flag.FlagSet, e env, args []string) (code int, done bool) {
	fs.SetOutput(e.stderr)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(e.stdout)
		fs.Usage()
		return exitOK, true
	}
	if err != nil {
		return exitUsage, true
	}
	return 0, false
}

// fail prints one line to stderr and returns the exit status.
func fail(e env, code int, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "livemsg: "+format+"\n", args...)
	return code
}
