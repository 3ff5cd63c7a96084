package steps

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// Transcript is what one scenario did, in order: its calls through the
// emulator's admin API (keys, faults, seeded groups, the clock) and every
// call of the API with its answer, all redacted. A run with
// Options.Verbose writes each scenario's transcript whole when the
// scenario ends, so scenarios running at once never interleave.
type Transcript struct {
	Feature string
	Name    string
	Tags    []string
	Status  string // passed, failed, error, skipped
	Reason  string // why it was skipped, or its error's first line
	// Target describes where it ran ("mock (embedded emulator at ...)").
	Target  string
	Entries []Entry
}

// Entry is one line of a transcript: an admin call (Admin set) or a call
// of the API (Exchange set).
type Entry struct {
	// Admin is a call of the emulator's admin API, redacted
	// ("POST /_mock/faults {...} -> 200").
	Admin string
	// Request is the API call as the step built it (it holds no
	// credential: the client signs).
	Request aliyun.Request
	// OtherKey says the call was signed with credentials other than the
	// scenario's own ("a wrong secret", "a second key", ...); "" when
	// signed with its own.
	OtherKey string
	// Exchange is the call and its answer, redacted.
	Exchange  *aliyun.Exchange
	Status    int
	Code      string // "" on success
	RequestID string
	Sent      time.Time
	// Burst, on an exchange picked out of a burst, says which one it is
	// and what the burst sent and got ("the first throttled of 100 sent at
	// 100/s for 1s: 52 served, 48 throttled").
	Burst string

	pending *pendingBurst // a burst's answers, read when the scenario ends
}

// IsAdmin reports an entry that is a call of the admin API.
func (e Entry) IsAdmin() bool { return e.Admin != "" }

// Print writes a transcript plainly: a heading, then each entry.
func (t *Transcript) Print(w io.Writer) {
	fmt.Fprintln(w, t.Heading())
	for _, e := range t.Entries {
		if e.IsAdmin() {
			fmt.Fprintf(w, "admin: %s\n\n", e.Admin)
			continue
		}
		if e.Burst != "" {
			fmt.Fprintf(w, "burst: %s\n", e.Burst)
		}
		fmt.Fprintf(w, "%s\n\n", e.Exchange)
	}
}

// Heading is the transcript's title line: feature, scenario and outcome.
func (t *Transcript) Heading() string {
	h := fmt.Sprintf("=== %s: %s (%s", t.Feature, t.Name, t.Status)
	if t.Reason != "" {
		h += ": " + firstLine(t.Reason)
	}
	return h + ")"
}

// logCall keeps an answered call for the failure report and the
// transcript.
func (w *World) logCall(req aliyun.Request, otherKey string, resp *aliyun.Response, sent time.Time, burst string) {
	w.entries = append(w.entries, callEntry(req, otherKey, resp, sent, burst))
}

func callEntry(req aliyun.Request, otherKey string, resp *aliyun.Response, sent time.Time, burst string) Entry {
	return Entry{Request: req, OtherKey: otherKey, Exchange: resp.Exchange,
		Status: resp.Status, Code: resp.Code, RequestID: resp.RequestID, Sent: sent, Burst: burst}
}

// exchangeTexts prints the scenario's exchanges, for a failure report.
func (w *World) exchangeTexts() []string {
	var out []string
	for _, e := range w.entries {
		if e.Exchange != nil {
			out = append(out, e.Exchange.String())
		}
	}
	return out
}

// lastCall is the scenario's last call of the API (nil when none).
func (w *World) lastCall() *Entry {
	for i := len(w.entries) - 1; i >= 0; i-- {
		if e := w.entries[i]; e.Exchange != nil {
			return &e
		}
	}
	return nil
}

// settleBursts replaces each burst kept whole by the answers it picks out
// (see pickBurst): read when the scenario ends, not between its steps,
// where a throttle window is running.
func (w *World) settleBursts() {
	var out []Entry
	for _, e := range w.entries {
		if e.pending == nil {
			out = append(out, e)
			continue
		}
		out = append(out, e.pending.pick()...)
	}
	w.entries = out
}

// logAdmin keeps a call of the admin API for the transcript.
func (w *World) logAdmin(line string) {
	w.entries = append(w.entries, Entry{Admin: aliyun.RedactText(line)})
}

// emitTranscript writes the scenario's transcript to Options.Verbose,
// whole, under the run's output lock.
func (w *World) emitTranscript(r ScenarioResult) {
	if w.s.transcripts == nil {
		return
	}
	reason := r.SkipReason
	if reason == "" {
		reason = r.Error
	}
	t := &Transcript{Feature: r.Feature, Name: r.Name, Tags: r.Tags, Status: r.Status, Reason: strings.TrimSpace(reason),
		Target: w.s.opts.Target.Describe(), Entries: w.entries}
	w.s.transcripts.print(t)
}

// transcriptWriter writes transcripts, one at a time.
type transcriptWriter struct {
	out lockedWriter
	fn  func(io.Writer, *Transcript)
}

func (tw *transcriptWriter) print(t *Transcript) {
	tw.out.mu.Lock()
	defer tw.out.mu.Unlock()
	tw.fn(tw.out.w, t)
}
