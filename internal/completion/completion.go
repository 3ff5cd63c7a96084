// Package completion writes the shell completion scripts of livemsg (bash,
// zsh, fish) from the words they complete.
package completion

import (
	"fmt"
	"io"
	"strings"
)

// Words are what the scripts complete.
type Words struct {
	Commands []string
	Flags    map[string][]string // per command: every flag, "--name"
	Valued   map[string][]string // per command: the flags that take a value
	Ops      []string
	Params   map[string][]string // per operation: "Name="
	Codes    []string
}

// Bash writes the bash script, or with zsh the zsh one (bash's through
// bashcompinit).
func Bash(out io.Writer, w Words, zsh bool) {
	var b strings.Builder
	if zsh {
		b.WriteString("# zsh completion for livemsg: source <(livemsg completion zsh)\n")
		b.WriteString("autoload -U +X bashcompinit && bashcompinit\n")
	} else {
		b.WriteString("# bash completion for livemsg: source <(livemsg completion bash)\n")
	}
	b.WriteString("_livemsg_flags() {\n  case \"$1\" in\n")
	for _, c := range w.Commands {
		fmt.Fprintf(&b, "    %s) echo %q ;;\n", c, strings.Join(w.Flags[c], " "))
	}
	b.WriteString("  esac\n}\n_livemsg_valued() {\n  case \"$1\" in\n")
	for _, c := range w.Commands {
		fmt.Fprintf(&b, "    %s) echo %q ;;\n", c, strings.Join(w.Valued[c], " "))
	}
	b.WriteString("  esac\n}\n_livemsg_params() {\n  case \"$1\" in\n")
	for _, op := range w.Ops {
		fmt.Fprintf(&b, "    %s) echo %q ;;\n", op, strings.Join(w.Params[op], " "))
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
`, strings.Join(w.Commands, " "), strings.Join(w.Ops, " "), strings.Join(w.Codes, " "))
	io.WriteString(out, b.String())
}

// Fish writes the fish script.
func Fish(out io.Writer, w Words) {
	var b strings.Builder
	b.WriteString("# fish completion for livemsg: livemsg completion fish | source\n")
	b.WriteString("complete -c livemsg -e\n")
	fmt.Fprintf(&b, "complete -c livemsg -f -n __fish_use_subcommand -a %q\n", strings.Join(w.Commands, " "))
	for _, c := range w.Commands {
		valued := map[string]bool{}
		for _, f := range w.Valued[c] {
			valued[f] = true
		}
		for _, f := range w.Flags[c] {
			name := strings.TrimPrefix(f, "--")
			line := fmt.Sprintf("complete -c livemsg -n '__fish_seen_subcommand_from %s' -l %s", c, name)
			switch {
			case name == "op" || name == "qps" || name == "throttle":
				line += fmt.Sprintf(" -x -a %q", strings.Join(w.Ops, " "))
			case valued[f]:
				line += " -r"
			}
			b.WriteString(line + "\n")
		}
	}
	fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from call; and not __fish_seen_subcommand_from %s' -a %q\n",
		strings.Join(w.Ops, " "), strings.Join(w.Ops, " "))
	for _, op := range w.Ops {
		fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from call; and __fish_seen_subcommand_from %s' -a %q\n",
			op, strings.Join(w.Params[op], " "))
	}
	fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from repro' -a %q\n", strings.Join(w.Codes, " "))
	fmt.Fprintf(&b, "complete -c livemsg -f -n '__fish_seen_subcommand_from help' -a %q\n", strings.Join(w.Commands, " "))
	b.WriteString("complete -c livemsg -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	io.WriteString(out, b.String())
}
