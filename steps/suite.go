// Package steps holds the godog step definitions of the contract suite: a
// per-scenario World, the hooks that isolate and clean up each scenario, and
// Run, which executes the embedded features against any target.
package steps

import (
	"context"
	"crypto/rand"
	"errors"
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

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
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
	// AllowOverLimit runs, on a real target, the scenarios that send
	// bursts over an operation's limit (--i-know-this-calls-the-real-service);
	// without it they are skipped with the reason.
	AllowOverLimit bool
	// Concurrency: scenarios run at once. 0 = 4 on an emulator with its
	// admin API (each scenario has its own account there), 1 elsewhere.
	Concurrency int
	// OutDir receives contract/junit.xml, contract/cucumber.json and, on a
	// real target, contract/journal.jsonl ("" = no files).
	OutDir string
	// ResultDir, when set, receives those files itself instead of
	// OutDir/contract (livemsg repro writes to DIR/repro/CODE/).
	ResultDir string
	// Output receives the run's progress, a plain line every so many
	// scenarios (nil = none); godog itself prints nothing.
	Output io.Writer
	// Verbose, when set, receives each scenario's Transcript (its admin
	// calls and every exchange, redacted) whole when the scenario ends,
	// so scenarios running at once never interleave (livemsg repro).
	Verbose io.Writer
	// Traces asks the CLI to print failed checks whole, with their
	// frames (livemsg --verbose); the suite itself keeps both.
	Traces bool
	// Print, with Verbose, writes one transcript (nil = Transcript.Print).
	Print func(io.Writer, *Transcript)
	// Features are folders (or files) of the user's own *.feature files,
	// run on the same steps as the built-in ones.
	Features []string
	// NoBuiltin leaves the built-in features out (only Features run).
	NoBuiltin bool
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
	// Diagnosis names, in one line, why calls got no Alibaba answer
	// ("target unreachable: connection refused (3 of 3 calls)"); "" when
	// every call was answered.
	Diagnosis string
}

// The statuses of a scenario.
const (
	StatusPassed  = "passed"
	StatusFailed  = "failed"  // the provider departed from the contract
	StatusError   = "error"   // a transport fault: no Alibaba answer, nothing judged
	StatusSkipped = "skipped" // not run, SkipReason says why (cancelled included)
)

// ScenarioResult is one scenario's outcome.
type ScenarioResult struct {
	Feature    string   `json:"feature"`
	Name       string   `json:"name"`
	Tags       []string `json:"tags"`
	Status     string   `json:"status"` // passed, failed, error, skipped
	SkipReason string   `json:"skip_reason,omitempty"`
	// Location is the scenario's feature file and line (its example row
	// for an outline); StepLocation the failed step's.
	Location     string        `json:"location,omitempty"`
	FailedStep   string        `json:"failed_step,omitempty"`
	StepLocation string        `json:"step_location,omitempty"`
	Error        string        `json:"error,omitempty"`
	Exchanges    []string      `json:"exchanges,omitempty"` // redacted, of a failed scenario
	Duration     time.Duration `json:"duration_ns"`
	// LastCall is the last call of a failed scenario, with its redacted
	// exchange: the one a failure block shows and sends again.
	LastCall *Entry `json:"-"`
	// StepAsWritten is the failed step with its keyword ("Then the call
	// fails with ..."), for the failure block.
	StepAsWritten string `json:"-"`
	// Trace is the failed checks' messages whole, testify's Error Trace
	// included (livemsg --verbose prints it).
	Trace string `json:"-"`
	id    string // the pickle id
}

// Counts tallies the results by status; transport errors are counted by
// Errors, not as failures.
func (r *Result) Counts() (passed, failed, skipped int) {
	for _, s := range r.Scenarios {
		switch s.Status {
		case StatusPassed:
			passed++
		case StatusFailed:
			failed++
		case StatusSkipped:
			skipped++
		}
	}
	return passed, failed, skipped
}

// Errors counts the scenarios a transport fault kept from being judged.
func (r *Result) Errors() int {
	n := 0
	for _, s := range r.Scenarios {
		if s.Status == StatusError {
			n++
		}
	}
	return n
}

// suite is what every scenario of one run shares.
type suite struct {
	opts     Options
	contract *contract.Contract
	prefix   string // run prefix: every resource name starts with it
	counter  atomic.Int64
	journal  *Journal
	pacer    *aliyun.Pacer     // real targets only: one account for all
	features map[string]string // pickle URI -> feature name
	faults   *aliyun.Faults    // calls and transport faults of the run
	// transcripts writes each scenario's transcript (nil = not asked for)
	transcripts *transcriptWriter
	at          locations  // file:line of the features' scenarios and steps
	total       int        // scenarios selected, for the progress lines
	requestIDs  requestIDs // every RequestId answered, to find a repeat

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

// ErrSelection marks a tag expression that does not parse or selects no
// scenario: the CLI exits 2 on it, a run that judged nothing is no pass.
var ErrSelection = errors.New("selection")

// Run executes the embedded features, and the user's own (Options.Features),
// against opts.Target.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Target == nil {
		return nil, fmt.Errorf("steps: no target")
	}
	if opts.Target.IsReal() && opts.AppID == "" {
		return nil, fmt.Errorf("%w: a real target needs --app-id (or %s): the suite never creates apps there", target.ErrConfig, target.EnvAppID)
	}
	if opts.Output == nil {
		opts.Output = io.Discard
	}
	var outMu sync.Mutex
	opts.Output = lockedWriter{mu: &outMu, w: &plainWriter{w: opts.Output}}
	files, err := featureSet(opts.Features, opts.NoBuiltin)
	if err != nil {
		return nil, err
	}
	selected, err := selectIn(opts.Tags, files)
	if err != nil {
		return nil, err
	}
	s := &suite{opts: opts, contract: contract.Default(), prefix: runPrefix(), faults: opts.Target.Client.Faults(), features: featureNames(files)}
	if opts.Verbose != nil {
		s.transcripts = &transcriptWriter{out: lockedWriter{mu: &outMu, w: opts.Verbose}, fn: opts.Print}
		if s.transcripts.fn == nil {
			s.transcripts.fn = func(w io.Writer, t *Transcript) { t.Print(w) }
		}
	}
	if opts.Target.Admin == "" {
		s.pacer = newPacer()
	}
	s.total = len(selected)
	format := formatName
	res := &Result{}
	dir := opts.FilesDir()
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("steps: %w", err)
		}
		format += ",cucumber:" + filepath.Join(dir, "cucumber.json")
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
	start := time.Now()
	status := s.godog(ctx, files, format)
	res.Duration = time.Since(start)
	res.Scenarios = s.ordered(selected)
	res.Diagnosis = s.diagnosis(res)
	_, failed, _ := res.Counts()
	res.Passed = status == 0 && failed == 0 && res.Errors() == 0 && ctx.Err() == nil
	if dir != "" {
		if err := writeResults(dir, res); err != nil {
			return res, err
		}
	}
	if status == 2 {
		return res, fmt.Errorf("steps: the features could not be run (godog status 2)")
	}
	return res, nil
}

