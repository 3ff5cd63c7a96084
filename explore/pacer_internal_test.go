package explore

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/contract"
)

// TestPacerStaysUnderEveryLimit: calls booked back to back, each operation
// at its documented limit, never put more than 80% of the limit in any
// one-second window; different operations do not wait for each other.
func TestPacerStaysUnderEveryLimit(t *testing.T) {
	p := newPacer(true)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, op := range contract.Default().Operations() {
		var slots []time.Time
		for i := 0; i < 3*op.QPS; i++ {
			slots = append(slots, p.reserve(op.Name, op.QPS, t0))
		}
		assert.Equal(t, t0, slots[0], "%s: the first call goes at once", op.Name)
		for i := range slots {
			n := 0
			for _, s := range slots[i:] {
				if s.Sub(slots[i]) < time.Second {
					n++
				}
			}
			assert.LessOrEqual(t, n, op.QPS*4/5, "%s: at most 80%% of %d calls in a second", op.Name, op.QPS)
		}
	}
}
