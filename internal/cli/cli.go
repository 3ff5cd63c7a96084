// Package cli is the command line's flag handling, the same for every
// command of livemsg: flags anywhere on the line, a misspelt flag named
// with the nearest one, a usage error as one line and the one-line usage,
// --help as the full usage on stdout.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/livemsg/livemsg/harness"
)

// Parse parses args with fs, flags anywhere on the line (before, between
// or after the positionals; "--" ends them); it reports a usage error
// (exit 2: the error, a suggestion when a flag is misspelt, and the
// one-line usage on stderr) or --help (exit 0, the full usage once, on
// stdout) through done, with the error to return.
func Parse(fs *flag.FlagSet, stdout, stderr io.Writer, args []string) (done bool, err error) {
	args, unknown := Interleave(fs, args)
	if unknown != "" {
		msg := "unknown flag --" + unknown
		if near := harness.Nearest(unknown, Names(fs)); near != "" {
			msg += "; did you mean --" + near + "?"
		}
		return true, UsageError(fs, stderr, "%s", msg)
	}
	usage := fs.Usage
	fs.Usage = func() {} // flag.Parse calls it on -help and on errors: printed below, once
	fs.SetOutput(io.Discard)
	err = fs.Parse(args)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return true, nil
	}
	if err != nil {
		return true, UsageError(fs, stderr, "%v", err)
	}
	fs.SetOutput(stderr)
	return false, nil
}

// Interleave moves the flags of args before its positionals, so flags may
// come anywhere: a flag that takes a value (every one but the booleans)
// takes the next argument unless written --name=value; "--" ends the flags.
// It returns the first flag fs does not define (help aside), without dashes.
func Interleave(fs *flag.FlagSet, args []string) (out []string, unknown string) {
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

// Names lists the flags fs defines.
func Names(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// UsageLine is the first line of fs's usage, without "Usage: ".
func UsageLine(fs *flag.FlagSet) string {
	var b strings.Builder
	out := fs.Output()
	fs.SetOutput(&b)
	fs.Usage()
	fs.SetOutput(out)
	line, _, _ := strings.Cut(b.String(), "\n")
	return strings.TrimPrefix(line, "Usage: ")
}

// UsageError prints "livemsg CMD: what was wrong" and the one-line usage
// to stderr and returns exit 2; the full usage is only for --help.
func UsageError(fs *flag.FlagSet, stderr io.Writer, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(stderr, "livemsg %s: %s\n", fs.Name(), msg)
	fmt.Fprintf(stderr, "usage: %s; livemsg %s --help for more\n", UsageLine(fs), fs.Name())
	return &harness.ExitError{Code: harness.StatusCouldNotRun, Err: errors.New(msg)}
}

// SetUsage gives fs a usage: text, the flags, then footer.
func SetUsage(fs *flag.FlagSet, text, footer string) {
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, text+"\n\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(w, "\n"+footer)
	}
}

// NoArgs refuses positionals for a command that takes none (a flag value
// written apart from a boolean flag lands there).
func NoArgs(fs *flag.FlagSet, stderr io.Writer) (bool, error) {
	if fs.NArg() == 0 {
		return false, nil
	}
	return true, UsageError(fs, stderr, "takes no arguments, got %q", strings.Join(fs.Args(), " "))
}

// DidYouMean is "; did you mean X?" for the nearest candidate, or "".
func DidYouMean(word string, candidates []string) string {
	if n := harness.Nearest(word, candidates); n != "" {
		return "; did you mean " + n + "?"
	}
	return ""
}
