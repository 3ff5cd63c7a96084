//go:build race

package explore_test

// raceOn: the race detector slows every call some tenfold; the longest
// runs are cut so that the package's tests stay within half a minute.
const raceOn = true
