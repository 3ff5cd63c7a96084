package store

import (
	"sync"
	"time"
)

// Clock is the emulator's time source: real time plus an offset the admin
// API moves. The store reads time only from it, so tests move the clock
// instead of sleeping.
type Clock interface{ Now() time.Time }

// OffsetClock is real time plus an offset the admin API moves, so "30 days
// later" takes no time. It can also move the time of one account alone
// (NowFor, AdvanceFor), so concurrent tests on separate accounts do not
// disturb each other.
type OffsetClock struct {
	base     func() time.Time
	mu       sync.RWMutex
	offset   time.Duration
	accounts map[string]time.Duration // extra offsets of single accounts
}

// NewOffsetClock makes a clock on base (nil = time.Now).
func NewOffsetClock(base func() time.Time) *OffsetClock {
	if base == nil {
		base = time.Now
	}
	return &OffsetClock{base: base}
}

// Now is base time plus the offset.
func (c *OffsetClock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.base().Add(c.offset)
}

// Advance moves the clock forward by d and returns the new time.
func (c *OffsetClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
	return c.base().Add(c.offset)
}

// Set moves the clock to t (the offset becomes t - base()).
func (c *OffsetClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.base())
}

// Offset is how far the clock is from its base.
func (c *OffsetClock) Offset() time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset
}

// NowFor is the time an account sees: Now plus the account's own offset.
func (c *OffsetClock) NowFor(account string) time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.base().Add(c.offset + c.accounts[account])
}

// OffsetFor is how far one account's clock is from its base (the offset
// of every account, plus its own).
func (c *OffsetClock) OffsetFor(account string) time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset + c.accounts[account]
}

// AdvanceFor moves one account's clock forward by d and returns its new time.
func (c *OffsetClock) AdvanceFor(account string, d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.accounts == nil {
		c.accounts = map[string]time.Duration{}
	}
	c.accounts[account] += d
	return c.base().Add(c.offset + c.accounts[account])
}

// Reset puts the clock, and every account's, back on its base.
func (c *OffsetClock) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset, c.accounts = 0, nil
}

// accountClock is a Clock that can tell the time of one account.
type accountClock interface {
	NowFor(account string) time.Time
}
