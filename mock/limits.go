package mock

import (
	"errors"
	"io"
	"net/http"
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

// HTTPServer returns an http.Server serving the emulator with its
// timeouts. The read timeout covers a body the emulator refuses unread
// (the server discards what is left of it), and is lifted once a body is
// in, so an armed latency fault may hold an answer longer. There is no
// write timeout: a latency fault may hold an answer for a minute.
func (e *Emulator) HTTPServer() *http.Server {
	return &http.Server{Handler: e, ReadHeaderTimeout: e.timeouts.Header, ReadTimeout: e.timeouts.Read, IdleTimeout: e.timeouts.Idle}
}

var errBodyTooLarge = errors.New("request body too large")

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
