package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
)

// DriveOptions are the optional parts of a drive.
type DriveOptions struct {
	// Companion is the probe of the companion operation: the requests the
	// schedule marks Companion go to it (nil = none may be asked for).
	Companion *Probe
	// File is where every result goes in vegeta's encoding (what `vegeta
	// report` and `vegeta plot` read), with its URL redacted; it is
	// created with the first result, so a drive that sends nothing leaves
	// no file. "" = none.
	File string
	// Out, when File is "", receives the results in the same encoding.
	Out io.Writer
	// Rate is the rate reported in the step (the highest the schedule
	// asks for); Duration the length it was asked to last (0 = as long
	// as it lasted).
	Rate     float64
	Duration time.Duration
}

// Drive sends the probe's requests as the schedule says, on one vegeta
// attacker, every request signed afresh, and returns the step (the probed
// operation's answers) and the record of every answer. Cancelling ctx
// stops it; what was seen so far is returned with ctx's error.
func Drive(ctx context.Context, c *aliyun.Client, p *Probe, s Schedule, o DriveOptions) (StepResult, *Record, error) {
	companion := ""
	if o.Companion != nil {
		companion = o.Companion.Operation
	}
	var acc *tally
	see := func(r *vegeta.Result, began time.Time) Hit {
		if acc == nil {
			acc = newTally(began)
		}
		hit := Hit{At: r.Timestamp.Add(r.Latency).Sub(began), Sent: r.Timestamp.Sub(began), Latency: r.Latency, Fault: IsFault(r)} // answered; add places it
		hit.Companion = companion != "" && actionOf(r.URL) == companion
		if hit.Companion {
			hit.Class = o.Companion.Classify(r)
		} else {
			hit.Class = p.Classify(r)
			acc.add(r, hit.Class, hit.Fault)
		}
		return hit
	}
	targeter := func(fp *feedbackPacer) vegeta.Targeter { return fp.targeter(c, p, o.Companion) }
	out := &resultFile{path: o.File, w: o.Out}
	rec, began, err := drive(ctx, c, s, p.Operation, targeter, out, see)
	if acc == nil {
		acc = newTally(began)
	}
	d := o.Duration
	if d <= 0 {
		d = time.Since(began)
	}
	res := acc.result(max(o.Rate, 1), d)
	if out.f != nil {
		res.File = o.File
	}
	if err != nil {
		return res, rec, err
	}
	return res, rec, ctx.Err()
}

// drive is the one loop every drive runs: a vegeta attacker paced by the
// schedule (through a feedbackPacer that shows it every answer), each
// result redacted, seen (see classifies it and keeps what it needs) and
// written in vegeta's encoding. It returns the record of every answer and
// when the drive began; an error only when the results could not be
// written. Cancelling ctx stops the attacker; the answers in flight still
// come.
func drive(ctx context.Context, c *aliyun.Client, s Schedule, name string, targeter func(*feedbackPacer) vegeta.Targeter,
	out *resultFile, see func(r *vegeta.Result, began time.Time) Hit) (*Record, time.Time, error) {
	atk := vegeta.NewAttacker(vegeta.Timeout(c.Timeout()), vegeta.KeepAlive(true),
		vegeta.Workers(8), vegeta.MaxWorkers(256), vegeta.Connections(256), vegeta.MaxBody(4096))
	defer context.AfterFunc(ctx, func() { atk.Stop() })()

	began := time.Now()
	fp := &feedbackPacer{ctx: ctx, sched: s, rec: &Record{}, began: began, wake: make(chan struct{}, 1), kinds: make(chan bool, 1<<16)}
	var werr error
	for r := range atk.Attack(targeter(fp), fp, 0, name) {
		// what is kept and written holds no secret: the one redaction point
		r.Error = aliyun.RedactText(strings.ReplaceAll(r.Error, r.URL, aliyun.RedactURL(r.URL)))
		hit := see(r, began)
		hit.RateLimit = rateLimitHeader(r.Headers)
		fp.add(hit)
		if werr == nil {
			if werr = out.write(r); werr != nil {
				atk.Stop() // and drain, so vegeta's workers finish
			}
		}
	}
	if cerr := out.close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fp.rec, began, fmt.Errorf("write results: %w", werr)
	}
	return fp.rec, began, nil
}

// Burst runs one constant-rate step: the probe at rate for duration, as
// the contract suite's throttling scenarios do. When out is not nil every
// result is also written to it in vegeta's encoding, its URL redacted.
func Burst(ctx context.Context, c *aliyun.Client, p *Probe, rate float64, duration time.Duration, out io.Writer) (StepResult, error) {
	if !(rate > 0) || rate > maxRate || duration <= 0 {
		return StepResult{}, fmt.Errorf("a step needs a rate from 0 to %d requests per second and a positive duration, not %g for %s", maxRate, rate, duration)
	}
	res, _, err := Drive(ctx, c, p, &Constant{Rate: rate, Duration: duration}, DriveOptions{Out: out, Rate: rate, Duration: duration})
	return res, err
}

