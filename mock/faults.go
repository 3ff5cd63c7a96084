package mock

import (
	"cmp"
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Fault is armed for an operation: it answers an error code, or delays
// the call, once, N times (Times), until cleared (Times 0), with a
// probability.
type Fault struct {
	Operation   string  `json:"operation"`
	Account     string  `json:"account,omitempty"` // only this account's calls ("" = every account)
	Code        string  `json:"code,omitempty"`
	Latency     string  `json:"latency,omitempty"` // a Go duration, e.g. "200ms"
	Times       int     `json:"times,omitempty"`
	Probability float64 `json:"probability,omitempty"` // 0 = always
	delay       time.Duration
}

type faults struct {
	mu    sync.Mutex
	armed map[string][]*Fault
}

func newFaults() *faults { return &faults{armed: map[string][]*Fault{}} }

func (f *faults) arm(ft Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := ft
	f.armed[ft.Operation] = append(f.armed[ft.Operation], &c)
}

// fire returns the code to answer ("" = none) and waits out any latency.
// A call answers one code, that of the first fault armed with one; the
// faults with a code armed after it are left for the next calls, not
// spent on a call they did not answer (armed ServerError once, then NoAuth
// once: the first call is ServerError, the second NoAuth). Every fault of
// latency alone applies (the longest latency is waited out).
func (f *faults) fire(ctx context.Context, op, account string) string {
	f.mu.Lock()
	var code string
	var delay time.Duration
	list := f.armed[op]
	for i := 0; i < len(list); i++ {
		ft := list[i]
		if ft.Account != "" && ft.Account != account {
			continue
		}
		if ft.Code != "" && code != "" {
			continue // one code per call: this one answers a later call
		}
		if ft.Probability > 0 && rand.Float64() >= ft.Probability {
			continue
		}
		if ft.delay > delay {
			delay = ft.delay
		}
		code = cmp.Or(code, ft.Code)
		if ft.Times > 0 {
			ft.Times--
			if ft.Times == 0 {
				list = append(list[:i], list[i+1:]...)
				i--
			}
		}
	}
	f.armed[op] = list
	f.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-t.C:
		}
	}
	return code
}

func (f *faults) list() []Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []Fault{}
	for _, op := range slices.Sorted(maps.Keys(f.armed)) { // by operation, each in the order armed
		for _, ft := range f.armed[op] {
			out = append(out, *ft)
		}
	}
	return out
}

func (f *faults) clear(op string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if op == "" {
		f.armed = map[string][]*Fault{}
		return
	}
	delete(f.armed, op)
}
