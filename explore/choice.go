package explore

import "pgregory.net/rapid"

// rapid's integer generators, SampledFrom included, favour small values
// (they draw a bit length first, geometrically), so a weighted choice
// through them does not hold its weights: the first entries win. A
// uniform choice is built from single bits (rapid.Bool draws one bit of
// the stream, as even as the stream): choiceBits of them make a number in
// [0, 2^choiceBits), mapped onto n values by scaling. Shrinking still works:
// bits shrink towards zero, the first entry.

const choiceBits = 12

// uniform draws an int in [0, n) with every value equally likely (to
// within n/2^choiceBits).
func uniform(t *rapid.T, n int, label string) int {
	if n <= 1 {
		return 0
	}
	var u int
	for i := 0; i < choiceBits; i++ {
		u <<= 1
		if rapid.Bool().Draw(t, label) {
			u |= 1
		}
	}
	return u * n >> choiceBits
}

// chance is true with probability percent/100.
func chance(t *rapid.T, percent int, label string) bool {
	return uniform(t, 100, label) < percent
}

// weighted draws an index with probability weight[i]/sum(weights);
// entries of weight 0 are never drawn. It needs a positive weight.
func weighted(t *rapid.T, weights []int, label string) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	u := uniform(t, total, label)
	for i, w := range weights {
		if u < w {
			return i
		}
		u -= w
	}
	return len(weights) - 1
}

// pick draws one of the values uniformly.
func pick[E any](t *rapid.T, values []E, label string) E {
	return values[uniform(t, len(values), label)]
}
