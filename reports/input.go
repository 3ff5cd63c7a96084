package reports

import (
	"time"

	"github.com/livemsg/livemsg/load"
)

// Input is everything a run produced, as plain data: the caller maps the
// contract suite's scenarios, the contract's operations and the load probes'
// results into it.
type Input struct {
	Target       string // e.g. "mock (embedded emulator at http://127.0.0.1:1234)"
	StartedAt    time.Time
	Duration     time.Duration
	Scenarios    []Scenario
	Operations   []OperationCodes // from the contract: each operation and the product error codes its page documents
	GatewayCodes []string         // codes common to every operation (auth codes, Throttling.User, Missing{Param}...)
	Load         *load.Summary    // nil when the load probes did not run
}

// Scenario is the outcome of one Gherkin scenario.
type Scenario struct {
	Feature, Name string
	// Tags as written, with the feature's own tags included, e.g.
	// "@op:DeleteLiveMessageGroup", "@code:ResourceNotExist", "@mock",
	// "@assumption", "@expensive".
	Tags       []string
	Status     string // passed, failed, skipped; anything else counts as failed
	SkipReason string
	FailedStep string
	Error      string
	Exchanges  []string // redacted HTTP exchanges of a failed scenario, last one = the actual
	Duration   time.Duration
}

// OperationCodes is one operation of the contract with its QPS limit and the
// product error codes its page documents.
type OperationCodes struct {
	Operation string
	QPS       int
	Codes     []string
}
