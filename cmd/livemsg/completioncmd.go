package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/completion"
)

// completion is registered here, not in the commands table: it reads the
// table, which would make a cycle of initialisation.
func init() {
	commands["completion"] = command{"print a shell completion script: livemsg completion bash|zsh|fish", runCompletion}
}

func runCompletion(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("completion", flag.ContinueOnError)
	setUsage(fs, `Usage: livemsg completion bash|zsh|fish

Prints a script that completes livemsg's commands, each command's flags,
operation names (call, --op, --qps, --throttle), call's Param= names for the
operation named, and repro's error codes, the lists taken from the contract
and the built-in features of this build. Load it with:
  bash: source <(livemsg completion bash)
  zsh:  source <(livemsg completion zsh)
  fish: livemsg completion fish | source`)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if fs.NArg() != 1 {
		return usageError(fs, e, "want one shell: bash, zsh or fish")
	}
	w := completionWords(ctx)
	switch fs.Arg(0) {
	case "bash":
		completion.Bash(e.Stdout, w, false)
	case "zsh":
		completion.Bash(e.Stdout, w, true)
	case "fish":
		completion.Fish(e.Stdout, w)
	default:
		return usageError(fs, e, "no completion for shell %q%s", fs.Arg(0), didYouMean(fs.Arg(0), []string{"bash", "zsh", "fish"}))
	}
	return nil
}

var defaultsLine = regexp.MustCompile(`^  -(\S+)( \S+)?`)

// completionWords gathers the words: each command's flags from its --help
// (so they cannot drift from it), the rest from the contract.
func completionWords(ctx context.Context) completion.Words {
	w := completion.Words{Flags: map[string][]string{}, Valued: map[string][]string{}, Params: map[string][]string{}}
	for name, cmd := range commands {
		w.Commands = append(w.Commands, name)
		if name == "completion" {
			continue
		}
		var out bytes.Buffer
		cmd.run(ctx, env{Stdout: &out, Stderr: io.Discard, TTY: io.Discard}, []string{"--help"})
		for _, line := range strings.Split(out.String(), "\n") {
			m := defaultsLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			w.Flags[name] = append(w.Flags[name], "--"+m[1])
			if m[2] != "" {
				w.Valued[name] = append(w.Valued[name], "--"+m[1])
			}
		}
		w.Flags[name] = append(w.Flags[name], "--help")
	}
	w.Flags["completion"] = []string{"--help"}
	sort.Strings(w.Commands)
	c := contract.Default()
	w.Ops = c.OperationNames()
	for _, op := range c.Operations() {
		for _, p := range op.Params {
			w.Params[op.Name] = append(w.Params[op.Name], p.Name+"=")
		}
	}
	w.Codes = harness.ReproducibleCodes()
	return w
}
