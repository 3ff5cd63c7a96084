// Package reports turns the outcome of a run (contract scenarios, error-code
// coverage, load probes) into summary.json for machines and report.html, one
// self-contained page for people. It takes plain data in; of the project it
// imports only the load package's result types, which it reads directly.
package reports

import (
	"time"

	"github.com/livemsg/livemsg/load"
)

// Verdicts and scenario statuses as they appear in a Summary.
const (
	Pass = "pass"
	Fail = "fail"

	Passed  = "passed"
	Failed  = "failed" // judged: the provider departed from the contract
	Errored = "error"  // not judged: no Alibaba answer (unreachable, timed out, not Alibaba's)
	Skipped = "skipped"
)

// Coverage statuses of an error code.
const (
	Reproduced = "reproduced"  // a passing scenario reproduces it
	CodeFailed = "failed"      // a scenario meant to reproduce it failed
	CodeError  = "error"       // its scenarios got no Alibaba answer: not judged
	CodeSkip   = "skipped"     // only skipped scenarios would reproduce it
	NotCovered = "not covered" // no scenario is tagged with it
)

// Summary is the facts of a run, computed by Build; summary.json holds it.
type Summary struct {
	Verdict   string    `json:"verdict"` // "pass" only when every scenario that ran passed (none failed, none an error), every load verdict is pass and, with --parity, no recording differs or refutes
	Reasons   []string  `json:"reasons"` // why the verdict is fail, one line each
	Target    string    `json:"target"`
	Livemsg   BuildInfo `json:"livemsg"` // the build that ran
	Args      []string  `json:"args"`    // its command line (flags), secrets redacted
	StartedAt time.Time `json:"started_at"`
	DurationS float64   `json:"duration_s"`
	Counts    Counts    `json:"counts"`
	// Features holds the scenarios of documented behaviour, by feature in
	// the order they ran; Assumptions holds the @assumption ones.
	Features     []Feature        `json:"features"`
	Assumptions  []ScenarioResult `json:"assumptions"`
	Coverage     []CoverageRow    `json:"coverage"`
	GatewayCodes []CodeCoverage   `json:"gateway_codes"`
	Load         *LoadSummary     `json:"load"` // null when the load probes did not run
	// Profile is a run of the application's own traffic (livemsg load
	// --profile; absent when none ran), as the load package reports it.
	Profile *load.ProfileResult `json:"profile,omitempty"`
	// Parity is the recordings replayed against the emulator (run
	// --parity DIR; absent without it).
	Parity *Parity `json:"parity,omitempty"`
	// Baseline is what changed since the run given with --baseline
	// (absent without one).
	Baseline *Comparison `json:"baseline,omitempty"`
	// Retries is what the run resent and on which operations (absent
	// when not known).
	Retries *Retries `json:"retries,omitempty"`
	// Files are the run's files the page links to (junit.xml,
	// summary.json, vegeta .bin files), as paths relative to report.html;
	// see RunFiles. Not in summary.json, which sits beside them.
	Files []string `json:"-"`
}

// Counts are the totals of a run.
type Counts struct {
	Scenarios   Tally         `json:"scenarios"`   // every scenario
	Documented  Tally         `json:"documented"`  // scenarios of documented behaviour
	Assumptions Tally         `json:"assumptions"` // @assumption scenarios
	Coverage    CoverageTally `json:"coverage"`    // operation x product code cells
	Gateway     CoverageTally `json:"gateway"`     // gateway codes
	Load        LoadTally     `json:"load"`
	Parity      *ParityTally  `json:"parity,omitempty"` // with run --parity
}

// Tally counts scenarios by status.
type Tally struct {
	Total   int `json:"total"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Errors  int `json:"errors"` // no Alibaba answer: not judged, not failures
	Skipped int `json:"skipped"`
}

// CoverageTally counts error codes by coverage status.
type CoverageTally struct {
	Total      int `json:"total"`
	Reproduced int `json:"reproduced"`
	Failed     int `json:"failed"`
	Errors     int `json:"errors"`
	Skipped    int `json:"skipped"`
	NotCovered int `json:"not_covered"`
}

// LoadTally counts load-probed operations by verdict.
type LoadTally struct {
	Operations int `json:"operations"`
	Passed     int `json:"passed"`
	Failed     int `json:"failed"`
}

// Feature is the scenarios of one feature file.
type Feature struct {
	Name      string           `json:"name"`
	Counts    Tally            `json:"counts"`
	Scenarios []ScenarioResult `json:"scenarios"`
}

// ScenarioResult is one scenario as reported.
type ScenarioResult struct {
	Feature    string   `json:"feature"`
	Name       string   `json:"name"`
	Tags       []string `json:"tags"`
	Status     string   `json:"status"` // passed, failed, error or skipped
	SkipReason string   `json:"skip_reason,omitempty"`
	FailedStep string   `json:"failed_step,omitempty"`
	Error      string   `json:"error,omitempty"`
	Exchanges  []string `json:"exchanges,omitempty"` // the last one is the actual exchange
	DurationS  float64  `json:"duration_s"`
	// Evidence, of an @assumption scenario, is the recordings on a real
	// target that confirm or refute it (run --parity).
	Evidence []Evidence `json:"evidence,omitempty"`
}

// CoverageRow is one operation of the contract and the coverage of each
// product error code its page documents.
type CoverageRow struct {
	Operation string         `json:"operation"`
	QPS       int            `json:"qps"`
	Codes     []CodeCoverage `json:"codes"`
	// Ran is how many of the scenarios tagged @op:OP ran (passed, failed
	// or got no answer) on this run's target, of Scenarios that exist: on
	// a real target the rest were skipped (@mock, @members...).
	Ran       int `json:"ran"`
	Scenarios int `json:"scenarios"`
}

// CodeCoverage is the coverage of one error code and the scenarios behind it.
type CodeCoverage struct {
	Code      string   `json:"code"`
	Status    string   `json:"status"` // reproduced, failed, error, skipped or not covered
	Scenarios []string `json:"scenarios"`
}

// LoadSummary is the load section: per operation, the limit probe and its
// verdict, as the load package reports them (one result type, read here
// directly).
type LoadSummary struct {
	Target     string                 `json:"target"`
	Verdict    string                 `json:"verdict"` // pass when every operation's verdict is pass
	Operations []load.OperationResult `json:"operations"`
}
