// A steps/ file that writes the contract's limits as literals: each line
// below must be reported by TestLimitRuleCatchesALimit (testdata: never built).
package steps

import "time"

const maxUsersPerCall = 30

func unmute(users []string) error {
	if len(users) > 30 {
		return nil
	}
	first := users[:30]
	_ = first
	pageSize := 20
	_ = pageSize
	buf := make([]string, 0, 5000)
	_ = buf
	pacer := struct{ Freq int }{Freq: 50}
	_ = pacer
	if 300 <= len(buf) {
		return nil
	}
	_ = newRateLimiter(int64(10))
	_ = time.Second
	return nil
}

func newRateLimiter(int64) int { return 0 }

func listMessages() map[string]string {
	return map[string]string{"SortType": "1", "PageSize": "50"}
}
