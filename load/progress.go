package load

import (
	"fmt"
	"io"
	"time"
)

// progress tells a terminal which probe runs and what it found; a nil
// writer says nothing.
type progress struct {
	w     io.Writer
	began time.Time
}

func newProgress(w io.Writer) *progress { return &progress{w: w, began: time.Now()} }

// start prints "DeleteLiveMessageGroup: from 150 rps (at most 30 throttled, 10s) ..."
// and end completes the line with what the probe found.
func (p *progress) start(op string, o LimitOptions) {
	if p.w == nil {
		return
	}
	o.defaults(DefaultTuning())
	fmt.Fprintf(p.w, "[%5.1fs] %s: from %g rps (at most %d throttled, %s) ...", time.Since(p.began).Seconds(), op, o.Start, o.MaxThrottled, o.MaxTime)
}

func (p *progress) end(r OperationResult) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, " sustained %.1f rps, burst %d, %s (%d throttled, %.1fs)\n", r.SustainedQPS, r.Burst, r.Shape, r.Throttled, r.Seconds)
}
