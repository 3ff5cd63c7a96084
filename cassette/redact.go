package cassette

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/livemsg/livemsg/aliyun"
)

// signingParams are the protocol parameters that only sign a request: they
// are never written (the key id is not even masked: replay signs with its
// own key). Timestamp is kept as its offset from the time of sending.
var signingParams = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range aliyun.SigningParams {
		m[p] = true
	}
	return m
}()

// signingHeaders are the v3 headers that only sign a request, and the
// transport's own headers; x-acs-date is kept as its offset.
var signingHeaders = map[string]bool{
	"authorization": true, "x-acs-signature-nonce": true, aliyun.HeaderSecurityToken: true,
	"x-acs-content-sha256": true, "user-agent": true, "content-length": true, "accept-encoding": true,
}

// TimestampParam and DateHeader carry the signing time of v1 and v3.
const (
	TimestampParam = "Timestamp"
	DateHeader     = "X-Acs-Date"
	timeLayout     = "2006-01-02T15:04:05Z"
)

// skewTolerance: a signing time closer than this to the time of sending
// is "now" and is not written; replay signs with its own clock.
const skewTolerance = 2 * time.Minute

func redactRequest(r *vcr.Request, now time.Time, secrets []string) {
	u, err := url.Parse(r.URL)
	if err == nil {
		q := filterParams(u.Query(), now)
		u.RawQuery = q.Encode()
		r.URL = u.String()
	} else {
		r.URL = aliyun.RedactURL(r.URL)
	}
	if r.Body != "" && isForm(r.Headers.Get("Content-Type")) {
		if v, err := url.ParseQuery(r.Body); err == nil {
			r.Body = filterParams(v, now).Encode()
		}
	}
	r.ContentLength = int64(len(r.Body))
	if r.Form != nil {
		r.Form = filterParams(r.Form, now)
	}
	h := http.Header{}
	for k, vs := range r.Headers {
		lk := strings.ToLower(k)
		switch {
		case signingHeaders[lk]:
		case lk == "x-acs-date":
			if rel, keep := relativeTime(firstOf(vs), now); keep {
				h.Set(DateHeader, rel)
			}
		default:
			h[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
		}
	}
	r.Headers = h
	r.URL, r.Body = scrub(r.URL, secrets), scrub(r.Body, secrets)
	for k, vs := range r.Form {
		for i := range vs {
			vs[i] = scrub(vs[i], secrets)
		}
		r.Form[k] = vs
	}
	for _, vs := range r.Headers {
		for i := range vs {
			vs[i] = scrub(vs[i], secrets)
		}
	}
}

// filterParams drops the signing parameters and turns Timestamp into its
// offset from now ("now+16m0s"), or drops it when it was now.
func filterParams(v url.Values, now time.Time) url.Values {
	out := url.Values{}
	for k, vs := range v {
		switch {
		case signingParams[k]:
		case k == TimestampParam:
			if rel, keep := relativeTime(firstOf(vs), now); keep {
				out.Set(k, rel)
			}
		default:
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}

// relativeTime writes a signing time as its offset from now. A value that
// is not a time is kept as it is (a malformed Timestamp is a test input,
// not a secret).
func relativeTime(v string, now time.Time) (string, bool) {
	t, err := time.Parse(timeLayout, v)
	if err != nil {
		return v, true
	}
	d := t.Sub(now).Round(time.Second)
	if d > -skewTolerance && d < skewTolerance {
		return "", false
	}
	if d > 0 {
		return "now+" + d.String(), true
	}
	return "now" + d.String(), true
}

// ResolveTime turns a recorded signing time back into a value for a
// request sent at now: "now+D" becomes the time D from now; any other
// value is returned as it is.
func ResolveTime(v string, now time.Time) string {
	rest, ok := strings.CutPrefix(v, "now")
	if !ok {
		return v
	}
	d, err := time.ParseDuration(rest)
	if err != nil {
		return v
	}
	return now.Add(d).UTC().Format(timeLayout)
}

// keptHeaders says which answer headers a cassette keeps: the type of the
// body and the service's own headers; the rest (Date, Server,
// Content-Length, Connection) says nothing about the API.
func keptHeader(name string) bool {
	lk := strings.ToLower(name)
	return lk == "content-type" || strings.HasPrefix(lk, "x-acs-") || strings.HasPrefix(lk, "x-ratelimit")
}

func redactResponse(r *vcr.Response, secrets []string) {
	h := http.Header{}
	for k, vs := range r.Headers {
		if keptHeader(k) {
			out := make([]string, len(vs))
			for i, v := range vs {
				out[i] = scrub(v, secrets)
			}
			h[http.CanonicalHeaderKey(k)] = out
		}
	}
	r.Headers = h
	r.Body = scrub(r.Body, secrets)
	r.ContentLength = int64(len(r.Body))
	r.TransferEncoding, r.Trailer = nil, nil
}

// scrub replaces every secret string.
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, aliyun.Redacted)
		}
	}
	return s
}

func isForm(ct string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/x-www-form-urlencoded")
}

func firstOf(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// Request is a recorded request as replay resends it.
type Request struct {
	Action, Version, Format string
	Method                  string
	V3                      bool // signed with ACS3-HMAC-SHA256 (Action in x-acs-action)
	Form                    bool // POST with the business parameters in a form body
	// Params are the business parameters as sent, list forms kept
	// (Name.1=, Name=a,b or Name=["a","b"]).
	Params url.Values
	// Timestamp is the signing time: "" (the time of sending), "now+D",
	// or a literal value.
	Timestamp string
}

// commonParams are carried by Request's own fields, not in Params.
var commonParams = map[string]bool{"Action": true, "Version": true, "Format": true, TimestampParam: true}

// Decode reads back a recorded request.
func Decode(i *vcr.Interaction) (Request, error) {
	r := Request{Method: strings.ToUpper(i.Request.Method), Params: url.Values{}}
	u, err := url.Parse(i.Request.URL)
	if err != nil {
		return r, fmt.Errorf("interaction %d: url: %w", i.ID, err)
	}
	all := u.Query()
	if i.Request.Body != "" && isForm(i.Request.Headers.Get("Content-Type")) {
		body, err := url.ParseQuery(i.Request.Body)
		if err != nil {
			return r, fmt.Errorf("interaction %d: form body: %w", i.ID, err)
		}
		r.Form = len(body) > 0
		for k, vs := range body {
			all[k] = append(all[k], vs...)
		}
	}
	for k, vs := range all {
		switch {
		case k == "Action":
			r.Action = firstOf(vs)
		case k == "Version":
			r.Version = firstOf(vs)
		case k == "Format":
			r.Format = firstOf(vs)
		case k == TimestampParam:
			r.Timestamp = firstOf(vs)
		case !commonParams[k]:
			r.Params[k] = vs
		}
	}
	if a := i.Request.Headers.Get("X-Acs-Action"); a != "" {
		r.V3, r.Action = true, a
		if v := i.Request.Headers.Get("X-Acs-Version"); v != "" {
			r.Version = v
		}
		if d := i.Request.Headers.Get(DateHeader); d != "" {
			r.Timestamp = d
		}
	}
	if r.Action == "" {
		return r, fmt.Errorf("interaction %d: no Action", i.ID)
	}
	return r, nil
}
