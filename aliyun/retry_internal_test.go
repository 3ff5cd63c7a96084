package aliyun

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestBackoffJitteredAndBounded: the wait before the nth resend is drawn
// from 0 to min(ceiling, base×2ⁿ⁻¹): bounded, and spread over that range
// (full jitter), so calls that failed together do not come back together.
func TestBackoffJitteredAndBounded(t *testing.T) {
	p := &retryPolicy{base: 100 * time.Millisecond, ceiling: time.Second}
	for n, bound := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond,
		3: 400 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 40: time.Second} {
		lo, hi, seen := bound, time.Duration(0), map[time.Duration]bool{}
		for range 500 {
			d := p.backoff(n)
			assert.GreaterOrEqual(t, d, time.Duration(0))
			assert.LessOrEqual(t, d, bound, "resend %d", n)
			lo, hi = min(lo, d), max(hi, d)
			seen[d] = true
		}
		assert.Greater(t, len(seen), 400, "resend %d: the waits are drawn, not fixed", n)
		assert.Less(t, lo, bound/4, "resend %d: full jitter reaches near 0", n)
		assert.Greater(t, hi, bound*3/4, "resend %d: and near the bound", n)
	}
	d := (&retryPolicy{}).backoff(1)
	assert.LessOrEqual(t, d, DefaultBackoffBase, "the default base")
	assert.LessOrEqual(t, (&retryPolicy{}).backoff(60), DefaultBackoffCeiling, "the default ceiling, no overflow")
}

// TestThrottledBackoff: RetryThrottled waits the same before every
// throttled resend; RetryThrottledDoubling doubles the wait up to its
// most (250 ms, 500 ms, then 1 s each).
func TestThrottledBackoff(t *testing.T) {
	var c Client
	RetryThrottled(8, 100*time.Millisecond, nil)(&c)
	for n := 1; n <= 8; n++ {
		assert.Equal(t, 100*time.Millisecond, c.retry.throttledBackoff(n), "resend %d", n)
	}
	RetryThrottledDoubling(8, 250*time.Millisecond, time.Second, nil)(&c)
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, time.Second, time.Second}
	for i, d := range want {
		assert.Equal(t, d, c.retry.throttledBackoff(i+1), "resend %d", i+1)
	}
	assert.Equal(t, time.Second, c.retry.throttledBackoff(60), "no overflow")
}
