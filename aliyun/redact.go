package aliyun

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Redacted replaces every secret in printed output.
const Redacted = "REDACTED"

// Exchange is a request and its answer as printed: signatures, security
// tokens and secrets are redacted and the AccessKeyId masked when it is
// captured, so nothing secret is ever held in it.
type Exchange struct {
	Method         string
	URL            string
	RequestHeader  http.Header
	RequestBody    string
	Status         int
	ResponseHeader http.Header
	ResponseBody   string
	Duration       time.Duration
}

func capture(p *Prepared, r *Response, d time.Duration, creds Credentials) *Exchange {
	ex := &Exchange{
		Method:         p.Method,
		URL:            RedactURL(p.URL),
		RequestHeader:  RedactHeader(p.Header),
		RequestBody:    redactForm(string(p.Body)),
		Status:         r.Status,
		ResponseHeader: r.Header.Clone(),
		ResponseBody:   string(r.Body),
		Duration:       d,
	}
	Register(creds)
	ex.URL, ex.RequestBody, ex.ResponseBody = RedactText(ex.URL), RedactText(ex.RequestBody), RedactText(ex.ResponseBody)
	for _, h := range []http.Header{ex.RequestHeader, ex.ResponseHeader} {
		for k, vs := range h {
			for i, v := range vs {
				h[k][i] = RedactText(v)
			}
		}
	}
	return ex
}

// String prints the exchange like an HTTP dump.
func (e *Exchange) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", e.Method, e.URL)
	writeHeaders(&b, "> ", e.RequestHeader)
	if e.RequestBody != "" {
		fmt.Fprintf(&b, ">\n> %s\n", e.RequestBody)
	}
	fmt.Fprintf(&b, "< %d %s (%s)\n", e.Status, http.StatusText(e.Status), e.Duration.Round(time.Microsecond))
	writeHeaders(&b, "< ", e.ResponseHeader)
	fmt.Fprintf(&b, "<\n< %s", strings.TrimSpace(e.ResponseBody))
	return b.String()
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
		}
	}
}

// RedactURL redacts the signature and token of a URL and masks its key id.
func RedactURL(raw string) string {
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return raw
	}
	return base + "?" + redactForm(query)
}

func redactForm(form string) string {
	if form == "" {
		return ""
	}
	parts := strings.Split(form, "&")
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		switch {
		case IsSecretParam(name):
			parts[i] = k + "=" + Redacted
		case name == ParamAccessKeyID:
			id, err := url.QueryUnescape(v)
			if err != nil {
				id = v
			}
			parts[i] = k + "=" + MaskKeyID(id)
		}
	}
	return strings.Join(parts, "&")
}

var (
	authSignature  = regexp.MustCompile(`Signature=[^,\s]*`)
	authCredential = regexp.MustCompile(`Credential=([^,\s]*)`)
)

// RedactHeader redacts the Authorization signature and the security token
// of a header set and masks the key id.
func RedactHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		return http.Header{}
	}
	for k := range out {
		switch strings.ToLower(k) {
		case "authorization":
			for i, v := range out[k] {
				v = authSignature.ReplaceAllString(v, "Signature="+Redacted)
				v = authCredential.ReplaceAllStringFunc(v, func(m string) string {
					return "Credential=" + MaskKeyID(strings.TrimPrefix(m, "Credential="))
				})
				out[k][i] = v
			}
		case HeaderSecurityToken:
			out[k] = []string{Redacted}
		}
	}
	return out
}
