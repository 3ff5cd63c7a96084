package steps

import (
	"context"
	"sync"
	"time"
)

// pacer keeps a real-target run under each operation's documented QPS:
// there every scenario shares one account, so the suite's own calls would
// otherwise be throttled. It spaces calls of an operation at most 80% of
// the limit apart and waits out the throttle window after a burst.
type pacer struct {
	mu   sync.Mutex
	next map[string]time.Time
	hold map[string]time.Time // after the next call of op, none before this
}

func newPacer() *pacer { return &pacer{next: map[string]time.Time{}, hold: map[string]time.Time{}} }

// wait blocks until a call of op at qps may go.
func (p *pacer) wait(ctx context.Context, op string, qps int) error {
	if qps <= 0 {
		return nil
	}
	gap := time.Duration(float64(time.Second) / (0.8 * float64(qps)))
	p.mu.Lock()
	now := time.Now()
	at := p.next[op]
	if at.Before(now) {
		at = now
	}
	p.next[op] = at.Add(gap)
	if h, ok := p.hold[op]; ok {
		if h.After(p.next[op]) {
			p.next[op] = h
		}
		delete(p.hold, op)
	}
	p.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// cooldown holds calls of op back for d (after a burst filled its window).
func (p *pacer) cooldown(op string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if at := time.Now().Add(d); at.After(p.next[op]) {
		p.next[op] = at
	}
}

// saturated lets the next call of op go at once, whatever cooldown is
// pending: the scenario filled op's window on purpose and wants that call
// throttled (waiting out an earlier burst's cooldown, it was served once
// the window had emptied). The calls after it wait until d has passed.
func (p *pacer) saturated(op string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.next[op], p.hold[op] = now, now.Add(d)
}
