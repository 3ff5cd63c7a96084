// Package testrun holds what the test binaries of several packages set up
// alike in their TestMain.
package testrun

import (
	"flag"
	"strconv"
)

// DefaultParallel sets -test.parallel to n unless the command line gave
// it; TestMain calls it after flag.Parse. go test defaults it to the
// cores (two here), and a package whose tests mostly wait would then run
// two at a time.
func DefaultParallel(n int) {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if given {
		return
	}
	if err := flag.Set("test.parallel", strconv.Itoa(n)); err != nil {
		panic(err)
	}
}
