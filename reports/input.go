package reports

import (
	"strings"
	"time"

	"github.com/livemsg/livemsg/load"
)

// Input is everything a run produced, as plain data: the caller maps the
// contract suite's scenarios, the contract's operations and the load probes'
// results into it.
type Input struct {
	Target       string    // e.g. "mock (embedded emulator at http://127.0.0.1:1234)"
	Build        BuildInfo // the livemsg build that ran
	Args         []string  // the command line after the program name, secrets already redacted
	StartedAt    time.Time
	Duration     time.Duration
	Scenarios    []Scenario
	Operations   []OperationCodes    // from the contract: each operation and the product error codes its page documents
	GatewayCodes []string            // codes common to every operation (auth codes, Throttling.User, Missing{Param}...)
	Load         *load.Summary       // nil when the load probes did not run
	Profile      *load.ProfileResult // nil when no profile ran
	Baseline     *Summary            // an earlier run to compare with (nil: none)
	Parity       *Parity             // recordings replayed against the emulator (nil: none)
	Retries      *Retries            // what the run resent (nil: not known)
}

// BuildInfo identifies the livemsg build that ran: module version, commit and
// Go version, as `livemsg version --json` prints them.
type BuildInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Modified  bool   `json:"modified,omitempty"` // built from a work tree with uncommitted changes
	GoVersion string `json:"go_version"`
}

// String is the build in one line: "v0.3.0 (commit 0123456789ab, go1.26.1)".
func (b BuildInfo) String() string {
	if b.Version == "" {
		return "unknown"
	}
	s := b.Version
	var parts []string
	if b.Commit != "" {
		c := b.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if b.Modified {
			c += ", modified"
		}
		parts = append(parts, "commit "+c)
	}
	if b.GoVersion != "" {
		parts = append(parts, b.GoVersion)
	}
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
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
