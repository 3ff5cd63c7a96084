package aliyun

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// RetryBudget is the resends a whole run may make, shared by every call of
// its clients (WithRetries), and what they were spent on: one lossy link
// costs a few, a broken one stops costing once the budget is spent and
// the run says so. A budget may grow with the run (NewGrowingRetryBudget):
// a long run over an ordinary lossy link needs more resends than a short
// one, while a broken link spends any share. Safe for concurrent use; a
// nil budget bounds nothing and counts nothing.
type RetryBudget struct {
	mu      sync.Mutex
	base    int
	per     int            // one more resend per this many calls (0: fixed)
	calls   int            // calls made (first sends; resends are not calls)
	spent   map[string]int // per operation
	total   int
	refused int
}

// NewRetryBudget allows n resends in all (0: none).
func NewRetryBudget(n int) *RetryBudget {
	return &RetryBudget{base: max(n, 0), spent: map[string]int{}}
}

// RetryBudgetPer is the calls that earn a growing budget one more resend:
// 5%, twice and a half what a link losing 2% of its requests costs, a
// sixth of what one losing 30% does.
const RetryBudgetPer = 20

// NewGrowingRetryBudget allows n resends and one more per `per` calls the
// run makes; n = 0 allows none at all.
func NewGrowingRetryBudget(n, per int) *RetryBudget {
	b := NewRetryBudget(n)
	if n > 0 {
		b.per = max(per, 0)
	}
	return b
}

// call counts a call (its first send).
func (b *RetryBudget) call() {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.calls++
	b.mu.Unlock()
}

func (b *RetryBudget) limitLocked() int {
	if b.per == 0 {
		return b.base
	}
	return b.base + b.calls/b.per
}

// take spends one resend of action, if any is left.
func (b *RetryBudget) take(action string) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.total >= b.limitLocked() {
		b.refused++
		return false
	}
	b.total++
	b.spent[action]++
	return true
}

// Limit is the resends the run may make, as of now (a growing budget's
// grows with every call).
func (b *RetryBudget) Limit() int {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limitLocked()
}

// Base is the resends allowed whatever the calls (--retry-budget).
func (b *RetryBudget) Base() int {
	if b == nil {
		return 0
	}
	return b.base
}

// Per is the calls that earn a growing budget one more resend (0: fixed).
func (b *RetryBudget) Per() int {
	if b == nil {
		return 0
	}
	return b.per
}

// Spent is the resends made so far.
func (b *RetryBudget) Spent() int {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total
}

// Refused counts the calls that wanted a resend once the budget was
// spent: each of them returned its fault (or its transient answer).
func (b *RetryBudget) Refused() int {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.refused
}

// Exhausted reports a budget that has refused a resend.
func (b *RetryBudget) Exhausted() bool { return b.Refused() > 0 }

// ByOperation returns the resends of each operation (a copy).
func (b *RetryBudget) ByOperation() map[string]int {
	out := map[string]int{}
	if b == nil {
		return out
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, v := range b.spent {
		out[k] = v
	}
	return out
}

// String is the budget in one line, e.g. "retries: 3
// (DescribeLiveMessageGroup 2, ListLiveMessageGroups 1), budget 20", most
// resent first; ", spent: 4 calls not resent" when it refused some.
func (b *RetryBudget) String() string {
	by := b.ByOperation()
	names := make([]string, 0, len(by))
	for n := range by {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if by[names[i]] != by[names[j]] {
			return by[names[i]] > by[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %d", n, by[n]))
	}
	s := fmt.Sprintf("retries: %d", b.Spent())
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	s += fmt.Sprintf(", budget %d", b.Limit())
	if n := b.Refused(); n > 0 {
		s += fmt.Sprintf(", spent: %d %s not resent", n, plural(n, "call", "calls"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
