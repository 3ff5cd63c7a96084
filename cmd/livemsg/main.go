// Command livemsg is the contract-testing and load-testing harness for the
// Live interactive-messaging API, with its emulator. It only wires flags to
// the packages; see the README for the commands.
package main

//go:generate go test -count=1 -run TestCLIReference -update

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

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/cli"
)

// Exit statuses: harness's, mapped to os.Exit in main.
const (
	exitOK     = harness.StatusOK
	exitFailed = harness.StatusFailed      // a check failed: the provider departed from the contract or its limits
	exitUsage  = harness.StatusCouldNotRun // could not run: usage, configuration, empty selection, the target unreachable or not
	// answering like Alibaba, --timeout faults, the retry budget spent, --deadline passed, interrupted,
	// resources left behind
)

// exitHelp is the paragraph every --help ends with.
const exitHelp = `Exit status: 0 everything judged held; 1 a check failed (the provider departed
from the contract or its limits); 2 the command could not run or finish: bad usage
or configuration, a tag expression that selects nothing, a target that cannot be
reached, does not answer within --timeout or answers what is not an Alibaba answer
(one line names the cause and the count), the --retry-budget spent, --deadline
passed, Ctrl-C, or resources a real-target run could not delete (the livemsg
cleanup command is printed).`

// env is what a command sees of the world, so tests can run it in-process.
type env = harness.Output

type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

var commands = map[string]command{
	"call":      {"one signed call, the exchange printed redacted", runCall},
	"mock":      {"start the emulator", runMock},
	"contract":  {"run the Gherkin contract suite", runContract},
	"load":      {"measure each operation's enforced QPS limit, or run a traffic profile (--profile) against thresholds", runLoad},
	"repro":     {"run the scenarios that reproduce an error code, verbosely", runRepro},
	"run":       {"contract suite + load probes + HTML report", runAll},
	"steps":     {"list the steps your own feature files may use, each with an example", runSteps},
	"cleanup":   {"delete what an interrupted real-target run left (from its journal)", runCleanup},
	"version":   {"print the module version, commit and Go version", runVersion},
	"explore":   {"random operation sequences against a target, the emulator as the oracle", runExplore},
	"calibrate": {"write a calibration file from real-target runs' probes and recordings", runCalibrate},
	"verify":    {"replay an application's traffic (mock --record) on a real account and tell each answer that no longer matches", runVerify},
	"parity":    {"replay recorded exchanges against the emulator and list every difference", runParity},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(dispatch(ctx, env{Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}

// dispatch runs the command args name and returns its exit status: the
// one place an error becomes a number.
func dispatch(ctx context.Context, e env, args []string) int {
	err := runCommand(ctx, e, args)
	var ee *harness.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintf(e.Stderr, "livemsg: %v\n", err) // not said yet
	}
	return harness.Status(err)
}

func runCommand(ctx context.Context, e env, args []string) error {
	// the one redaction point for what is printed
	stdout, stderr := aliyun.RedactingWriter(e.Stdout), aliyun.RedactingWriter(e.Stderr)
	defer stderr.Flush()
	defer stdout.Flush()
	e = env{Stdout: stdout, Stderr: stderr, TTY: e.Stderr, Getenv: e.Getenv}
	if len(args) == 0 {
		usage(e.Stderr)
		return &harness.ExitError{Code: exitUsage, Err: errors.New("no command")}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		if args[0] == "help" && len(args) > 1 {
			if cmd, ok := commands[args[1]]; ok {
				return cmd.run(ctx, e, []string{"--help"})
			}
			return unknownCommand(e, args[1])
		}
		usage(e.Stdout)
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return unknownCommand(e, args[0])
	}
	return cmd.run(ctx, e, args[1:])
}

func unknownCommand(e env, name string) error {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	return fail(e, exitUsage, "unknown command %q%s (run livemsg --help)", name, didYouMean(name, names))
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
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\n"+exitHelp)
}

// parseFlags, usageError, setUsage, noArgs and didYouMean are the
// command line's one way with flags (package internal/cli).
func parseFlags(fs *flag.FlagSet, e env, args []string) (bool, error) {
	return cli.Parse(fs, e.Stdout, e.Stderr, args)
}

func usageError(fs *flag.FlagSet, e env, format string, args ...any) error {
	return cli.UsageError(fs, e.Stderr, format, args...)
}

func setUsage(fs *flag.FlagSet, text string) { cli.SetUsage(fs, text, exitHelp) }

func noArgs(fs *flag.FlagSet, e env) (bool, error) { return cli.NoArgs(fs, e.Stderr) }

func didYouMean(word string, candidates []string) string { return cli.DidYouMean(word, candidates) }

// fail prints one line to stderr and returns it with the exit status.
func fail(e env, code int, format string, args ...any) error {
	return harness.Failf(e, code, format, args...)
}
