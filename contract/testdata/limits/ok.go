// Everyday numbers equal to a limit value that stand for no limit: the rule
// must report none of them (testdata: never built).
package ok

import (
	"strconv"
	"time"
)

const headerTimeout = 10 * time.Second

var nonceWindow = 30 * time.Minute

func parse(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	time.Sleep(50 * time.Millisecond)
	digits := []int{10, 20, 30}
	_ = digits[2]
	return n + 20, err
}
