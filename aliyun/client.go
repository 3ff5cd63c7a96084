package aliyun

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"time"
)

// Client sends signed RPC calls to one endpoint with one set of credentials.
type Client struct {
	endpoint string
	creds    Credentials
	http     *http.Client
	timeout  time.Duration
	now      func() time.Time
	nonce    func() string
	faults   *Faults
	retry    retryPolicy
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithTimeout bounds each call (default 10s).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithClock sets the time source of timestamps.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithNonce sets the nonce source.
func WithNonce(f func() string) Option { return func(c *Client) { c.nonce = f } }

// WithFaults counts the client's calls and transport faults in f (a new
// client counts in its own).
func WithFaults(f *Faults) Option { return func(c *Client) { c.faults = f } }

// NewClient makes a client for an endpoint such as "https://live.aliyuncs.com"
// or "http://127.0.0.1:8080" (a bare host means https).
func NewClient(endpoint string, creds Credentials, opts ...Option) *Client {
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	c := &Client{
		endpoint: strings.TrimRight(endpoint, "/"),
		creds:    creds,
		http:     http.DefaultClient,
		timeout:  10 * time.Second,
		now:      time.Now,
		nonce:    NewNonce,
		faults:   &Faults{},
	}
	for _, o := range opts {
		o(c)
	}
	Register(creds)
	return c
}

// WithCredentials returns a client like c (endpoint, HTTP client, timeout,
// fault counts) that signs with other credentials.
func (c *Client) WithCredentials(creds Credentials) *Client {
	n := *c
	n.creds = creds
	Register(creds)
	return &n
}

// Timeout is the bound of each call.
func (c *Client) Timeout() time.Duration { return c.timeout }

// Faults counts the calls of this client and of those made from it.
func (c *Client) Faults() *Faults { return c.faults }

// With returns a copy of the client with more options: the same endpoint,
// credentials and settings over another http.Client, say, one whose
// Transport records every exchange (livemsg --record).
func (c *Client) With(opts ...Option) *Client {
	cp := *c
	for _, o := range opts {
		o(&cp)
	}
	return &cp
}

// HTTPClient returns the http.Client the client sends with.
func (c *Client) HTTPClient() *http.Client { return c.http }

// Endpoint returns the endpoint URL.
func (c *Client) Endpoint() string { return c.endpoint }

// Credentials returns the client's credentials.
func (c *Client) Credentials() Credentials { return c.creds }

// NewNonce returns a random UUID-shaped nonce.
func NewNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Response is the answer to a call.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Fields    map[string]any // the decoded JSON body (nil when not JSON)
	RequestID string
	Code      string // "" on success
	Message   string
	Exchange  *Exchange // the exchange, already redacted
	// Resent: net/http sent this request more than once on its own (it
	// resends a GET whose reused connection broke before the answer, the
	// same signed message, nonce included): the answer is the last copy's,
	// and the first may have been carried out. It is not the client's
	// resends (WithRetries, RetryThrottled), each built and signed afresh
	// and counted apart (TransportError.Resent, RetryBudget).
	Resent bool
	// Retried is how many times the client itself sent the call again
	// before this answer, after a lost answer or a transient code (not
	// after a throttle, RetryThrottled): the answer is the last copy's,
	// and it came that much later than the first was sent. A judge of
	// timing (a throttled call) cannot read it as the first copy's.
	Retried   int
	parsed    bool // the body is a JSON object or an XML document
	truncated bool // the body is the start of one, cut short
}

// OK reports a 2xx answer without an error code.
func (r *Response) OK() bool { return r.Status/100 == 2 && r.Code == "" }

// Do builds, signs and sends a call, and resends it as the client's
// retry options allow (WithRetries, RetryThrottled), each time built and
// signed afresh. The error is for what kept the call from being answered
// (build, transport, timeout, cancellation); an API error is in the
// Response, the last one's. A cancellation while waiting to resend comes
// with the last answer when there was one (a throttle, say): no request
// was in flight, and that answer still says what the call did (FateOf).
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	a := attempts{p: &c.retry, action: req.Action, safe: c.retry.safe(req)}
	c.retry.budget.call()
	for {
		p, err := c.Build(req)
		if err != nil {
			return nil, err
		}
		resp, err := c.Send(ctx, p)
		wait, again := a.next(resp, err)
		if !again {
			wait, again = a.settle(ctx, c, req, err)
		}
		if !again {
			if resp != nil {
				resp.Retried = a.resent
			}
			return resp, a.final(err)
		}
		if err := Sleep(ctx, wait); err != nil {
			return resp, fmt.Errorf("%s: %w", req.Action, err)
		}
	}
}

