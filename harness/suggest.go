package harness

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/livemsg/livemsg/contract"
)

// Nearest is the candidate closest to word by edit distance (case aside),
// or "" when none is close enough to be what was meant: at most a third
// of the word's length, and at least 1, edits away, or word a prefix of it.
func Nearest(word string, candidates []string) string {
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

// UnknownOperation says name is no operation of c: the nearest one when a
// typo is likely, otherwise every one.
func UnknownOperation(c *contract.Contract, name string) string {
	if near := Nearest(name, c.OperationNames()); near != "" {
		return fmt.Sprintf("unknown operation %q; did you mean %s?", name, near)
	}
	return fmt.Sprintf("unknown operation %q; known: %s", name, strings.Join(c.OperationNames(), ", "))
}

var opOrCodeTag = regexp.MustCompile(`@(op|code):([A-Za-z0-9_.]+)`)

// tagHint is "; @op:X names no operation, did you mean @op:Y?" (or the
// same for @code:) for the first tag in text naming an operation the
// contract lacks or a code no built-in scenario is tagged with; "" when
// every one is known.
func tagHint(text string) string {
	for _, m := range opOrCodeTag.FindAllStringSubmatch(text, -1) {
		kind, name := m[1], m[2]
		known, what := ReproducibleCodes(), "code a built-in scenario reproduces"
		if kind == "op" {
			known, what = contract.Default().OperationNames(), "operation"
		}
		if slices.Contains(known, name) {
			continue
		}
		hint := fmt.Sprintf("; @%s:%s names no %s", kind, name, what)
		if near := Nearest(name, known); near != "" {
			hint += fmt.Sprintf(", did you mean @%s:%s?", kind, near)
		}
		return hint
	}
	return ""
}
