// Package breakage builds deliberately broken providers of the API for
// tests: a reverse proxy on loopback in front of a faithful emulator, each
// breaking one documented behaviour in a subtle way. Tests of explore and
// parity show that each break is found.
package breakage

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// Provider is one broken provider.
type Provider struct {
	Name string
	// Options of the emulator behind the proxy.
	Options []mock.Option
	// Rewrite alters the parameters of a request (query and form alike)
	// before it reaches the emulator; the proxy signs it again (v1) with
	// the emulator's default key, so the emulator still checks
	// signatures. Requests signed with v3 pass unchanged.
	Rewrite func(action string, p url.Values)
	// Answer alters an answer's headers and body.
	Answer func(h http.Header, body []byte) []byte
}

// All returns every broken provider.
func All() []Provider {
	return []Provider{
		{Name: fmt.Sprintf("%d users accepted when comma-separated", contract.Default().Limits().UsersPerCall+1), Rewrite: truncateCommaLists},
		{Name: contract.OpListLiveMessageGroups + " sort order ignored", Rewrite: func(action string, p url.Values) {
			if action == contract.OpListLiveMessageGroups && p.Get("SortType") == "2" {
				p.Set("SortType", "1")
			}
		}},
		{Name: "answers without HostId", Answer: func(_ http.Header, b []byte) []byte {
			b = jsonHostID.ReplaceAll(b, nil)
			return xmlHostID.ReplaceAll(b, nil)
		}},
		{Name: "JSON answered to Format=XML", Rewrite: func(_ string, p url.Values) {
			if strings.EqualFold(p.Get("Format"), "XML") {
				p.Set("Format", "JSON")
			}
		}},
		{Name: "one RequestId for every answer", Answer: func(h http.Header, b []byte) []byte {
			const rid = "5B1C0A55-7E3A-4C1D-9F00-000000000001"
			if h.Get("X-Acs-Request-Id") != "" {
				h.Set("X-Acs-Request-Id", rid)
			}
			b = jsonRequestID.ReplaceAll(b, []byte(`"RequestId":"`+rid+`"`))
			return xmlRequestID.ReplaceAll(b, []byte(`<RequestId>`+rid+`</RequestId>`))
		}},
		{Name: "Timestamp more than 15 minutes off accepted", Options: []mock.Option{func(c *mock.Config) { c.MaxSkew = 48 * time.Hour }}},
		{Name: "Content-Type text/plain", Answer: func(h http.Header, b []byte) []byte {
			h.Set("Content-Type", "text/plain;charset=utf-8")
			return b
		}},
	}
}

var (
	jsonHostID    = regexp.MustCompile(`"HostId":"[^"]*",?`)
	xmlHostID     = regexp.MustCompile(`<HostId>[^<]*</HostId>`)
	jsonRequestID = regexp.MustCompile(`"RequestId":"[^"]*"`)
	xmlRequestID  = regexp.MustCompile(`<RequestId>[^<]*</RequestId>`)
)

// truncateCommaLists keeps the first MaxItems (UsersPerCall) items of a
// list sent comma-separated: the provider silently accepts one user more.
func truncateCommaLists(action string, p url.Values) {
	op, ok := contract.Default().Operation(action)
	if !ok {
		return
	}
	for _, prm := range op.Params {
		v := p.Get(prm.Name)
		if !prm.List || prm.MaxItems == 0 || strings.HasPrefix(strings.TrimSpace(v), "[") {
			continue
		}
		if items := strings.Split(v, ","); len(items) > prm.MaxItems {
			p.Set(prm.Name, strings.Join(items[:prm.MaxItems], ","))
		}
	}
}

// Server is a running broken provider.
type Server struct {
	URL     string
	Backend *mock.Server
	proxy   *httptest.Server
}

// Close stops the proxy and the emulator.
func (s *Server) Close() {
	s.proxy.Close()
	s.Backend.Close()
}

// Start runs the provider on loopback; extra options go to the emulator.
func (p Provider) Start(extra ...mock.Option) *Server {
	backend := mock.NewServer(append(append([]mock.Option(nil), p.Options...), extra...)...)
	u, err := url.Parse(backend.URL)
	if err != nil {
		panic(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	if p.Answer != nil {
		rp.ModifyResponse = func(resp *http.Response) error {
			if strings.HasPrefix(resp.Request.URL.Path, "/_mock") || resp.Request.URL.Path == "/healthz" {
				return nil
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			resp.Body.Close()
			body = p.Answer(resp.Header, body)
			resp.Body = io.NopCloser(bytes.NewReader(body))
			resp.ContentLength = int64(len(body))
			resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
			return nil
		}
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.Rewrite != nil && !strings.HasPrefix(r.URL.Path, "/_mock") {
			if err := rewrite(r, p.Rewrite); err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
		}
		rp.ServeHTTP(w, r)
	})
	proxy := httptest.NewServer(h)
	return &Server{URL: proxy.URL, Backend: backend, proxy: proxy}
}

// rewrite applies f to the query and the form body of a v1 request and
// signs it again with the emulator's default key.
func rewrite(r *http.Request, f func(string, url.Values)) error {
	q := r.URL.Query()
	if q.Get("Signature") == "" {
		return nil // v3, or unsigned: passed as it is
	}
	var form url.Values
	if r.Body != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return fmt.Errorf("read body: %w", err)
		}
		if form, err = url.ParseQuery(string(b)); err != nil {
			form = nil
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
	}
	action := q.Get("Action")
	f(action, q)
	all := url.Values{}
	for k, v := range q {
		all[k] = v
	}
	if form != nil {
		f(action, form)
		for k, v := range form {
			all[k] = v
		}
		enc := form.Encode()
		r.Body = io.NopCloser(strings.NewReader(enc))
		r.ContentLength = int64(len(enc))
		r.Header.Set("Content-Length", strconv.Itoa(len(enc)))
	}
	all.Del("Signature")
	q.Set("Signature", aliyun.SignV1(mock.DefaultKeySecret, aliyun.StringToSignV1(r.Method, all)))
	r.URL.RawQuery = q.Encode()
	return nil
}