// Send sends a prepared request once: a prepared request is one signed
// message, and sending it again would reuse its nonce, which the gateway
// refuses (Do resends, built afresh). A call that got no Alibaba answer —
// unreachable target, no answer within the timeout, connection dropped, an
// answer cut short or not Alibaba's (HTML, empty) — fails with a
// *TransportError (errors.Is(err, ErrTransport)); a cancelled ctx gives
// ctx's error. No error message carries a secret.
func (c *Client) Send(ctx context.Context, p *Prepared) (*Response, error) {
	parent := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	action := p.action()
	hreq, err := p.HTTPRequest(ctx)
	if err != nil {
		return nil, RedactError(fmt.Errorf("%s: request: %w", action, shortURLError(err, c.endpoint)))
	}
	if c.retry.beforeSend != nil {
		if err := c.retry.beforeSend(action); err != nil {
			return nil, fmt.Errorf("%s: %w", action, err)
		}
	}
	c.faults.call()
	var copies copyTrace
	hreq = hreq.WithContext(httptrace.WithClientTrace(hreq.Context(), copies.trace()))
	start := time.Now()
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, c.fault(parent, action, err)
	}
	defer hresp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hresp.Body, 16<<20))
	if err != nil {
		return nil, c.fault(parent, action, &bodyError{err})
	}
	resp := &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: body, Resent: copies.resent()}
	resp.decode()
	if te := notAlibaba(action, resp); te != nil {
		te.OutcomeUnknown = c.retry.unsafe(action)
		c.faults.fault(te)
		return nil, te
	}
	c.faults.answered()
	resp.Exchange = capture(p, resp, time.Since(start), c.creds)
	return resp, nil
}

// fault turns what net/http said into the caller's cancellation or a
// counted *TransportError.
func (c *Client) fault(parent context.Context, action string, err error) error {
	if parent.Err() != nil {
		return fmt.Errorf("%s: %w", action, context.Cause(parent))
	}
	te := transportError(action, err, c.timeout, c.endpoint)
	// a request that left may have been carried out: if repeating it is
	// not safe, nobody may assume either way (a create is read back, never
	// resent blindly)
	te.OutcomeUnknown = !te.Unreachable && c.retry.unsafe(action)
	c.faults.fault(te)
	return te
}

func (r *Response) decode() {
	t := bytes.TrimSpace(r.Body)
	if len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(t))
		var m map[string]any
		err := dec.Decode(&m)
		if err == nil {
			r.parsed = true
			r.Fields = m
			r.RequestID, _ = m["RequestId"].(string)
			r.Code, _ = m["Code"].(string)
			r.Message, _ = m["Message"].(string)
		}
		r.truncated = errors.Is(err, io.ErrUnexpectedEOF)
		return
	}
	if len(t) > 0 && t[0] == '<' {
		var x struct {
			RequestID string `xml:"RequestId"`
			Code      string `xml:"Code"`
			Message   string `xml:"Message"`
		}
		err := xml.Unmarshal(t, &x)
		if err == nil {
			r.parsed = x.RequestID != "" || x.Code != ""
			r.RequestID, r.Code, r.Message = x.RequestID, x.Code, x.Message
		}
		var se *xml.SyntaxError
		r.truncated = errors.As(err, &se) && se.Msg == "unexpected EOF"
	}
}

// copyTrace tells from net/http's trace of one request whether net/http
// sent it again on its own: it does so only after the request was written
// on a kept-alive (reused) connection that then broke, and the copy goes
// on another connection. Writes alone do not tell: a transport that wraps
// net/http's may write the request elsewhere first (a recorder dumps it
// through a connection of its own, new, so not reused).
type copyTrace struct {
	mu     sync.Mutex
	reused bool // the latest connection taken was a kept-alive one
	onOld  bool // the request was written on a kept-alive connection
	again  bool // and written again after that
}

func (t *copyTrace) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) {
			t.mu.Lock()
			t.reused = i.Reused
			t.mu.Unlock()
		},
		WroteRequest: func(w httptrace.WroteRequestInfo) {
			if w.Err != nil {
				return
			}
			t.mu.Lock()
			t.again = t.again || t.onOld
			t.onOld = t.onOld || t.reused
			t.mu.Unlock()
		},
	}
}

func (t *copyTrace) resent() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.again
}
