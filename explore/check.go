package explore

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// explorer is one run.
type explorer struct {
	cfg    Config
	c      *contract.Contract
	pacer  *aliyun.Pacer // nil: not paced
	prefix string

	mu        sync.Mutex
	sequences int
	requests  int
	spent     bool
	fatal     error
	best      *Divergence
	seen      bool // a divergence was seen: later sequences are shrink attempts
	firstAt   int  // the sequence that first diverged

	cov *Coverage
	app appInfo // the app of a real target, as read before the run
}

// check hands the property to rapid, which draws sequences, and shrinks the
// first that diverges.
func (x *explorer) check(ctx context.Context, res *Result) error {
	testingInit.Do(func() {
		// rapid reads testing.Short(), which panics in a program that is
		// not a test unless the testing flags exist and are parsed: the
		// livemsg binary parses its own flag sets, never flag.CommandLine
		testing.Init()
		if !flag.Parsed() {
			_ = flag.CommandLine.Parse(nil)
		}
	})
	for name, v := range map[string]string{
		"rapid.checks": fmt.Sprint(x.cfg.Budget), "rapid.seed": fmt.Sprint(x.cfg.Seed),
		"rapid.nofailfile": "true", "rapid.shrinktime": x.cfg.ShrinkTime.String(),
	} {
		if err := flag.CommandLine.Set(name, v); err != nil {
			return fmt.Errorf("explore: set %s: %w", name, err)
		}
	}
	t := &reporter{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		rapid.Check(t, x.property(ctx))
	}()
	<-done
	x.minimize(ctx)
	x.recordMinimal(ctx)
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.fatal != nil {
		return x.fatal
	}
	if t.Failed() && x.best == nil && !x.spent && ctx.Err() == nil {
		return fmt.Errorf("explore: %s", t.messages())
	}
	return nil
}

var testingInit sync.Once

// crowdPercent is the share of sequences whose app first holds others'
// groups.
const crowdPercent = 32

// property draws and runs one sequence. It does not use rapid's state
// machines (T.Repeat): they pick the action with SampledFrom, which favours
// the first names, and bound the steps by a process-wide flag; the loop
// here draws each step from the model with uniform weighted choices, and
// the sequence's length with it.
func (x *explorer) property(ctx context.Context) func(*rapid.T) {
	return func(t *rapid.T) {
		if x.stopped(ctx) || x.settled() {
			t.SkipNow()
		}
		n := x.next()
		groups := x.groups(n)
		// the draw stops following coverage once a divergence is seen:
		// rapid's shrinking replays choices, which must keep their meaning
		var cov *Coverage
		if !x.failing() {
			cov = x.cov
		}
		// members are joined through the admin API, which a cassette
		// does not keep: a recorded run joins none, so parity replays it
		joins := x.cfg.Admin != "" && x.cfg.Record == nil
		g := newGenerator(x.c, x.absent(), x.cfg.Real, joins, cov)
		if x.app.unread {
			g.withoutApp()
		}
		// a third of the most at least: chains need room; the last pass
		// of the shrinking drops every call it can
		floor := max(1, x.cfg.MaxSteps/3)
		steps := floor + uniform(t, x.cfg.MaxSteps-floor+1, "steps")
		// an app crowded with others' groups (the admin API seeds them):
		// lists have later pages, around the page size
		others := 0
		if x.cfg.Admin != "" && x.cfg.Record == nil && chance(t, crowdPercent, "crowded") {
			ps := x.c.Limits().GroupPageSize
			others = pick(t, []int{ps - 1, ps, ps + 1, 2 * ps}, "others")
		}
		div, err := x.runSequence(ctx, n, groups, &drawn{t: t, g: g, n: steps, others: others})
		if err != nil {
			if !errors.Is(err, ErrBudget) && ctx.Err() == nil {
				x.setFatal(err)
			}
			t.SkipNow()
		}
		if div != nil {
			x.keep(div)
			// One message for every divergence: rapid keeps a shrunk
			// sequence only when it fails with the same error.
			t.Fatal("the target and the oracle answered differently")
		}
	}
}

func (x *explorer) stopped(ctx context.Context) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return ctx.Err() != nil || x.spent || x.fatal != nil
}

// settled reports a divergence of a single call: nothing is smaller, so
// the shrinker's remaining candidates are refused without a request.
func (x *explorer) settled() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.best != nil && len(x.best.Steps) == 1
}

func (x *explorer) next() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.sequences++
	return x.sequences
}

func (x *explorer) failing() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.seen
}

func (x *explorer) setFatal(err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.fatal == nil {
		x.fatal = fmt.Errorf("explore: %w", err)
	}
}

// keep retains the shortest divergence seen (the latest of equals: rapid
// replays the minimal one last).
func (x *explorer) keep(d *Divergence) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.seen {
		x.firstAt = x.sequences
	}
	x.seen = true
	if x.best == nil || d.Calls() <= x.best.Calls() {
		x.best = d
	}
}

