// Package faultproxy gives tests broken networks on loopback: a port that
// refuses connections, an endpoint answering 502 with an HTML page, one
// that never answers, and a proxy in front of a good endpoint that resets a
// share of its connections.
package faultproxy

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livemsg/livemsg/mock"
)

// Refused returns the URL of a loopback port nothing listens on: port 1,
// which only root may bind and no ephemeral port ever is. (A port bound
// and closed again was handed to another test's server now and then on
// a busy machine, which then answered what should have been refused.)
func Refused(t testing.TB) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:1", time.Second)
	if err == nil {
		c.Close()
		t.Fatal("faultproxy: something listens on 127.0.0.1:1")
	}
	return "http://127.0.0.1:1"
}

// BadGateway answers every request 502 with an HTML page, as a proxy with
// no backend does.
func BadGateway(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Silent accepts connections and never answers; the connections are
// closed when the test ends.
func Silent(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// Action is the RPC action of a request (v1 query or v3 header).
func Action(r *http.Request) string {
	if a := r.Header.Get("x-acs-action"); a != "" {
		return a
	}
	return r.URL.Query().Get("Action")
}

// Resetting proxies to backend and resets the connection (TCP RST, no
// answer) of every nth request, so one request in n fails the way a flaky
// network fails it. Requests under /_mock/ pass untouched.
type Resetting struct {
	URL   string
	Reset atomic.Int64 // requests reset so far
	Total atomic.Int64 // requests seen (outside /_mock/)
}

// NewResetting starts the proxy.
func NewResetting(t testing.TB, backend string, n int) *Resetting {
	t.Helper()
	return NewResettingWhere(t, backend, n, nil)
}

// NewResettingWhere resets every nth of the requests match selects (all
// when match is nil); the others pass.
func NewResettingWhere(t testing.TB, backend string, n int, match func(*http.Request) bool) *Resetting {
	return newResetting(t, backend, n, match, false, 0)
}

// NewLosingWhere is NewResettingWhere resetting after the backend has
// answered: the request was carried out, its answer never arrives.
func NewLosingWhere(t testing.TB, backend string, n int, match func(*http.Request) bool) *Resetting {
	return newResetting(t, backend, n, match, true, 0)
}

// NewLosingLateWhere is NewLosingWhere holding the connection for hold
// before it resets it: the answer is lost late, as through a link whose
// timeout is long, and the client's resend comes that much later.
func NewLosingLateWhere(t testing.TB, backend string, n int, hold time.Duration, match func(*http.Request) bool) *Resetting {
	return newResetting(t, backend, n, match, true, hold)
}

func newResetting(t testing.TB, backend string, n int, match func(*http.Request) bool, after bool, hold time.Duration) *Resetting {
	t.Helper()
	u, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &Resetting{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mock.IsAdminPath(r.URL.Path) || match != nil && !match(r) {
			rp.ServeHTTP(w, r)
			return
		}
		if p.Total.Add(1)%int64(n) != 0 {
			rp.ServeHTTP(w, r)
			return
		}
		p.Reset.Add(1)
		if after {
			rp.ServeHTTP(httptest.NewRecorder(), r) // carried out; the answer goes nowhere
			time.Sleep(hold)
		}
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("faultproxy: no hijacker")
		}
		c, _, err := hj.Hijack()
		if err != nil {
			return
		}
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // close with RST
		}
		c.Close()
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}
