package mock

import (
	"sync"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// throttle limits each (account, operation) to its QPS with a sliding
// one-second window: a request is admitted when fewer than limit requests
// were admitted in the second before it. Each window is a ring of the last
// limit admission times, so a check is O(1).
type throttle struct {
	mu        sync.Mutex
	limits    map[string]int // operation -> QPS (0 = none)
	overrides map[string]int
	windows   map[string]*window
}

type window struct {
	times []time.Time
	next  int
	count int
}

func newThrottle(c *contract.Contract, overrides map[string]int) *throttle {
	t := &throttle{limits: map[string]int{}, overrides: map[string]int{}, windows: map[string]*window{}}
	for _, op := range c.Operations() {
		t.limits[op.Name] = op.QPS
	}
	for op, n := range overrides {
		t.limits[op] = n
		t.overrides[op] = n
	}
	return t
}

// admit reports whether a request of account on op may proceed at now.
func (t *throttle) admit(account, op string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	limit := t.limits[op]
	if limit <= 0 {
		return true
	}
	key := account + "\x00" + op
	w := t.windows[key]
	if w == nil || len(w.times) != limit {
		w = &window{times: make([]time.Time, limit)}
		t.windows[key] = w
	}
	if w.count == limit {
		oldest := w.times[w.next]
		if now.Sub(oldest) < time.Second {
			return false
		}
	} else {
		w.count++
	}
	w.times[w.next] = now
	w.next = (w.next + 1) % limit
	return true
}

// set overrides one operation's limit.
func (t *throttle) set(op string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.limits[op] = n
	t.overrides[op] = n
}

// snapshot returns every operation's limit.
func (t *throttle) snapshot() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.limits))
	for k, v := range t.limits {
		out[k] = v
	}
	return out
}

func (t *throttle) reset() {
	t.mu.Lock()
	t.windows = map[string]*window{}
	t.mu.Unlock()
}
