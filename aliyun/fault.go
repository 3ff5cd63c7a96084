package aliyun

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrTransport marks a call that got no Alibaba answer: the target could
// not be reached, did not answer in time, dropped the connection, or
// answered something that is not an Alibaba answer (an HTML page, an empty
// body). Such a call says nothing about the API: callers report it as
// "could not run", not as a contract failure. errors.Is(err, ErrTransport)
// holds for every *TransportError.
var ErrTransport = errors.New("no answer from the API")

// TransportError is a call that got no Alibaba answer. Its message carries
// no query string, key, token or signature.
type TransportError struct {
	Action string
	// Cause is short and countable: "connection refused", "no answer
	// within 10s", "connection reset", "502 text/html".
	Cause string
	// Unreachable: no connection could be made at all.
	Unreachable bool
	// NotAlibaba: an answer came, but not an Alibaba one (Status and
	// ContentType say what it was).
	NotAlibaba  bool
	Status      int
	ContentType string
	// Truncated: an answer began and was cut short (the connection closed
	// mid-body, or the body is the start of a JSON or XML document).
	Truncated bool
	// OutcomeUnknown: the request may have been carried out, and the call
	// is not safe to repeat, so it was not resent; whoever needs to know
	// must read the state back (a create's group, say).
	OutcomeUnknown bool
	// Resent is how many times the call was sent again before this fault
	// (WithRetries); BudgetSpent, that one more was wanted and the run's
	// retry budget had none left.
	Resent      int
	BudgetSpent bool
	// ReadBack is what reading the state back said of a call not safe to
	// repeat (RetryRules.Settle): Carried, its answer alone was lost;
	// NotCarried, it was sent again (this fault is the last copy's);
	// MaybeCarried (zero), nothing was read back.
	ReadBack Fate
	Err      error // what net/http said, redacted; nil for NotAlibaba
}

// CauseTruncated is the Cause of an answer cut short.
const CauseTruncated = "the answer was cut short (truncated)"

func (e *TransportError) Error() string {
	s := e.Action + ": "
	switch {
	case e.NotAlibaba:
		s += "target answered " + e.Cause + ": not an Alibaba answer"
	case e.Unreachable:
		s += "target unreachable: " + e.Cause
	default:
		s += e.Cause
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	if e.Resent > 0 {
		s += fmt.Sprintf("; sent %d times", e.Resent+1)
	}
	if e.BudgetSpent {
		s += "; not sent again: the run's retry budget is spent"
	}
	if e.ReadBack == Carried {
		s += "; read back, it was carried out: only its answer was lost"
	}
	if e.OutcomeUnknown {
		s += "; the outcome is unknown: the request may have been carried out, and " + e.Action +
			" is not safe to repeat, so it was not sent again"
	}
	return s
}

// Is makes errors.Is(err, ErrTransport) true.
func (e *TransportError) Is(target error) bool { return target == ErrTransport }

// Unwrap gives the redacted net/http error.
func (e *TransportError) Unwrap() error { return e.Err }

// NewTransportError classifies what net/http returned for a request whose
// own context was not cancelled (timeout is the request's bound).
func NewTransportError(action string, err error, timeout time.Duration) *TransportError {
	return transportError(action, err, timeout, "")
}

func transportError(action string, err error, timeout time.Duration, base string) *TransportError {
	te := &TransportError{Action: action, Err: RedactError(shortURLError(err, base))}
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var ne net.Error
	var body *bodyError
	var header textproto.ProtocolError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		te.Cause, te.Unreachable = "connection refused", true
	case errors.As(err, &dns):
		te.Cause, te.Unreachable = "host not found", true
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		te.Cause, te.Unreachable = "no route to host", true
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		te.Cause = "no answer within " + timeout.String()
	case errors.As(err, &body), errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &header):
		// the status and headers came, or some of them: whatever broke,
		// broke mid-answer (a bare EOF, nothing at all, is a reset; a
		// header line that stops before its colon is malformed to net/http)
		te.Cause, te.Truncated = CauseTruncated, true
	case errors.As(err, &cert), errors.As(err, &unknownCA), errors.As(err, &hostname):
		te.Cause, te.Unreachable = "TLS certificate not accepted", true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF):
		te.Cause = "connection reset"
	default:
		te.Cause = "transport failure"
	}
	return te
}

