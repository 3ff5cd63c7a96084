package steps

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPacerSaturatedLetsOneCallThrough: after a burst's cooldown, a call
// waits it out; after saturated, the next call goes at once (it is meant
// to be throttled), and the one after it waits until the window emptied.
func TestPacerSaturatedLetsOneCallThrough(t *testing.T) {
	ctx := context.Background()
	p := newPacer()
	p.cooldown("Op", 300*time.Millisecond)
	start := time.Now()
	require.NoError(t, p.wait(ctx, "Op", 50))
	assert.GreaterOrEqual(t, time.Since(start), 250*time.Millisecond, "an earlier burst's cooldown is waited out")

	p.cooldown("Op", 300*time.Millisecond)
	p.saturated("Op", 200*time.Millisecond)
	start = time.Now()
	require.NoError(t, p.wait(ctx, "Op", 50))
	assert.Less(t, time.Since(start), 100*time.Millisecond, "the call after a saturation goes at once")
	require.NoError(t, p.wait(ctx, "Op", 50))
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond, "the call after it waits for the window")
	start = time.Now()
	require.NoError(t, p.wait(ctx, "Op", 50))
	assert.Less(t, time.Since(start), 100*time.Millisecond, "then the pacing is the usual gap again")
}
