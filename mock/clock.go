package mock

import (
	"sync"
	"time"
)

// Clock is the emulator's time source; NowFor is the time of one account.
type Clock interface {
	Now() time.Time
	NowFor(account string) time.Time
}

// OffsetClock is real time plus an offset the admin API moves, so "30 days
// later" takes no time.
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

// NowFor is the time an account sees: Now plus the account's own offset,
// so concurrent tests on separate accounts move time independently.
func (c *OffsetClock) NowFor(account string) time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.base().Add(c.offset + c.accounts[account])
}

// AdvanceFor moves one account's clock forward by d.
func (c *OffsetClock) AdvanceFor(account string, d time.Duration) time.Time {
	c.mu.Lock()
	if c.accounts == nil {
		c.accounts = map[string]time.Duration{}
	}
	c.accounts[account] += d
	c.mu.Unlock()
	return c.NowFor(account)
}

// Advance moves the clock forward by d and returns the new time.
func (c *OffsetClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
	return c.Now()
}

// Set moves the clock to t.
func (c *OffsetClock) Set(t time.Time) {
	c.mu.Lock()
	c.offset = t.Sub(c.base())
	c.mu.Unlock()
}

// Offset is how far the clock is from real time.
func (c *OffsetClock) Offset() time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset
}

// Reset puts the clock back to real time.
func (c *OffsetClock) Reset() {
	c.mu.Lock()
	c.offset, c.accounts = 0, nil
	c.mu.Unlock()
}