// bodyError is a failure to read an answer whose status and headers had
// come.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "reading the answer: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// shortURLError drops the query string (where v1 carries the key id, the
// token and the signature) from a *url.Error.
func shortURLError(err error, base string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		u := ue.URL
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u = u[:i]
		}
		if base != "" && !strings.HasPrefix(u, base) {
			u = base
		}
		return &url.Error{Op: ue.Op, URL: u, Err: ue.Err}
	}
	return err
}

// notAlibaba is the fault of an answer that is not an Alibaba answer: no
// body, or one that is neither a JSON object nor an XML document.
func notAlibaba(action string, r *Response) *TransportError {
	if r.parsed {
		return nil
	}
	if r.truncated {
		return &TransportError{Action: action, Cause: CauseTruncated, Truncated: true, Status: r.Status,
			ContentType: r.Header.Get("Content-Type")}
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		ct = mt
	}
	if ct == "" {
		ct = "no content type"
	}
	cause := fmt.Sprintf("%d %s", r.Status, ct)
	if len(strings.TrimSpace(string(r.Body))) == 0 {
		cause += ", empty body"
	}
	return &TransportError{Action: action, Cause: cause, NotAlibaba: true, Status: r.Status, ContentType: ct}
}

// Faults counts the calls of a run and those that got no Alibaba answer,
// by cause. Clients made from one another share it.
type Faults struct {
	mu      sync.Mutex
	calls   int
	answers int
	streak  int // faults since the last answer
	causes  map[string]*causeCount
}

type causeCount struct {
	n                       int
	unreachable, notAlibaba bool
}

func (f *Faults) call() {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
}

func (f *Faults) answered() {
	f.mu.Lock()
	f.answers++
	f.streak = 0
	f.mu.Unlock()
}

func (f *Faults) fault(te *TransportError) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.streak++
	if f.causes == nil {
		f.causes = map[string]*causeCount{}
	}
	c := f.causes[te.Cause]
	if c == nil {
		c = &causeCount{unreachable: te.Unreachable, notAlibaba: te.NotAlibaba}
		f.causes[te.Cause] = c
	}
	c.n++
}

// Counts returns the calls sent, those answered by Alibaba-shaped answers,
// and those that got none.
func (f *Faults) Counts() (calls, answered, faults int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.causes {
		faults += c.n
	}
	return f.calls, f.answers, faults
}

// Streak is how many calls in a row, up to the last one, got no Alibaba
// answer.
func (f *Faults) Streak() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.streak
}

// Diagnosis is one line naming the main cause of the faults and their
// count, e.g. "target unreachable: connection refused (88 of 88 calls)" or
// "target answered 502 text/html 40 times: not an Alibaba endpoint?"; ""
// when every call was answered.
func (f *Faults) Diagnosis() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.causes) == 0 {
		return ""
	}
	names := make([]string, 0, len(f.causes))
	for n := range f.causes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := f.causes[names[i]], f.causes[names[j]]
		if a.n != b.n {
			return a.n > b.n
		}
		return names[i] < names[j]
	})
	var parts []string
	for i, n := range names {
		c := f.causes[n]
		var s string
		switch {
		case c.notAlibaba:
			s = fmt.Sprintf("target answered %s %d %s", n, c.n, times(c.n))
			if i == 0 {
				s += ": not an Alibaba endpoint?"
			}
		case c.unreachable:
			s = fmt.Sprintf("target unreachable: %s (%d of %d calls)", n, c.n, f.calls)
		default:
			s = fmt.Sprintf("%s (%d of %d calls)", n, c.n, f.calls)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func times(n int) string {
	if n == 1 {
		return "time"
	}
	return "times"
}
