package steps

import (
	"sort"
	"strings"
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
		all = append(all, scored{d, levenshtein(text, strings.ToLower(stripKeyword(d.Example)))})
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

// levenshtein is the edit distance between a and b, in runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
