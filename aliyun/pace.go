package aliyun

import (
	"context"
	"sync"
	"time"
)

// Pacer spaces the calls of each action so that none is sent faster than
// a share of its QPS limit: the one client-side pacer of the contract
// steps on a real target, explore and verify. Goroutines may share it.
// A nil *Pacer does not pace.
type Pacer struct {
	share float64
	limit func(action string) int // 0: no limit, not paced

	mu   sync.Mutex
	next map[string]time.Time // when the next call of an action may go
	hold map[string]time.Time // after the next call of an action, none before this
}

// NewPacer paces each action at share (0 < share <= 1) of limit(action),
// its documented QPS.
func NewPacer(share float64, limit func(action string) int) *Pacer {
	return &Pacer{share: share, limit: limit, next: map[string]time.Time{}, hold: map[string]time.Time{}}
}

// Gap is the spacing of the calls of an action whose limit is qps, paced
// at share of it (0 when it has no limit).
func Gap(share float64, qps int) time.Duration {
	if qps <= 0 || share <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / (share * float64(qps)))
}

// Reserve books the next slot of action at or after now and returns it.
func (p *Pacer) Reserve(action string, now time.Time) time.Time {
	gap := Gap(p.share, p.limit(action))
	p.mu.Lock()
	defer p.mu.Unlock()
	at := p.next[action]
	if at.Before(now) {
		at = now
	}
	p.next[action] = at.Add(gap)
	if h, ok := p.hold[action]; ok {
		if h.After(p.next[action]) {
			p.next[action] = h
		}
		delete(p.hold, action)
	}
	return at
}

// Wait blocks until a call of action may go, or ctx ends.
func (p *Pacer) Wait(ctx context.Context, action string) error {
	if p == nil || p.limit(action) <= 0 {
		return nil
	}
	d := time.Until(p.Reserve(action, time.Now()))
	if d <= 0 {
		return nil
	}
	return Sleep(ctx, d)
}

// Cooldown holds the calls of action back for d (after a burst filled its
// window).
func (p *Pacer) Cooldown(action string, d time.Duration) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if at := time.Now().Add(d); at.After(p.next[action]) {
		p.next[action] = at
	}
}

// Saturated lets the next call of action go at once, whatever cooldown is
// pending (the caller filled its window on purpose and wants that call
// throttled); the calls after it wait until d has passed.
func (p *Pacer) Saturated(action string, d time.Duration) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.next[action], p.hold[action] = now, now.Add(d)
}