// minimize removes, one at a time, every call of the divergence whose
// removal still leaves a divergence, and makes a burst of sends one send
// where one is enough, until nothing can go (rapid's shrinking keeps the
// failure's shape; this makes the sequence 1-minimal).
func (x *explorer) minimize(ctx context.Context) {
	for changed := true; changed; {
		changed = false
		x.mu.Lock()
		best := x.best
		x.mu.Unlock()
		if best == nil || best.Calls() < 2 {
			return
		}
		for _, cand := range shorter(best.Steps) {
			if x.stopped(ctx) {
				return
			}
			n := x.next()
			groups := x.groups(n)
			cand = renameGroups(cand, best.Groups, groups)
			div, err := x.runSequence(ctx, n, groups, &fixed{steps: cand})
			if err == nil && div != nil && div.Calls() < best.Calls() {
				x.mu.Lock()
				x.best = div
				x.mu.Unlock()
				changed = true
				break
			}
		}
	}
}

// shorter lists the sequences one step shorter than steps (each step
// dropped in turn), then those whose burst of sends is one send, or two
// (an order to see).
func shorter(steps []Step) [][]Step {
	var out [][]Step
	for i := range steps {
		out = append(out, append(append([]Step(nil), steps[:i]...), steps[i+1:]...))
	}
	for _, n := range []int{0, 2} {
		for i, s := range steps {
			if s.Repeat > max(n, 1) {
				cand := slices.Clone(steps)
				cand[i].Repeat = n
				out = append(out, cand)
			}
		}
	}
	return out
}

// recordMinimal runs the minimal divergence once more, recorded, so that
// parity can replay it.
func (x *explorer) recordMinimal(ctx context.Context) {
	x.mu.Lock()
	best := x.best
	x.mu.Unlock()
	if best == nil || x.cfg.Record == nil || x.stopped(ctx) {
		return
	}
	n := x.next()
	groups := x.groups(n)
	_, _ = x.runNamed(ctx, n, x.prefix+" minimal divergence", true, groups, &fixed{steps: renameGroups(best.Steps, best.Groups, groups)})
}

// absent is the run's id of a group that does not exist: unique to the
// run, so that no earlier run's group answers for it on a real account.
func (x *explorer) absent() string { return x.prefix + "none" }

// groups names the group pool of sequence n: the last id is at the
// documented maximum length of a group id.
func (x *explorer) groups(n int) []string {
	out := make([]string, groupPool)
	for i := range out {
		out[i] = fmt.Sprintf("%s%dg%d", x.prefix, n, i+1)
	}
	if op := x.c.Op(contract.OpCreateLiveMessageGroup); op != nil {
		if p, ok := op.Param("GroupId"); ok && p.MaxLength > 0 {
			out[len(out)-1] = padID(out[len(out)-1], p.MaxLength)
		}
	}
	return out
}

func renameGroups(steps []Step, from, to []string) []Step {
	out := make([]Step, len(steps))
	for i, s := range steps {
		p := make(map[string]string, len(s.Params))
		for k, v := range s.Params {
			for j := range from {
				if v == from[j] {
					v = to[j]
				}
			}
			p[k] = v
		}
		s.Params = p
		out[i] = s
	}
	return out
}

// send paces a call to the target, counts it against the budget and sends
// it.
func (x *explorer) send(ctx context.Context, c *aliyun.Client, r aliyun.Request) (*aliyun.Response, error) {
	x.mu.Lock()
	if x.cfg.MaxRequests > 0 && x.requests >= x.cfg.MaxRequests {
		x.spent = true
		x.mu.Unlock()
		return nil, ErrBudget
	}
	x.requests++
	x.mu.Unlock()
	if err := x.pacer.Wait(ctx, r.Action); err != nil {
		return nil, err
	}
	resp, err := c.Do(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("target: %s: %w", r.Action, err)
	}
	if x.cfg.Log != nil && x.cfg.Real {
		fmt.Fprintf(x.cfg.Log, "  %s %d %s\n", r.Action, resp.Status, resp.Code)
	}
	return resp, nil
}

// reporter is the testing.TB rapid reports to, outside `go test`.
type reporter struct {
	mu     sync.Mutex
	failed bool
	msgs   []string
}

func (r *reporter) Helper()             {}
func (r *reporter) Name() string        { return "explore" }
func (r *reporter) Logf(string, ...any) {}
func (r *reporter) Log(...any)          {}
func (r *reporter) Skipf(string, ...any) {
	runtime.Goexit()
}
func (r *reporter) Skip(...any) { runtime.Goexit() }
func (r *reporter) SkipNow()    { runtime.Goexit() }
func (r *reporter) Errorf(format string, args ...any) {
	r.fail(fmt.Sprintf(format, args...))
}
func (r *reporter) Error(args ...any) { r.fail(fmt.Sprint(args...)) }
func (r *reporter) Fatalf(format string, args ...any) {
	r.fail(fmt.Sprintf(format, args...))
	runtime.Goexit()
}
func (r *reporter) Fatal(args ...any) { r.fail(fmt.Sprint(args...)); runtime.Goexit() }
func (r *reporter) FailNow()          { r.fail(""); runtime.Goexit() }
func (r *reporter) Fail()             { r.fail("") }
func (r *reporter) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

func (r *reporter) fail(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	if msg != "" && len(r.msgs) < 5 {
		r.msgs = append(r.msgs, msg)
	}
}

func (r *reporter) messages() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "; ")
}

// Interval is the spacing of the calls of an operation with this QPS limit
// on a paced run (80% of the limit).
func Interval(qps int) time.Duration { return aliyun.Gap(pacedShare, qps) }

// pacedShare is the share of an operation's limit a paced run uses.
const pacedShare = 0.8
