package steps

import (
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Nearest lists the n registered steps whose examples are closest to text
// (a step no definition matches), by edit distance over the words' letters,
// nearest first: what a typo in a user's feature most likely meant.
func Nearest(text string, n int) []Definition {
	defs, err := Definitions()
	if err != nil || n <= 0 {
		return nil
	}
	text = strings.ToLower(stripKeyword(text))
	type scored struct {
		d    Definition
		dist int
	}
	var all []scored
	for _, d := range defs {
		if d.Example == "" {
			continue
		}
		all = append(all, scored{d, levenshtein.ComputeDistance(text, strings.ToLower(stripKeyword(d.Example)))})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].dist < all[j].dist })
	out := make([]Definition, 0, n)
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.d)
	}
	return out
}

// stripKeyword drops a leading Given/When/Then/And/But.
func stripKeyword(s string) string {
	s = strings.TrimSpace(s)
	for _, k := range []string{"Given ", "When ", "Then ", "And ", "But ", "* "} {
		if rest, ok := strings.CutPrefix(s, k); ok {
			return rest
		}
	}
	return s
}
