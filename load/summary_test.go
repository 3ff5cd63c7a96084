package load

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNetworkStopped: a run is stopped by the network when every verdict
// not a pass is inconclusive for transport faults alone.
func TestNetworkStopped(t *testing.T) {
	op := func(verdict string, sent, other, faults int) OperationResult {
		return OperationResult{Operation: "DeleteLiveMessageGroup", Verdict: verdict,
			Steps: []StepResult{{Sent: sent, Other: other, Faults: faults}}}
	}
	for _, tc := range []struct {
		name string
		ops  []OperationResult
		want string
	}{
		{"all passed", []OperationResult{op(Pass, 100, 0, 0)}, ""},
		{"lost answers", []OperationResult{op(Pass, 100, 0, 0), op(Inconclusive, 277, 73, 73)},
			"DeleteLiveMessageGroup: 73 of 277 answers were transport faults"},
		{"a fail beside them", []OperationResult{op(Fail, 100, 0, 0), op(Inconclusive, 277, 73, 73)}, ""},
		{"Alibaba errors too", []OperationResult{op(Inconclusive, 277, 80, 73)}, ""},
		{"faults within 1%", []OperationResult{op(Inconclusive, 200, 2, 2)}, ""},
		{"inconclusive for another reason", []OperationResult{op(Inconclusive, 200, 0, 0)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, (&Summary{Operations: tc.ops}).NetworkStopped())
		})
	}
}
