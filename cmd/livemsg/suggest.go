package main

import (
	"flag"
	"fmt"
	"regexp"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/livemsg/livemsg/contract"
)

// nearest is the candidate closest to word by edit distance (case aside),
// or "" when none is close enough to be what was meant: at most a third
// of the word's length, and at least 1, edits away, or word a prefix of it.
func nearest(word string, candidates []string) string {
	best, bestDist := "", -1
	lw := strings.ToLower(word)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := levenshtein.ComputeDistance(lw, lc)
		if len(lw) >= 3 && strings.HasPrefix(lc, lw) {
			d = min(d, 1)
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > max(1, len(word)/3) {
		return ""
	}
	return best
}

// didYouMean is "; did you mean X?" for the nearest candidate, or "".
func didYouMean(word string, candidates []string) string {
	if n := nearest(word, candidates); n != "" {
		return "; did you mean " + n + "?"
	}
	return ""
}

// unknownOperation says name is no operation of c: the nearest one when a
// typo is likely, otherwise every one.
func unknownOperation(c *contract.Contract, name string) string {
	if near := nearest(name, c.OperationNames()); near != "" {
		return fmt.Sprintf("unknown operation %q; did you mean %s?", name, near)
	}
	return fmt.Sprintf("unknown operation %q; known: %s", name, strings.Join(c.OperationNames(), ", "))
}

// noArgs refuses positionals for a command that takes none (a flag
// value written apart from a boolean flag lands there).
func noArgs(fs *flag.FlagSet, e env) (bool, error) {
	if fs.NArg() == 0 {
		return false, nil
	}
	return true, usageError(fs, e, "takes no arguments, got %q", strings.Join(fs.Args(), " "))
}

var opOrCodeTag = regexp.MustCompile(`@(op|code):([A-Za-z0-9_.]+)`)

// tagHint is "; @op:X names no operation, did you mean @op:Y?" (or the
// same for @code:) for the first tag in text naming an operation the
// contract lacks or a code no built-in scenario is tagged with; "" when
// every one is known.
func tagHint(text string) string {
	for _, m := range opOrCodeTag.FindAllStringSubmatch(text, -1) {
		kind, name := m[1], m[2]
		known, what := reproducibleCodes(), "code a built-in scenario reproduces"
		if kind == "op" {
			known, what = contract.Default().OperationNames(), "operation"
		}
		if contains(known, name) {
			continue
		}
		hint := fmt.Sprintf("; @%s:%s names no %s", kind, name, what)
		if near := nearest(name, known); near != "" {
			hint += fmt.Sprintf(", did you mean @%s:%s?", kind, near)
		}
		return hint
	}
	return ""
}
