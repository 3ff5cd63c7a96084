package load

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// watcher follows a profile run while it goes: it checks the abort
// thresholds on the answers of the last second, every checkEvery, and
// prints a progress line every ProgressEvery (whole lines, so that a CI
// log reads them as they come).
type watcher struct {
	r      *profileRun
	cancel func()
	began  time.Time

	mu        sync.Mutex
	window    []answer // the answers of the last second, oldest first
	recent    *scoped  // since the last progress line
	since     map[abortKey]time.Duration
	aborted   string
	abortedAt time.Duration

	stopOnce sync.Once
	quit     chan struct{}
	done     chan struct{}
}

// answer is one answer as the watcher keeps it.
type answer struct {
	at      time.Time
	op      string
	class   Class
	fault   bool
	latency time.Duration
}

type abortKey struct {
	threshold int
	scope     string
}

// checkEvery is how often the abort thresholds are checked; the window
// they are checked on is the last second.
const (
	checkEvery  = 250 * time.Millisecond
	abortWindow = time.Second
)

func newWatcher(r *profileRun, cancel func(), began time.Time) *watcher {
	w := &watcher{r: r, cancel: cancel, began: began, recent: newScoped(), since: map[abortKey]time.Duration{},
		quit: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *watcher) add(op string, class Class, fault bool, latency time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.window = append(w.window, answer{at: time.Now(), op: op, class: class, fault: fault, latency: latency})
	w.recent.add(op, class, fault, latency, "")
}

func (w *watcher) stop() {
	w.stopOnce.Do(func() { close(w.quit) })
	<-w.done
}

func (w *watcher) run() {
	defer close(w.done)
	check := time.NewTicker(checkEvery)
	defer check.Stop()
	lastLine := time.Now()
	w.printf("[%6.1fs] profile %s: %d stages over %s, %d arrivals planned; mix %s\n", 0.0, w.r.p.File,
		len(w.r.p.Stages), w.r.plan.Duration, w.r.plan.Arrivals, mixText(w.r.p.Mix))
	for {
		select {
		case <-w.quit:
			return
		case now := <-check.C:
			if w.checkAbort(now) {
				return
			}
			if now.Sub(lastLine) >= w.r.cfg.ProgressEvery-checkEvery/2 {
				w.progress(now, now.Sub(lastLine))
				lastLine = now
			}
		}
	}
}

// checkAbort judges the abort thresholds on the answers of the last
// second; one broken for its After (continuously) stops the run.
func (w *watcher) checkAbort(now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	cut := 0
	for cut < len(w.window) && now.Sub(w.window[cut].at) > abortWindow {
		cut++
	}
	w.window = w.window[cut:]
	win := newScoped()
	for _, a := range w.window {
		win.add(a.op, a.class, a.fault, a.latency, "")
	}
	el := now.Sub(w.began)
	for i, th := range w.r.p.Thresholds {
		if !th.Abort {
			continue
		}
		for _, scope := range th.scopes(w.r.p.Mix) {
			v, ok := win.of(scope).metric(th.Metric)
			k := abortKey{i, scope}
			switch {
			case !ok: // nothing to judge: no evidence either way
				continue
			case v < th.Below:
				delete(w.since, k)
				continue
			}
			since, seen := w.since[k]
			if !seen {
				since, w.since[k] = el, el
			}
			if el-since >= th.After {
				w.aborted = fmt.Sprintf("%s (line %d) broken in %s for %s: %s over the last second at %.1fs",
					th, th.Line, scope, (el - since).Round(time.Millisecond), formatMetric(th.Metric, v), el.Seconds())
				w.abortedAt = el
				w.cancel()
				w.printfLocked("[%6.1fs] ABORT: %s\n", el.Seconds(), w.aborted)
				return true
			}
		}
	}
	return false
}

// progress prints one line: where the run is, the arrival rate planned
// and sent, and the answers since the last line.
func (w *watcher) progress(now time.Time, span time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	el := now.Sub(w.began)
	stage := w.r.stageAt(el)
	st := w.r.p.Stages[stage]
	from := w.r.p.StartRate
	if stage > 0 {
		from = w.r.p.Stages[stage-1].Rate
	}
	sched := w.r.p.Schedule()
	a := &w.recent.all
	line := fmt.Sprintf("[%6.1fs] stage %d/%d (%g→%g/s): planned %.1f/s, sent %.1f/s; served %d, throttled %d, errors %d",
		el.Seconds(), stage+1, len(w.r.p.Stages), from, st.Rate,
		float64(sched.Planned(el-span, el))/span.Seconds(), float64(a.answered())/span.Seconds(),
		a.counts[Served], a.counts[Throttled], a.counts[Other])
	if v, ok := a.metric("p95_ms"); ok {
		line += fmt.Sprintf(", p95 %.1fms", v)
	}
	var throttled []string
	for op, oa := range w.recent.ops {
		if oa.counts[Throttled] > 0 {
			throttled = append(throttled, fmt.Sprintf("%s %d", op, oa.counts[Throttled]))
		}
	}
	sort.Strings(throttled)
	if len(throttled) > 0 {
		line += " (throttled: " + strings.Join(throttled, ", ") + ")"
	}
	w.recent = newScoped()
	w.printfLocked("%s\n", line)
}

func (w *watcher) printf(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.printfLocked(format, args...)
}

func (w *watcher) printfLocked(format string, args ...any) {
	if w.r.cfg.Progress != nil {
		fmt.Fprintf(w.r.cfg.Progress, format, args...)
	}
}

func mixText(mix []MixEntry) string {
	parts := make([]string, 0, len(mix))
	for _, m := range mix {
		parts = append(parts, fmt.Sprintf("%s %g", m.Operation, m.Weight))
	}
	return strings.Join(parts, ", ")
}
