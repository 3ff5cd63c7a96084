// Package steps holds the godog step definitions of the contract suite: a
// per-scenario World, the hooks that isolate and clean up each scenario, and
// Run, which executes the embedded features against any target.
package steps

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/features"
	"github.com/livemsg/livemsg/target"
)

// Options configure a run of the contract suite.
type Options struct {
	Target *target.Target
	// AppID is the app a real-target run works in (it never creates apps).
	AppID string
	// Tags is a godog tag expression selecting scenarios ("" = all).
	Tags string
	// AllowExpensive runs @expensive scenarios on a real target.
	AllowExpensive bool
	// Concurrency: scenarios run at once. 0 = 4 on an emulator with its
	// admin API (each scenario has its own account there), 1 elsewhere.
	Concurrency int
	// OutDir receives contract/junit.xml, contract/cucumber.json and, on a
	// real target, contract/journal.jsonl ("" = no files).
	OutDir string
	// Output receives godog's progress output (nil = discarded).
	Output io.Writer
	// Verbose, when set, receives every exchange, redacted (livemsg repro).
	Verbose io.Writer
	// TestingT turns each scenario into a subtest (go test).
	TestingT *testing.T
	// Record, when set, gives each scenario a transport that records its
	// exchanges over base, and a function to call with its outcome
	// (livemsg --record: one cassette per scenario).
	Record func(name string, tags []string, base http.RoundTripper) (http.RoundTripper, func(outcome, detail string))
}

// Result is what a run found.
type Result struct {
	Passed    bool
	Scenarios []ScenarioResult
	Duration  time.Duration
	Journal   string // path of the creation journal, if any
}

// ScenarioResult is one scenario's outcome.
type ScenarioResult struct {
	Feature    string        `json:"feature"`
	Name       string        `json:"name"`
	Tags       []string      `json:"tags"`
	Status     string        `json:"status"` // passed, failed, skipped
	SkipReason string        `json:"skip_reason,omitempty"`
	FailedStep string        `json:"failed_step,omitempty"`
	Error      string        `json:"error,omitempty"`
	Exchanges  []string      `json:"exchanges,omitempty"` // redacted, of a failed scenario
	Duration   time.Duration `json:"duration_ns"`
}

// Counts tallies the results by status.
func (r *Result) Counts() (passed, failed, skipped int) {
	for _, s := range r.Scenarios {
		switch s.Status {
		case "passed":
			passed++
		case "failed":
			failed++
		default:
			skipped++
		}
	}
	return passed, failed, skipped
}

// suite is what every scenario of one run shares.
type suite struct {
	opts     Options
	contract *contract.Contract
	prefix   string // run prefix: every resource name starts with it
	counter  atomic.Int64
	journal  *Journal
	pacer    *pacer            // real targets only: one account for all
	features map[string]string // pickle URI -> feature name

	mu      sync.Mutex
	results []ScenarioResult
}

// lockedWriter serialises writes from godog's formatter and from the
// scenarios' exchange log, which run on several goroutines and may share
// one writer (livemsg repro prints both to stdout).
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Run executes the embedded features against opts.Target.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Target == nil {
		return nil, fmt.Errorf("steps: no target")
	}
	if opts.Output == nil {
		opts.Output = io.Discard
	}
	var outMu sync.Mutex
	opts.Output = lockedWriter{mu: &outMu, w: opts.Output}
	if opts.Verbose != nil {
		opts.Verbose = lockedWriter{mu: &outMu, w: opts.Verbose}
	}
	s := &suite{opts: opts, contract: contract.Default(), prefix: runPrefix()}
	if opts.Target.Admin == "" {
		s.pacer = newPacer()
	}
	format := "progress"
	res := &Result{}
	if opts.OutDir != "" {
		dir := filepath.Join(opts.OutDir, "contract")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("steps: %w", err)
		}
		format += ",junit:" + filepath.Join(dir, "junit.xml") + ",cucumber:" + filepath.Join(dir, "cucumber.json")
		if opts.Target.IsReal() {
			res.Journal = filepath.Join(dir, "journal.jsonl")
			j, err := OpenJournal(res.Journal)
			if err != nil {
				return nil, err
			}
			defer j.Close()
			s.journal = j
		}
	}
	if opts.Target.IsReal() && opts.AppID == "" {
		return nil, fmt.Errorf("%w: a real target needs --app-id (or %s): the suite never creates apps there", target.ErrConfig, target.EnvAppID)
	}
	conc := opts.Concurrency
	if conc == 0 {
		conc = 1
		if opts.Target.Admin != "" {
			conc = 4
		}
	}
	start := time.Now()
	status := godog.TestSuite{
		Name:                "livemsg contract",
		ScenarioInitializer: s.initScenario,
		Options: &godog.Options{
			Format:         format,
			Output:         opts.Output,
			FS:             features.FS,
			Paths:          []string{"."},
			Tags:           opts.Tags,
			Concurrency:    conc,
			Strict:         true,
			DefaultContext: ctx,
			TestingT:       opts.TestingT,
			NoColors:       true,
		},
	}.Run()
	res.Duration = time.Since(start)
	res.Scenarios = s.results
	_, failed, _ := res.Counts()
	res.Passed = status == 0 && failed == 0
	if status == 2 {
		return res, fmt.Errorf("steps: the features could not be run (godog status 2)")
	}
	return res, nil
}

func (s *suite) record(r ScenarioResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results = append(s.results, r)
}

// name makes a unique resource name: run prefix, counter, alias.
func (s *suite) name(alias string) string {
	n := s.counter.Add(1)
	return fmt.Sprintf("%s%d%s", s.prefix, n, strings.Map(alnum, alias))
}

func alnum(r rune) rune {
	if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
		return r
	}
	return -1
}

// runPrefix is "lm" and six random letters: names stay unique across runs
// sharing one real account.
func runPrefix() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return "lm" + string(b)
}
