package explore

import (
	"fmt"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// Plan bounds what a run sends to a real target.
type Plan struct {
	Sequences, MaxSteps int
	// PerSequence is the most calls one sequence sends: its drawn steps,
	// the read-back (an enable of the app, a describe and a mute read of
	// each group, the pages of one listing), the cleanup (a delete per
	// group) and the app set back (one call per app-level write).
	PerSequence int
	// Requests is the most calls of the exploration (shrinking a
	// divergence may send as many again, within the request cap).
	Requests int
	// Worst is the longest the exploration can take when paced at 80% of
	// the documented limits: every drawn step on the slowest operation.
	Worst time.Duration
}

// PlanFor computes the plan of a budget from the contract's QPS limits.
func PlanFor(c *contract.Contract, budget, maxSteps int) Plan {
	slowest, fastest := time.Duration(0), time.Duration(0)
	for _, op := range c.Operations() {
		iv := Interval(op.QPS)
		if iv > slowest {
			slowest = iv
		}
		if fastest == 0 || (iv > 0 && iv < fastest) {
			fastest = iv
		}
	}
	readBack := 1 + 2*groupPool + maxPages
	cleanup := groupPool + len(appWrites)
	per := maxSteps + readBack + cleanup
	// Read-back and cleanup use describe, list and delete, which are
	// paced like any other call: bound them by the slowest of those.
	var readIv time.Duration
	for _, name := range []string{contract.OpDescribeLiveMessageGroup, contract.OpDescribeLiveMessageGroupBand, contract.OpListLiveMessageGroups, contract.OpDeleteLiveMessageGroup} {
		if op := c.Op(name); op != nil && Interval(op.QPS) > readIv {
			readIv = Interval(op.QPS)
		}
	}
	// a sequence on a paced target draws at most slowPerSequence calls
	// of the operations slower than the fastest (generator.weights)
	slow := min(maxSteps, slowPerSequence)
	perTime := time.Duration(slow)*slowest + time.Duration(maxSteps-slow)*fastest + time.Duration(readBack+cleanup)*readIv
	return Plan{Sequences: budget, MaxSteps: maxSteps, PerSequence: per, Requests: budget * per,
		Worst: time.Duration(budget) * perTime}
}

func (p Plan) String() string {
	return fmt.Sprintf("at most %d sequences x %d calls (%d drawn, read-back, cleanup) = %d calls; paced at 80%% of the documented limits the pacing alone takes at most %s",
		p.Sequences, p.PerSequence, p.MaxSteps, p.Requests, p.Worst.Round(time.Second))
}

func contractDefault() *contract.Contract { return contract.Default() }

func contractOps() []string { return contract.Default().OperationNames() }
