package reports

import (
	"fmt"
	"sort"
	"strings"
)

// Retries is what a run resent (livemsg --retries, --retry-budget): calls
// the contract says are safe to repeat that got no Alibaba answer, or a
// transient one, sent again. What was judged is each call's last answer.
type Retries struct {
	PerCall     int                `json:"per_call"`     // --retries: resends a call at most
	Budget      int                `json:"budget"`       // resends the run could make: --retry-budget and one per 20 calls it made
	Spent       int                `json:"spent"`        // resends made
	ByOperation []OperationRetries `json:"by_operation"` // resends made, most resent first
	// NotResent counts the calls that wanted a resend once the budget was
	// spent: they failed with their fault, and the run could not finish.
	NotResent int `json:"not_resent"`
}

// OperationRetries is the resends of one operation.
type OperationRetries struct {
	Operation string `json:"operation"`
	Retries   int    `json:"retries"`
}

// NewRetries makes the section from the budget's figures.
func NewRetries(perCall, budget, notResent int, byOperation map[string]int) *Retries {
	r := &Retries{PerCall: perCall, Budget: budget, NotResent: notResent, ByOperation: []OperationRetries{}}
	for op, n := range byOperation {
		r.Spent += n
		r.ByOperation = append(r.ByOperation, OperationRetries{Operation: op, Retries: n})
	}
	sort.Slice(r.ByOperation, func(i, j int) bool {
		a, b := r.ByOperation[i], r.ByOperation[j]
		if a.Retries != b.Retries {
			return a.Retries > b.Retries
		}
		return a.Operation < b.Operation
	})
	return r
}

// String is the section in one line, as the terminal shows it after
// "retries: ": "3 (DescribeLiveMessageGroup 2, ListLiveMessageGroups 1),
// budget 20, at most 3 a call".
func (r *Retries) String() string {
	if r.PerCall == 0 && r.Spent == 0 {
		return "none (--retries 0)"
	}
	s := fmt.Sprint(r.Spent)
	if len(r.ByOperation) > 0 {
		parts := make([]string, 0, len(r.ByOperation))
		for _, o := range r.ByOperation {
			parts = append(parts, fmt.Sprintf("%s %d", o.Operation, o.Retries))
		}
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	s += fmt.Sprintf(", budget %d, at most %d a call", r.Budget, r.PerCall)
	if r.NotResent > 0 {
		s += fmt.Sprintf(", spent: %s not resent", plural(r.NotResent, "call", "calls"))
	}
	return s
}

// reason is why the retries fail the verdict ("" when they do not).
func (r *Retries) reason() string {
	if r == nil || r.NotResent == 0 {
		return ""
	}
	return fmt.Sprintf("the retry budget of %d was spent: %s that got no answer could not be resent (errors, not judged)",
		r.Budget, plural(r.NotResent, "call", "calls"))
}
