package load

import (
	"fmt"
	"io"
	"time"
)

// progress tells a terminal which step runs and how far the run is; a nil
// writer says nothing.
type progress struct {
	w     io.Writer
	began time.Time
}

func newProgress(w io.Writer) *progress { return &progress{w: w, began: time.Now()} }

// stepStart prints "DeleteLiveMessageGroup step 2/4: 50 rps for 4s ..." and
// stepEnd completes the line with what the step saw.
func (p *progress) stepStart(op string, i, n int, rate float64, d time.Duration) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "[%5.1fs] %s step %d/%d: %g rps for %s ...", time.Since(p.began).Seconds(), op, i, n, rate, d)
}

func (p *progress) stepEnd(s StepResult) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, " served %d throttled %d other %d (%.1f accepted/s, p99 %.1f ms)\n",
		s.Served, s.Throttled, s.Other, s.AcceptedQPS, s.P99ms)
}

// note prints a line of its own.
func (p *progress) note(format string, args ...any) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "[%5.1fs] "+format+"\n", append([]any{time.Since(p.began).Seconds()}, args...)...)
}
