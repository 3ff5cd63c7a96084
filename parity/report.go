package parity

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// OpStats counts the exchanges of one operation: its parity score.
type OpStats struct {
	Op        string `json:"op"`
	Compared  int    `json:"compared"`
	Identical int    `json:"identical"`
	Different int    `json:"different"`
	NotResent int    `json:"not_resent,omitempty"` // refused in the recording for an envelope cause: not compared
	// LatestReal is when the newest recording on a real target with an
	// exchange of the operation compared was made; nil when none was:
	// the operation was never seen on a real account.
	LatestReal *time.Time `json:"latest_real_evidence"`
}

// NeverReal is what a score says of an operation no recording on a real
// target compared.
const NeverReal = "never seen on a real account"

// Score is the share of the compared exchanges that were identical, to
// three decimals (0 when none was compared).
func (s OpStats) Score() float64 {
	if s.Compared == 0 {
		return 0
	}
	return math.Round(1000*float64(s.Identical)/float64(s.Compared)) / 1000
}

// Evidence says when the operation was last seen on a real account, or
// NeverReal.
func (s OpStats) Evidence() string {
	if s.LatestReal == nil {
		return NeverReal
	}
	return s.LatestReal.UTC().Format(time.DateOnly)
}

// seenReal keeps the newest date of real evidence.
func (s *OpStats) seenReal(at time.Time) {
	if s.LatestReal == nil || at.After(*s.LatestReal) {
		at = at.UTC()
		s.LatestReal = &at
	}
}

// Report is the comparison of a folder of recordings.
type Report struct {
	Against   string     `json:"against"` // the emulator replayed against
	Cassettes []Cassette `json:"cassettes"`
	Ops       []OpStats  `json:"ops"`
}

// Add appends a recording's comparison and updates the counts.
func (r *Report) Add(c Cassette) {
	r.Cassettes = append(r.Cassettes, c)
	for _, e := range c.Exchanges {
		s := r.stats(e.Op)
		if e.NotResent != "" {
			s.NotResent++
			continue
		}
		s.Compared++
		if c.Meta.Target == realTarget {
			s.seenReal(c.Meta.Recorded)
		}
		if len(e.Differences) == 0 && e.Error == "" {
			s.Identical++
		} else {
			s.Different++
		}
	}
	sort.Slice(r.Ops, func(i, j int) bool { return r.Ops[i].Op < r.Ops[j].Op })
}

func (r *Report) stats(op string) *OpStats {
	for i := range r.Ops {
		if r.Ops[i].Op == op {
			return &r.Ops[i]
		}
	}
	r.Ops = append(r.Ops, OpStats{Op: op})
	return &r.Ops[len(r.Ops)-1]
}

// Differs reports whether any exchange differs.
func (r *Report) Differs() bool {
	for i := range r.Cassettes {
		if r.Cassettes[i].Differs() {
			return true
		}
	}
	return false
}

// realTarget is how a cassette names a real target.
const realTarget = "real"

// Totals sums the counts of every operation.
func (r *Report) Totals() OpStats {
	t := OpStats{Op: "all"}
	for _, s := range r.Ops {
		t.Compared += s.Compared
		t.Identical += s.Identical
		t.Different += s.Different
		t.NotResent += s.NotResent
		if s.LatestReal != nil {
			t.seenReal(*s.LatestReal)
		}
	}
	return t
}

// Scores is the parity score of every operation of the contract, by
// name (those no recording had with nothing compared), then of any
// other the recordings had, then the totals.
func (r *Report) Scores() []OpStats {
	seen := map[string]bool{}
	var out []OpStats
	for _, name := range contract.Default().OperationNames() {
		s := OpStats{Op: name}
		for _, o := range r.Ops {
			if o.Op == name {
				s = o
			}
		}
		seen[name] = true
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Op < out[j].Op })
	for _, o := range r.Ops {
		if !seen[o.Op] {
			out = append(out, o)
		}
	}
	return append(out, r.Totals())
}

// WriteText prints the report: each recording with its date, every
// difference and what was left out of a comparison, then the counts per
// operation.
func (r *Report) WriteText(w io.Writer) {
	for _, c := range r.Cassettes {
		state := "identical"
		if c.Differs() {
			state = "DIFFERS"
		}
		fmt.Fprintf(w, "%s %q (%s on %s, %s, recorded %s by livemsg %s): %s\n", c.Meta.Kind, c.Meta.Name, c.Meta.Outcome,
			c.Meta.Target, c.Meta.Endpoint, c.Meta.Recorded.UTC().Format(time.RFC3339), c.Meta.Livemsg, state)
		if c.Assumption != "" {
			fmt.Fprintf(w, "  @assumption %s by this recording\n", strings.ToUpper(c.Assumption))
		}
		for _, e := range c.Exchanges {
			if e.Error != "" {
				fmt.Fprintf(w, "  #%d %s: not replayed: %s\n", e.Index+1, e.Op, e.Error)
				continue
			}
			if e.NotResent != "" {
				fmt.Fprintf(w, "  #%d %s: not resent: %s\n", e.Index+1, e.Request, e.NotResent)
				continue
			}
			if len(e.Differences) == 0 && len(e.LeftOut) == 0 {
				continue
			}
			fmt.Fprintf(w, "  #%d %s\n", e.Index+1, e.Request)
			for _, d := range e.Differences {
				fmt.Fprintf(w, "    - %s\n", d.Describe("recorded", "emulator"))
			}
			for _, l := range e.LeftOut {
				fmt.Fprintf(w, "    left out of the comparison: %s\n", l)
			}
		}
	}
	fmt.Fprintf(w, "\nparity score per operation (identical of compared; the latest recording on a real account)\n")
	fmt.Fprintf(w, "%-34s %8s %9s %9s %10s %6s  %s\n", "operation", "compared", "identical", "different", "not resent", "score", "real evidence")
	for _, s := range r.Scores() {
		score := "-"
		if s.Compared > 0 {
			score = fmt.Sprintf("%.0f%%", 100*s.Score())
		}
		fmt.Fprintf(w, "%-34s %8d %9d %9d %10d %6s  %s\n", s.Op, s.Compared, s.Identical, s.Different, s.NotResent, score, s.Evidence())
	}
}
