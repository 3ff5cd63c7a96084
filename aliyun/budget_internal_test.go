package aliyun

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGrowingRetryBudget: a growing budget allows its base and one more
// resend per `per` calls; a base of 0 allows none however many calls; a
// fixed budget never grows.
func TestGrowingRetryBudget(t *testing.T) {
	grow, none, fixed := NewGrowingRetryBudget(2, 10), NewGrowingRetryBudget(0, 10), NewRetryBudget(2)
	for i := 0; i < 35; i++ {
		grow.call()
		none.call()
		fixed.call()
	}
	assert.Equal(t, 5, grow.Limit(), "2 and one per 10 of 35 calls")
	assert.Zero(t, none.Limit(), "--retry-budget 0: no resends at all")
	assert.Equal(t, 2, fixed.Limit())
	for i := 0; i < 5; i++ {
		assert.True(t, grow.take("Op"), "resend %d of 5", i+1)
	}
	assert.False(t, grow.take("Op"), "the sixth is refused")
	assert.Equal(t, 1, grow.Refused())
	assert.False(t, none.take("Op"))
}