// maxRate bounds any rate a drive asks for.
const maxRate = 100000

// feedbackPacer is a vegeta Pacer that asks a Schedule, which sees every
// answer so far. It waits for the next send time or the next answer,
// whichever comes first, and tells the targeter which operation each
// request is of.
type feedbackPacer struct {
	ctx   context.Context
	sched Schedule
	began time.Time
	mu    sync.Mutex
	rec   *Record
	wake  chan struct{} // an answer came
	kinds chan bool     // companion or not, one per request, in sending order
}

// Pace implements vegeta.Pacer.
func (f *feedbackPacer) Pace(time.Duration, uint64) (time.Duration, bool) {
	for {
		f.mu.Lock()
		now := time.Since(f.began) + f.rec.OneWay // when a request sent now reaches the provider
		next, done := f.sched.Next(now, f.rec)
		if !done && next.At <= now {
			f.rec.Sent++
		}
		f.mu.Unlock()
		switch {
		case done || f.ctx.Err() != nil:
			return 0, true
		case next.At <= now:
			select {
			case f.kinds <- next.Companion:
			default: // a full queue: the request goes to the probed operation
			}
			return 0, false
		}
		t := time.NewTimer(next.At - now)
		select {
		case <-f.wake:
		case <-t.C:
		case <-f.ctx.Done():
		}
		t.Stop()
	}
}

// Rate implements vegeta.Pacer; the rate is the schedule's to know.
func (f *feedbackPacer) Rate(time.Duration) float64 { return 0 }

func (f *feedbackPacer) add(h Hit) {
	f.mu.Lock()
	h.At -= f.rec.OneWay // when the provider answered
	f.rec.Hits = append(f.rec.Hits, h)
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// targeter builds each request of the probe, or of the companion when the
// schedule asked for one, signed afresh.
func (f *feedbackPacer) targeter(c *aliyun.Client, p, companion *Probe) vegeta.Targeter {
	main := Targeter(c, p)
	if companion == nil {
		return main
	}
	other := Targeter(c, companion)
	return func(t *vegeta.Target) error {
		select {
		case isCompanion := <-f.kinds:
			if isCompanion {
				return other(t)
			}
		default:
		}
		return main(t)
	}
}

// IsFault reports an answer that says nothing about the API: no answer at
// all (refused, reset, timed out), or one that is not Alibaba's (an error
// status without an Alibaba error code, such as a proxy's 502 page).
func IsFault(r *vegeta.Result) bool {
	if r.Code == 0 {
		return true
	}
	return (r.Code < 200 || r.Code >= 300) && ErrorCode(r.Body) == ""
}

// actionOf is the Action of a request URL ("" when it has none).
func actionOf(raw string) string {
	_, q, _ := strings.Cut(raw, "?")
	v, err := url.ParseQuery(q)
	if err != nil {
		return ""
	}
	return v.Get("Action")
}

// The rate-limit headers the official SDKs read.
const (
	headerUserAPI = "X-Ratelimit-User-Api"
	headerUser    = "X-Ratelimit-User"
)

// rateLimitHeader is the rate-limit header of an answer: the per-API one,
// else the per-user one, else "".
func rateLimitHeader(h http.Header) string {
	if v := h.Get(headerUserAPI); v != "" {
		return v
	}
	return h.Get(headerUser)
}

// resultFile writes vegeta results, created with the first one. No byte of
// a credential is written: the URL is redacted (AccessKeyId shortened,
// Signature and SecurityToken removed), in the URL field and wherever an
// error message quotes it.
type resultFile struct {
	path string
	w    io.Writer // when path is ""
	f    *os.File
	enc  vegeta.Encoder
}

func (w *resultFile) write(r *vegeta.Result) error {
	if w.path == "" && w.w == nil {
		return nil
	}
	if w.enc == nil && w.path == "" {
		w.enc = vegeta.NewEncoder(w.w)
	}
	if w.enc == nil {
		if err := os.MkdirAll(filepath.Dir(w.path), 0o755); err != nil {
			return err
		}
		f, err := os.Create(w.path)
		if err != nil {
			return err
		}
		w.f, w.enc = f, vegeta.NewEncoder(f)
	}
	red := *r
	red.URL = aliyun.RedactURL(r.URL)
	if r.Error != "" {
		red.Error = strings.ReplaceAll(r.Error, r.URL, red.URL)
		red.Error = strings.ReplaceAll(red.Error, strings.TrimPrefix(r.URL, "http://"), strings.TrimPrefix(red.URL, "http://"))
		red.Error = aliyun.RedactText(red.Error)
	}
	return w.enc.Encode(&red)
}

func (w *resultFile) close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	if errors.Is(err, os.ErrClosed) {
		return nil
	}
	return err
}
