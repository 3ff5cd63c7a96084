// Package breakage builds deliberately broken providers of the API for
// tests: a reverse proxy on loopback in front of a faithful emulator, each
// breaking one documented behaviour in a subtle way. Tests of explore and
// parity show that each break of All is found; Catalogue holds every
// provider, each with a witness (a few calls on which it answers otherwise
// than the emulator), and the detection run (make detection) writes which
// of them the suite and explore catch to docs/detection.md.
package breakage

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// Class is the kind of documented behaviour a provider breaks.
type Class string

// The classes of issue 19.
const (
	State    Class = "state read back"
	List     Class = "list semantics"
	Encoding Class = "list encoding"
	Boundary Class = "boundary"
	Envelope Class = "envelope"
	Auth     Class = "authentication"
)

// Classes lists every class, in the order the detection table shows them.
func Classes() []Class { return []Class{State, List, Encoding, Boundary, Envelope, Auth} }

// Provider is one broken provider.
type Provider struct {
	// Name says, in one line, what the provider breaks.
	Name  string
	Class Class
	// Op is the operation broken ("" = every operation: the envelope and
	// authentication breaks).
	Op string
	// Explained, when set, says why neither the suite nor explore catches
	// the break yet; the detection run fails on a break neither catches
	// without it, and on one caught that still carries it.
	Explained string
	// Options of the emulator behind the proxy.
	Options []mock.Option
	// Rewrite alters the parameters of a request (query and form alike)
	// before it reaches the emulator; the proxy signs it again (v1) with
	// the emulator's default key when its signature held, so the emulator
	// still checks signatures. Requests signed with v3 pass unchanged.
	Rewrite func(action string, p url.Values)
	// Answer alters an answer's headers and body.
	Answer func(h http.Header, body []byte) []byte
	// Route sees a request before the emulator, with the proxy's memory:
	// it may change its parameters (as Rewrite), its method and headers,
	// or ask for it to be signed again whatever its signature.
	Route func(x *Exchange)
	// Reply alters an answer knowing the request it answers: its status,
	// headers and body.
	Reply func(x *Exchange)
	// Witness is a few calls on which the provider answers otherwise than
	// the faithful emulator (TestWitnesses).
	Witness Witness
}

// Exchange is one request through the proxy, and then its answer.
type Exchange struct {
	Action string
	Method string
	// Params are the request's parameters, query and form together: as
	// sent in Reply, to be changed in Route.
	Params url.Values
	// ReqHeader is the request's headers (Route may change them).
	ReqHeader http.Header
	// Resign asks the proxy to sign the request again even when its
	// signature did not hold.
	Resign bool
	// Status, Header and Body are the answer's (Reply).
	Status int
	Header http.Header
	Body   []byte
	// Memo is the running provider's memory.
	Memo *Memo
	// Backend is the emulator's URL (its admin API is under /_mock).
	Backend string
}

// Memo is a provider's memory across requests.
type Memo struct {
	mu sync.Mutex
	m  map[string]string
}

// Get returns what was remembered under k.
func (m *Memo) Get(k string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[k]
}

// Set remembers v under k ("" forgets).
func (m *Memo) Set(k, v string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v == "" {
		delete(m.m, k)
		return
	}
	m.m[k] = v
}

// Server is a running broken provider.
type Server struct {
	URL     string
	Backend *mock.Server
	proxy   *httptest.Server
	calls   atomic.Int64
}

// Close stops the proxy and the emulator.
func (s *Server) Close() {
	s.proxy.Close()
	s.Backend.Close()
}

// Calls is how many API calls (not admin ones) the proxy has passed.
func (s *Server) Calls() int { return int(s.calls.Load()) }

type ctxKey struct{}

// Unthrottled lifts every QPS limit of the emulator behind a provider:
// the witnesses and explore do not pace, and throttling is the load
// probes' business.
func Unthrottled() []mock.Option {
	var opts []mock.Option
	for _, name := range contract.Default().OperationNames() {
		opts = append(opts, mock.WithQPS(name, 0))
	}
	return opts
}

// Start runs the provider on loopback; extra options go to the emulator.
func (p Provider) Start(extra ...mock.Option) *Server {
	backend := mock.NewServer(append(append([]mock.Option(nil), p.Options...), extra...)...)
	u, err := url.Parse(backend.URL)
	if err != nil {
		panic(err)
	}
	memo := &Memo{m: map[string]string{}}
	srv := &Server{Backend: backend}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		x, _ := resp.Request.Context().Value(ctxKey{}).(*Exchange)
		if x == nil || (p.Answer == nil && p.Reply == nil) {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if p.Answer != nil {
			body = p.Answer(resp.Header, body)
		}
		if p.Reply != nil {
			x.Status, x.Header, x.Body = resp.StatusCode, resp.Header, body
			p.Reply(x)
			resp.StatusCode, body = x.Status, x.Body
			resp.Status = fmt.Sprintf("%d %s", x.Status, http.StatusText(x.Status))
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mock.IsOwnPath(r.URL.Path) {
			rp.ServeHTTP(w, r)
			return
		}
		srv.calls.Add(1)
		x, err := p.prepare(r, memo, backend.URL)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, x)))
	})
	srv.proxy = httptest.NewServer(h)
	srv.URL = srv.proxy.URL
	return srv
}

// prepare reads the request's parameters, lets Rewrite and Route change
// them, and signs the request again when they did (v1, and only when its
// signature held or Route asked for it).
func (p Provider) prepare(r *http.Request, memo *Memo, backend string) (*Exchange, error) {
	q := r.URL.Query()
	var form url.Values
	var raw []byte
	if r.Body != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
		raw = b
		r.Body = io.NopCloser(bytes.NewReader(b))
		if form, err = url.ParseQuery(string(b)); err != nil {
			form = nil
		}
	}
	all := url.Values{}
	for _, vs := range []url.Values{q, form} {
		for k, v := range vs {
			all[k] = append(all[k], v...)
		}
	}
	action := all.Get("Action")
	if action == "" {
		action = r.Header.Get("x-acs-action")
	}
	x := &Exchange{Action: action, Method: r.Method, Params: all, ReqHeader: r.Header, Memo: memo, Backend: backend}
	if p.Rewrite == nil && p.Route == nil {
		return x, nil
	}
	sent := cloneValues(all)
	work := cloneValues(all)
	if p.Rewrite != nil {
		p.Rewrite(action, work)
	}
	if p.Route != nil {
		x.Params = work
		p.Route(x)
	}
	method := r.Method
	r.Method = x.Method
	x.Params = sent
	changed := work.Encode() != sent.Encode()
	sig := sent.Get("Signature")
	if sig == "" || (!changed && !x.Resign) {
		return x, nil // v3, unsigned or unchanged: passed as it is
	}
	if !x.Resign && aliyun.SignV1(mock.DefaultKeySecret, aliyun.StringToSignV1(method, sent)) != sig {
		return x, nil // a signature that did not hold stays refused
	}
	work.Del("Signature")
	work.Set("Signature", aliyun.SignV1(mock.DefaultKeySecret, aliyun.StringToSignV1(r.Method, work)))
	nq, nf := url.Values{}, url.Values{}
	for k, v := range work {
		if form != nil && form.Has(k) && !q.Has(k) {
			nf[k] = v
		} else {
			nq[k] = v
		}
	}
	r.URL.RawQuery = nq.Encode()
	if raw != nil {
		enc := nf.Encode()
		r.Body = io.NopCloser(strings.NewReader(enc))
		r.ContentLength = int64(len(enc))
		r.Header.Set("Content-Length", strconv.Itoa(len(enc)))
	}
	return x, nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