// diagnosis is the one line that says why calls got no Alibaba answer.
func (s *suite) diagnosis(res *Result) string {
	if d := s.faults.Diagnosis(); d != "" {
		return d
	}
	for _, sc := range res.Scenarios {
		if sc.Status == StatusError {
			return firstLine(sc.Error)
		}
	}
	return ""
}

// FilesDir is the folder the run's files go to ("" = none): ResultDir, or
// OutDir/contract.
func (o Options) FilesDir() string {
	switch {
	case o.ResultDir != "":
		return o.ResultDir
	case o.OutDir != "":
		return filepath.Join(o.OutDir, "contract")
	}
	return ""
}

// broken says why no more scenario should start: the target gave no
// Alibaba answer to its first calls, or to the last several in a row.
func (s *suite) broken() string {
	_, answered, faults := s.faults.Counts()
	if (answered == 0 && faults >= brokenFirst) || s.faults.Streak() >= brokenStreak {
		return "the target stopped answering: " + s.faults.Diagnosis()
	}
	return ""
}

// The circuit breaker: no Alibaba answer to the first brokenFirst calls,
// or to brokenStreak calls in a row, stops the run.
const (
	brokenFirst  = 3
	brokenStreak = 6
)

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// redactFile passes a file written by godog through the redaction point.
func redactFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	if r := aliyun.RedactText(string(b)); r != string(b) {
		return os.WriteFile(path, []byte(r), 0o644)
	}
	return nil
}

func (s *suite) record(r ScenarioResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results = append(s.results, r)
	s.progress()
}

// progress prints a line every progressEvery scenarios (every eighth of
// the run on a large one): plain lines a CI log keeps, no dots.
func (s *suite) progress() {
	done, every := len(s.results), max(progressEvery, s.total/8)
	if done%every != 0 || done >= s.total {
		return
	}
	var p, f, e, k int
	for _, r := range s.results {
		switch r.Status {
		case StatusPassed:
			p++
		case StatusFailed:
			f++
		case StatusError:
			e++
		default:
			k++
		}
	}
	fmt.Fprintf(s.opts.Output, "%d/%d scenarios: %d passed, %d failed, %d errors, %d skipped\n", done, s.total, p, f, e, k)
}

// progressEvery is the fewest scenarios between two progress lines.
const progressEvery = 25

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

// godog runs the selected features with godog and returns its status;
// scenarios run 4 at once on an emulator with its admin API (each has its
// own account there), one at a time elsewhere, unless Concurrency says.
func (s *suite) godog(ctx context.Context, files []featureFile, format string) int {
	opts := s.opts
	conc := opts.Concurrency
	if conc == 0 {
		conc = 1
		if opts.Target.Admin != "" {
			conc = 4
		}
	}
	name := "livemsg contract " + s.prefix // unique: the formatter finds the run by it
	runs.Store(name, &s.at)
	defer runs.Delete(name)
	return godog.TestSuite{
		Name:                name,
		ScenarioInitializer: s.initScenario,
		Options: &godog.Options{
			Format:          format,
			Output:          io.Discard, // the formatter prints nothing; cucumber.json goes to its file
			FeatureContents: godogFeatures(files),
			Tags:            opts.Tags,
			Concurrency:     conc,
			Strict:          true,
			DefaultContext:  ctx,
			TestingT:        opts.TestingT,
			NoColors:        false, // with colours off godog writes cucumber.json a rune per Write (see plainWriter)
		},
	}.Run()
}

// writeResults completes and redacts dir/cucumber.json and writes
// dir/junit.xml.
func writeResults(dir string, res *Result) error {
	if err := fillCucumber(filepath.Join(dir, "cucumber.json"), res); err != nil {
		return err
	}
	if err := redactFile(filepath.Join(dir, "cucumber.json")); err != nil {
		return err
	}
	return WriteJUnit(filepath.Join(dir, "junit.xml"), "livemsg contract", res)
}

// newPacer paces a real-target run's calls at 80% of each operation's
// documented QPS: there every scenario shares one account, so the suite's
// own calls would otherwise be throttled.
func newPacer() *aliyun.Pacer { return aliyun.NewPacer(pacedShare, contract.Default().QPS) }

// pacedShare is the share of an operation's limit a paced run uses.
const pacedShare = 0.8
