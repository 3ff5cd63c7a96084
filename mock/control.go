package mock

import (
	"fmt"
	"strings"
	"time"
)

// What the admin API does, from Go: arm faults, set limits, reset. The
// clock is Clock() (Advance, Set, AdvanceFor); the state is Store().

// ArmFault arms a fault, as POST /_mock/faults does: an error code of the
// contract and/or a latency (a Go duration up to 1m, e.g. "200ms") for an
// operation, Times times (0 = until cleared), with a Probability (0 =
// always), for every account or one.
func (e *Emulator) ArmFault(f Fault) error {
	if _, ok := e.c.Operation(f.Operation); !ok {
		return fmt.Errorf("unknown operation %q", f.Operation)
	}
	if _, ok := e.c.Code(f.Code); f.Code != "" && !ok {
		return fmt.Errorf("code %q is not in the contract", f.Code)
	}
	if strings.Contains(f.Code, "{") {
		return fmt.Errorf("code %q is a template: give the code as answered, e.g. %s", f.Code, strings.ReplaceAll(f.Code, "{Param}", "GroupId"))
	}
	if f.Latency != "" {
		d, err := time.ParseDuration(f.Latency)
		if err != nil || d < 0 || d > time.Minute {
			return fmt.Errorf("latency must be a Go duration up to 1m, got %q", f.Latency)
		}
		f.delay = d
	}
	if f.Code == "" && f.delay == 0 {
		return fmt.Errorf("a fault needs a code or a latency")
	}
	if !(f.Probability >= 0 && f.Probability <= 1) || f.Times < 0 { // NaN too
		return fmt.Errorf("probability must be in [0,1] and times >= 0")
	}
	e.faults.arm(f)
	return nil
}

// ClearFaults clears the faults of an operation ("" = of every operation).
func (e *Emulator) ClearFaults(operation string) { e.faults.clear(operation) }

// Faults lists the armed faults.
func (e *Emulator) Faults() []Fault { return e.faults.list() }

// SetQPS sets one operation's per-account limit (0 lifts it), as POST
// /_mock/qps does.
func (e *Emulator) SetQPS(operation string, n int) error {
	if _, ok := e.c.Operation(operation); !ok || n < 0 {
		return fmt.Errorf("want a known operation and a limit >= 0, got %q: %d", operation, n)
	}
	e.limits.set(operation, n)
	return nil
}

// QPS returns every operation's limit.
func (e *Emulator) QPS() map[string]int { return e.limits.snapshot() }

// Reset forgets apps, groups, messages, events, faults, nonces, throttle
// windows, the request log and clock offsets, as POST /_mock/reset does;
// keys and limits stay.
func (e *Emulator) Reset() {
	e.store.Reset()
	e.faults.clear("")
	e.nonces.reset()
	e.limits.reset()
	e.log.reset()
	e.clock.Reset()
}
