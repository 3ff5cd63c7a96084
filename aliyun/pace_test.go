package aliyun_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// TestPacerStaysUnderEveryLimit: calls booked back to back, each operation
// at its documented limit, never put more than the share of the limit in
// any one-second window; the first goes at once.
func TestPacerStaysUnderEveryLimit(t *testing.T) {
	c := contract.Default()
	for _, share := range []float64{0.8, 0.5} {
		p := aliyun.NewPacer(share, c.QPS)
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, op := range c.Operations() {
			var slots []time.Time
			for i := 0; i < 3*op.QPS; i++ {
				slots = append(slots, p.Reserve(op.Name, t0))
			}
			assert.Equal(t, t0, slots[0], "%s: the first call goes at once", op.Name)
			for i := range slots {
				n := 0
				for _, s := range slots[i:] {
					if s.Sub(slots[i]) < time.Second {
						n++
					}
				}
				assert.LessOrEqual(t, float64(n), share*float64(op.QPS)+0.5, "%s: at most %g of %d calls in a second", op.Name, share, op.QPS)
			}
		}
	}
}

// TestPacerSaturatedLetsOneCallThrough: after a burst's cooldown, a call
// waits it out; after Saturated, the next call goes at once (it is meant
// to be throttled), and the one after it waits until the window emptied.
func TestPacerSaturatedLetsOneCallThrough(t *testing.T) {
	ctx := context.Background()
	p := aliyun.NewPacer(0.8, func(string) int { return 50 })
	p.Cooldown("Op", 300*time.Millisecond)
	start := time.Now()
	require.NoError(t, p.Wait(ctx, "Op"))
	assert.GreaterOrEqual(t, time.Since(start), 250*time.Millisecond, "an earlier burst's cooldown is waited out")

	p.Cooldown("Op", 300*time.Millisecond)
	p.Saturated("Op", 200*time.Millisecond)
	start = time.Now()
	require.NoError(t, p.Wait(ctx, "Op"))
	assert.Less(t, time.Since(start), 100*time.Millisecond, "the call after a saturation goes at once")
	require.NoError(t, p.Wait(ctx, "Op"))
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond, "the call after it waits for the window")
	start = time.Now()
	require.NoError(t, p.Wait(ctx, "Op"))
	assert.Less(t, time.Since(start), 100*time.Millisecond, "then the pacing is the usual gap again")
}

// TestNilPacerDoesNotPace: a run that does not pace holds a nil *Pacer.
func TestNilPacerDoesNotPace(t *testing.T) {
	var p *aliyun.Pacer
	require.NoError(t, p.Wait(context.Background(), "Op"))
	p.Cooldown("Op", time.Hour)
	p.Saturated("Op", time.Hour)
}
