package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/harness"
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
		writeBash(e.Stdout, w, false)
	case "zsh":
		writeBash(e.Stdout, w, true)
	case "fish":
		writeFish(e.Stdout, w)
	default:
		return usageError(fs, e, "no completion for shell %q%s", fs.Arg(0), didYouMean(fs.Arg(0), []string{"bash", "zsh", "fish"}))
	}
	return nil
}

// words are what the scripts complete.
type words struct {
	commands []string
	flags    map[string][]string // per command: every flag, "--name"
	valued   map[string][]string // per command: the flags that take a value
	ops      []string
	params   map[string][]string // per operation: "Name="
	codes    []string
}

var defaultsLine = regexp.MustCompile(`^  -(\S+)( \S+)?`)

// completionWords gathers the words: each command's flags from its --help
// (so they cannot drift from it), the rest from the contract.
func completionWords(ctx context.Context) words {
	w := words{flags: map[string][]string{}, valued: map[string][]string{}, params: map[string][]string{}}
	for name, cmd := range commands {
		w.commands = append(w.commands, name)
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
			w.flags[name] = append(w.flags[name], "--"+m[1])
			if m[2] != "" {
				w.valued[name] = append(w.valued[name], "--"+m[1])
			}
		}
		w.flags[name] = append(w.flags[name], "--help")
	}
	w.flags["completion"] = []string{"--help"}
	sort.Strings(w.commands)
	c := contract.Default()
	w.ops = c.OperationNames()
	for _, op := range c.Operations() {
		for _, p := range op.Params {
			w.params[op.Name] = append(w.params[op.Name], p.Name+"=")
		}
	}
	w.codes = harness.ReproducibleCodes()
	return w
}

func writeBash(out io.Writer, w words, zsh bool) {
	var b strings.Builder
	if zsh {
		b.WriteString("# zsh completion for livemsg: source <(livemsg completion zsh)\n")
		b.WriteString("autoload -U +X bashcompinit && bashcompinit\n")
	} else {
		b.WriteString("# bash completion for livemsg: source <(livemsg completion bash)\n")
	}
	b.WriteString("_livemsg_flags() {\n  case \"$1\" in\n")
	for _, c := range w.commands {
		fmt.Fprintf(&b, "    %s) echo %q ;;\n", c, strings.Join(w.flags[c], " "))
	}
	b.WriteString("  esac\n}\n_livemsg_valued() {\n  case \"$1\" in\n")
	for _, c := range w.commands {
		fmt.Fprintf(&b, "    %s) echo %q ;;\n", c, strings.Join(w.valued[c], " "))
	}
	b.WriteString("  esac\n}\n_livemsg_params() {\n  case \"$1\" in\n")
	for _, op := range w.ops {
		fmt.Fprintf(&b, "    %s) echo %q ;;\n", op, strings.Join(w.params[op], " "))
	}
	fmt.Fprintf(&b, `  esac
}
_livemsg() {
  local commands=%q
  local ops=%q
  local codes=%q
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="" op="" skip="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$w" in
      --*=*|-*=*) ;;
      -*) if [[ -n $cmd && " $(_livemsg_valued "$cmd") " == *" --${w#"${w%%%%[!-]*}"} "* ]]; then skip=1; fi ;;
      *) if [[ -z $cmd ]]; then cmd="$w"; elif [[ -z $op ]]; then op="$w"; fi ;;
    esac
  done
  COMPREPLY=()
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    return
  fi
  case "$prev" in
    --op|-op|--qps|-qps|--throttle|-throttle)
      COMPREPLY=($(compgen -W "$ops" -- "$cur"))
      return ;;
  esac
  if [[ " $(_livemsg_valued "$cmd") " == *" --${prev#"${prev%%%%[!-]*}"} "* ]]; then
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_livemsg_flags "$cmd")" -- "$cur"))
    return
  fi
  case "$cmd" in
    call)
      if [[ -z $op ]]; then
        COMPREPLY=($(compgen -W "$ops" -- "$cur"))
      else
        compopt -o nospace 2>/dev/null
        COMPREPLY=($(compgen -W "$(_livemsg_params "$op")" -- "$cur"))
      fi ;;
    repro) [[ -z $op ]] && COMPREPLY=($(compgen -W "$codes" -- "$cur")) ;;
    help) [[ -z $op ]] && COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
    completion) [[ -z $op ]] && COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")) ;;
  esac
}
complete -o default -F _livemsg livemsg
`, strings.Join(w.commands, " "), strings.Join(w.ops, " "), strings.Join(w.codes, " "))
	io.WriteString(out, b.String())
}

func writeFish(out io.Writer, w words) {
	var b strings.Builder
	b.WriteString("# fish completion for livemsg: livemsg completion fish | source\n")
	b.WriteString("complete -c livemsg -e\n")
	fmt.Fprintf(&b, "complete -c livemsg -f -n __fish_use_subcommand -a %q\n", strings.Join(w.commands, " "))
	for _, c := range w.commands {
		valued := map[string]bool{}
		for _, f := range w.valued[c] {
			valued[f] = true
		}
		for _, f := range w.flags[c] {
			name := strings.TrimPrefix(f, "--")
			line := fmt.Sprintf("complete -c livemsg -n '__fish_seen_subcommand_from %s' -l %s", c, name)
			switch {
			case name == "op" || name == "qps" || name == "throttle":
				line += fmt.Sprintf(" -x -a %q", strings.Join(w.ops, " "))
			case valued[f]:
				line += " -r"
			}
			b.WriteString(line + "\n")
		}
	}
	fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from call; and not __fish_seen_subcommand_from %s' -a %q\n",
		strings.Join(w.ops, " "), strings.Join(w.ops, " "))
	for _, op := range w.ops {
		fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from call; and __fish_seen_subcommand_from %s' -a %q\n",
			op, strings.Join(w.params[op], " "))
	}
	fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from repro' -a %q\n", strings.Join(w.codes, " "))
	fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from help' -a %q\n", strings.Join(w.commands, " "))
	b.WriteString("complete -c livemsg -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	io.WriteString(out, b.String())
}
