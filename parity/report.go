package parity

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// OpStats counts the exchanges of one operation.
type OpStats struct {
	Op        string `json:"op"`
	Compared  int    `json:"compared"`
	Identical int    `json:"identical"`
	Different int    `json:"different"`
	NotResent int    `json:"not_resent,omitempty"` // refused in the recording for an envelope cause: not compared
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

// Totals sums the counts of every operation.
func (r *Report) Totals() OpStats {
	t := OpStats{Op: "all"}
	for _, s := range r.Ops {
		t.Compared += s.Compared
		t.Identical += s.Identical
		t.Different += s.Different
		t.NotResent += s.NotResent
	}
	return t
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
	fmt.Fprintf(w, "\n%-34s %8s %9s %9s %10s\n", "operation", "compared", "identical", "different", "not resent")
	for _, s := range append(append([]OpStats(nil), r.Ops...), r.Totals()) {
		fmt.Fprintf(w, "%-34s %8d %9d %9d %10d\n", s.Op, s.Compared, s.Identical, s.Different, s.NotResent)
	}
}
