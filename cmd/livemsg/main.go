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
	"strings"
	"syscall"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/harness"
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
	e = env{Stdout: stdout, Stderr: stderr, TTY: e.Stderr}
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

// parseFlags parses args with fs, flags anywhere on the line (before,
// between or after the positionals; "--" ends them); it reports a usage
// error (exit 2: the error, a suggestion when a flag is misspelt, and the
// one-line usage on stderr) or --help (exit 0, the full usage once, on
// stdout) through done, with the error to return.
func parseFlags(fs *flag.FlagSet, e env, args []string) (done bool, err error) {
	args, unknown := interleave(fs, args)
	if unknown != "" {
		msg := "unknown flag --" + unknown
		if near := harness.Nearest(unknown, flagNames(fs)); near != "" {
			msg += "; did you mean --" + near + "?"
		}
		return true, usageError(fs, e, "%s", msg)
	}
	usage := fs.Usage
	fs.Usage = func() {} // flag.Parse calls it on -help and on errors: printed below, once
	fs.SetOutput(io.Discard)
	err = fs.Parse(args)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(e.Stdout)
		fs.Usage()
		return true, nil
	}
	if err != nil {
		return true, usageError(fs, e, "%v", err)
	}
	fs.SetOutput(e.Stderr)
	return false, nil
}

// interleave moves the flags of args before its positionals, so flags may
// come anywhere: a flag that takes a value (every one but the booleans)
// takes the next argument unless written --name=value; "--" ends the flags.
// It returns the first flag fs does not define (help aside), without dashes.
func interleave(fs *flag.FlagSet, args []string) (out []string, unknown string) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name, _, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			if name != "h" && name != "help" && unknown == "" {
				unknown = name
			}
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); hasValue || ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(append(flags, "--"), pos...), unknown
}

// flagNames lists the flags fs defines.
func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// usageLine is the first line of fs's usage, without "Usage: ".
func usageLine(fs *flag.FlagSet) string {
	var b strings.Builder
	out := fs.Output()
	fs.SetOutput(&b)
	fs.Usage()
	fs.SetOutput(out)
	line, _, _ := strings.Cut(b.String(), "\n")
	return strings.TrimPrefix(line, "Usage: ")
}

// usageError prints "livemsg CMD: what was wrong" and the one-line usage
// to stderr and returns exit 2; the full usage is only for --help.
func usageError(fs *flag.FlagSet, e env, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(e.Stderr, "livemsg %s: %s\n", fs.Name(), msg)
	fmt.Fprintf(e.Stderr, "usage: %s; livemsg %s --help for more\n", usageLine(fs), fs.Name())
	return &harness.ExitError{Code: exitUsage, Err: errors.New(msg)}
}

// setUsage gives fs a usage: text, the flags, the exit statuses.
func setUsage(fs *flag.FlagSet, text string) {
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, text+"\n\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(w, "\n"+exitHelp)
	}
}

// fail prints one line to stderr and returns it with the exit status.
func fail(e env, code int, format string, args ...any) error {
	return harness.Failf(e, code, format, args...)
}

// noArgs refuses positionals for a command that takes none (a flag
// value written apart from a boolean flag lands there).
func noArgs(fs *flag.FlagSet, e env) (bool, error) {
	if fs.NArg() == 0 {
		return false, nil
	}
	return true, usageError(fs, e, "takes no arguments, got %q", strings.Join(fs.Args(), " "))
}

// didYouMean is "; did you mean X?" for the nearest candidate, or "".
func didYouMean(word string, candidates []string) string {
	if n := harness.Nearest(word, candidates); n != "" {
		return "; did you mean " + n + "?"
	}
	return ""
}
