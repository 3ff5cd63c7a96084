// Package explore runs random operation sequences, drawn from the
// contract with pgregory.net/rapid, against a target and, in lockstep,
// against a fresh in-process emulator as the oracle; it compares every
// answer (parity.Comparer) and shrinks the first divergence to a minimal
// sequence, printed as `livemsg call` lines.
package explore

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/parity"
)

// Config says what to explore and how far.
type Config struct {
	// Target is a client of the provider under test.
	Target *aliyun.Client
	// Admin is the target's admin API ("" on a real target): the explorer
	// resets it before each sequence and makes an app there.
	Admin string
	// AppID is the app to work in on a target without an admin API.
	AppID string
	// Real: the target is the real service. No apps are made, the data
	// center is never chosen, groups other runs left are ignored in lists,
	// and calls are paced under every QPS limit.
	Real bool
	// Pace waits between calls so that no operation exceeds its documented
	// QPS on the target (always on when Real).
	Pace bool
	// Budget is the number of sequences (default DefaultBudget).
	Budget int
	// MaxSteps is the most calls a sequence draws (default DefaultMaxSteps).
	MaxSteps int
	// MaxRequests caps the calls sent to the target, shrinking included
	// (0 = on a real target, Plan's bound for the budget twice over, to
	// leave room for shrinking; elsewhere no cap).
	MaxRequests int
	// Seed of the draw (0 = a random one, printed).
	Seed uint64
	// ShrinkTime bounds rapid's minimisation (default 5s); a last pass then
	// drops every call whose removal still leaves a divergence.
	ShrinkTime time.Duration
	// Journal records the groups made on a real target (steps.Journal).
	Journal Journal
	// Record, when set, gives a sequence its recording transport and a
	// function to call with the outcome (livemsg --record).
	Record func(name string, base http.RoundTripper) (http.RoundTripper, func(outcome, detail string))
	// Log receives progress lines (nil = none).
	Log io.Writer
}

// Journal records what a run creates on a real target, written ahead: a
// create as intended before it is sent (the provider may make the group
// and lose the answer), then its answer (steps.Journal).
type Journal interface {
	// Intended records a create about to be sent; when it fails, the
	// create must not go.
	Intended(app, group string) error
	Created(app, group string)
	NotCreated(app, group string)
	Deleted(app, group string)
}

// Defaults.
const (
	DefaultBudget   = 100
	DefaultMaxSteps = 14
	groupPool       = 3
)

// Result is what a run found.
type Result struct {
	Seed      uint64
	Sequences int // sequences run, shrinking included
	FoundAt   int // the sequence that first diverged (0 = none did)
	Requests  int // calls sent to the target
	// Divergence is the minimal sequence on which the target and the
	// oracle differ, nil when they never did.
	Divergence *Divergence
	// Stopped says why the run ended early ("" = the budget was spent).
	Stopped string
	// Coverage is what the run reached: answer codes by operation,
	// faults, protocol dimensions (Print writes the table).
	Coverage *Coverage
}

// Divergence is a minimal failing sequence.
type Divergence struct {
	Steps       []Step
	At          int // index of the step whose answers differ
	Differences []parity.Difference
	TargetApp   string
	Groups      []string // the group ids of the sequence
}

// Calls is how many calls the minimal sequence sends, up to the one whose
// answers differ (a repeated send counts each time).
func (d *Divergence) Calls() int {
	n := 0
	for _, s := range d.Steps[:d.At+1] {
		n += s.Calls()
	}
	return n
}

// Report prints the divergence.
func (d *Divergence) Report(w io.Writer, flags string) {
	fmt.Fprintf(w, "the target and the emulator differ after %d call(s); rerun on the target:\n\n", d.Calls())
	for i, s := range d.Steps[:d.At+1] {
		mark := "  "
		if i == d.At {
			mark = "> "
		}
		fmt.Fprintf(w, "%s%s\n", mark, s.CommandLine(flags, d.TargetApp))
	}
	fmt.Fprintf(w, "\ndifferences at the last call (target vs emulator):\n")
	for _, diff := range d.Differences {
		fmt.Fprintf(w, "  - %s\n", diff.Describe("target", "emulator"))
	}
}

// ErrBudget is returned when the request cap was reached.
var ErrBudget = errors.New("request budget spent")

// Run explores. Only one run at a time per process (rapid's settings are
// process-wide); a second waits.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Target == nil {
		return nil, errors.New("explore: no target")
	}
	if cfg.Admin == "" && cfg.AppID == "" {
		return nil, errors.New("explore: a target without an admin API needs an app (--app-id)")
	}
	cfg.defaults()
	if cfg.Seed == 0 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		cfg.Seed = binary.LittleEndian.Uint64(b[:]) >> 1
	}
	runMu.Lock()
	defer runMu.Unlock()
	x := &explorer{cfg: cfg, c: contract.Default(), pacer: newPacer(cfg.Real || cfg.Pace), prefix: runPrefix(), cov: newCoverage()}
	res := &Result{Seed: cfg.Seed, Coverage: x.cov}
	if cfg.Admin == "" {
		if rerr := x.readApp(ctx); rerr != nil {
			// without the app's settings they cannot be set back, nor
			// the oracle's app made alike: the app-level operations are
			// not drawn, the rest is explored
			x.app = appInfo{unread: true}
			if cfg.Log != nil {
				fmt.Fprintf(cfg.Log, "explore: %v: the app itself is left alone\n", rerr)
			}
		}
	}
	err := x.check(ctx, res)
	res.Sequences, res.Requests, res.FoundAt = x.sequences, x.requests, x.firstAt
	if x.best != nil {
		res.Divergence = x.best
	}
	switch {
	case ctx.Err() != nil:
		res.Stopped = "interrupted"
	case x.spent:
		res.Stopped = "request budget spent"
	}
	return res, err
}

var runMu sync.Mutex

func (c *Config) defaults() {
	if c.Budget <= 0 {
		c.Budget = DefaultBudget
	}
	if c.MaxSteps <= 0 {
		c.MaxSteps = DefaultMaxSteps
	}
	if c.Real {
		c.Pace = true
	}
	if c.MaxRequests <= 0 && c.Real {
		c.MaxRequests = 2 * PlanFor(contract.Default(), c.Budget, c.MaxSteps).Requests
	}
	if c.ShrinkTime <= 0 {
		c.ShrinkTime = 5 * time.Second
	}
}

// newPacer paces the calls to the target under every QPS limit, or not at
// all (nil).
func newPacer(on bool) *aliyun.Pacer {
	if !on {
		return nil
	}
	return aliyun.NewPacer(pacedShare, contract.Default().QPS)
}
