package mock

import (
	"errors"
	"io"
	"net/http"
	"runtime"
	"slices"
	"time"
)

// Timeouts bound how long a client may hold a connection; a zero field
// takes its default. Slow and idle connections are cut so that they cannot
// pile up.
type Timeouts struct {
	Header time.Duration // to receive a request's headers (default 10s)
	Read   time.Duration // to receive a whole request, headers and body (default 20s)
	Idle   time.Duration // a keep-alive connection between two requests (default 30s)
}

// Default timeouts.
const (
	DefaultHeaderTimeout = 10 * time.Second
	DefaultReadTimeout   = 20 * time.Second
	DefaultIdleTimeout   = 30 * time.Second
)

func (t Timeouts) withDefaults() Timeouts {
	if t.Header <= 0 {
		t.Header = DefaultHeaderTimeout
	}
	if t.Read <= 0 {
		t.Read = DefaultReadTimeout
	}
	if t.Idle <= 0 {
		t.Idle = DefaultIdleTimeout
	}
	return t
}

// maxHeaderBytes bounds a request's header block, request line (and so
// query) included: over it net/http answers 431 itself and closes the
// connection, having read no more. The handler's own query limit
// (maxQuery, answered InputInvalid) fits under it.
const maxHeaderBytes = maxQuery + 32<<10

// HTTPServer returns an http.Server serving the emulator with its
// timeouts and header limit. The read timeout also bounds the discarding
// of a body the emulator refused, and is lifted once a body is in, so an
// armed latency fault may hold an answer longer. There is no write
// timeout: a latency fault may hold an answer for a minute.
func (e *Emulator) HTTPServer() *http.Server {
	return &http.Server{Handler: e, ReadHeaderTimeout: e.timeouts.Header, ReadTimeout: e.timeouts.Read,
		IdleTimeout: e.timeouts.Idle, MaxHeaderBytes: maxHeaderBytes}
}

var errBodyTooLarge = errors.New("request body too large")

// heavyRequest is a request with a body over 64 KiB (or of unknown
// length) or a query over 16 KiB: reading and parsing it costs far more
// than an ordinary call, so only a few are served at once.
func heavyRequest(r *http.Request) bool {
	return r.ContentLength > 64<<10 || r.ContentLength < 0 || len(r.URL.RawQuery) > 16<<10
}

// gate admits a bounded number of heavy requests at once; the others wait
// their turn, parked, for up to the read timeout. A flood of large bodies
// then holds a few buffers and a few cores' worth of work, and ordinary
// calls are still served promptly.
type gate chan struct{}

func newGate() gate { return make(gate, max(2, runtime.GOMAXPROCS(0))) }

// enter waits for a place, up to wait; false when none came.
func (g gate) enter(wait time.Duration) bool {
	select {
	case g <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g <- struct{}{}:
		return true
	case <-t.C:
		return false
	}
}

func (g gate) leave() { <-g }

// readBody reads a request body of at most limit bytes. A declared length
// over the limit is refused unread. The buffer grows as bytes arrive
// (from at most 64 KiB up front), so a client that announces a large body
// and sends it slowly holds little memory until the read timeout cuts it.
func readBody(r *http.Request, limit int) ([]byte, error) {
	if r.ContentLength > int64(limit) {
		return nil, errBodyTooLarge
	}
	body, err := readLimited(r.Body, r.ContentLength, limit)
	if err != nil {
		return nil, err
	}
	if len(body) > limit {
		return nil, errBodyTooLarge
	}
	return body, nil
}

// discardBody drops the body of a request refused before its body was
// read (up to maxBody bytes, under the read timeout; io.Discard reads into
// a shared buffer). Left unread, a body of more than 256 KiB makes
// net/http hold the connection, and the request with its query, for half
// a second before closing it: a flood of such requests would pile up.
func discardBody(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength > maxBody {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBody+1))
}

// readLimited reads r to its end, or to limit+1 bytes. declared is the
// announced length (-1 unknown).
func readLimited(r io.Reader, declared int64, limit int) ([]byte, error) {
	const upFront = 64 << 10
	size := 512
	if declared > 0 {
		size = int(min(declared+1, int64(limit)+1, upFront))
	}
	buf := make([]byte, 0, size)
	lr := io.LimitedReader{R: r, N: int64(limit) + 1}
	for {
		if len(buf) == cap(buf) {
			next := 2 * cap(buf)
			if declared >= int64(next) { // the client is sending: take the rest at once
				next = int(declared + 1)
			}
			buf = slices.Grow(buf, min(next, limit+1)-len(buf))
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
