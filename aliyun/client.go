package aliyun

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
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
	// Resent: the request went out more than once (net/http resends a
	// GET whose reused connection broke before the answer): the answer
	// is the last copy's, and the first may have been carried out.
	Resent bool
	parsed bool // the body is a JSON object or an XML document
}

// OK reports a 2xx answer without an error code.
func (r *Response) OK() bool { return r.Status/100 == 2 && r.Code == "" }

// Do builds, signs and sends a call. The error is for what kept the call
// from being answered (build, transport, timeout, cancellation); an API
// error is in the Response.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	p, err := c.Build(req)
	if err != nil {
		return nil, err
	}
	return c.Send(ctx, p)
}

// Send sends a prepared request. A call that got no Alibaba answer —
// unreachable target, no answer within the timeout, connection dropped, an
// answer that is not Alibaba's (HTML, empty) — fails with a
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
	c.faults.call()
	var writes atomic.Int32
	hreq = hreq.WithContext(httptrace.WithClientTrace(hreq.Context(), &httptrace.ClientTrace{
		WroteRequest: func(w httptrace.WroteRequestInfo) {
			if w.Err == nil {
				writes.Add(1)
			}
		},
	}))
	start := time.Now()
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, c.fault(parent, action, err)
	}
	defer hresp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hresp.Body, 16<<20))
	if err != nil {
		return nil, c.fault(parent, action, err)
	}
	resp := &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: body, Resent: writes.Load() > 1}
	resp.decode()
	if te := notAlibaba(action, resp); te != nil {
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
	c.faults.fault(te)
	return te
}

func (r *Response) decode() {
	t := bytes.TrimSpace(r.Body)
	if len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(t))
		var m map[string]any
		if dec.Decode(&m) == nil {
			r.parsed = true
			r.Fields = m
			r.RequestID, _ = m["RequestId"].(string)
			r.Code, _ = m["Code"].(string)
			r.Message, _ = m["Message"].(string)
		}
		return
	}
	if len(t) > 0 && t[0] == '<' {
		var x struct {
			RequestID string `xml:"RequestId"`
			Code      string `xml:"Code"`
			Message   string `xml:"Message"`
		}
		if xml.Unmarshal(t, &x) == nil {
			r.parsed = x.RequestID != "" || x.Code != ""
			r.RequestID, r.Code, r.Message = x.RequestID, x.Code, x.Message
		}
	}
}
