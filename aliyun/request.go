package aliyun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DefaultVersion is the API version of the Live interactive-messaging API.
const DefaultVersion = "2016-11-01"

// DefaultEndpoint is the public endpoint of ApsaraVideo Live.
const DefaultEndpoint = "https://live.aliyuncs.com"

// SignatureVersion selects the signing scheme.
type SignatureVersion int

// The signing schemes.
const (
	SignV1Version SignatureVersion = iota // HMAC-SHA1, parameters signed
	SignV3Version                         // ACS3-HMAC-SHA256, headers signed
)

// ListStyle selects how a list parameter travels.
type ListStyle int

// The list encodings real clients use.
const (
	ListRepeated ListStyle = iota // Name.1=a&Name.2=b (SDK v1)
	ListComma                     // Name=a,b (product docs, darabonba)
	ListJSON                      // Name=["a","b"]
)

// String is the style's name as livemsg call's --lists flag takes it.
func (s ListStyle) String() string {
	switch s {
	case ListComma:
		return "comma"
	case ListJSON:
		return "json"
	}
	return "repeated"
}

// Request is one RPC call to build and sign.
type Request struct {
	Action    string
	Version   string // "" = DefaultVersion
	Method    string // "" = POST; GET puts everything in the query
	Params    map[string]string
	Lists     map[string][]string
	ListStyle ListStyle
	Signature SignatureVersion
	Form      bool   // POST: business parameters in a form body
	Format    string // "" = JSON
	// Overrides replace or add protocol parameters (v1) or headers and
	// query parameters (v3) after the defaults and before signing.
	Overrides map[string]string
	// Omit drops protocol parameters or headers before signing.
	Omit []string
	// TamperSignature corrupts the signature after signing.
	TamperSignature bool
	// Fresh: what the call makes was not there before (a create of an id
	// never used). Only then may a read-back after a lost answer that
	// finds it say this call made it (RetryRules.Settle); without it, a
	// read-back can say only that the call was not carried out.
	Fresh bool
	// Repeatable: the caller knows a repeat of this call is answered as
	// the first and changes nothing more, though its operation is not
	// safe to repeat in general (a create of a group it made already:
	// AlreadyExists, nothing made). It is resent as a call safe to repeat.
	Repeatable bool
}

// Prepared is a signed request ready to send.
type Prepared struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// action names the call: the Action parameter (v1) or header (v3).
func (p *Prepared) action() string {
	if a := p.Header.Get("x-acs-action"); a != "" {
		return a
	}
	if _, q, ok := strings.Cut(p.URL, "?"); ok {
		if v, err := url.ParseQuery(q); err == nil && v.Get("Action") != "" {
			return v.Get("Action")
		}
	}
	if v, err := url.ParseQuery(string(p.Body)); err == nil && v.Get("Action") != "" {
		return v.Get("Action")
	}
	return "call"
}

// HTTPRequest makes the net/http request.
func (p *Prepared) HTTPRequest(ctx context.Context) (*http.Request, error) {
	var body *bytes.Reader
	if p.Body != nil {
		body = bytes.NewReader(p.Body)
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, p.Method, p.URL, body)
	} else {
		req, err = http.NewRequestWithContext(ctx, p.Method, p.URL, nil)
	}
	if err != nil {
		return nil, err
	}
	req.Header = p.Header.Clone()
	if h := p.Header.Get("Host"); h != "" {
		req.Host = h
		req.Header.Del("Host")
	}
	return req, nil
}

// businessValues encodes the request's own parameters, lists in its style.
func (r *Request) businessValues() (url.Values, error) {
	v := url.Values{}
	for k, val := range r.Params {
		v.Set(k, val)
	}
	for k, items := range r.Lists {
		switch r.ListStyle {
		case ListRepeated:
			for i, it := range items {
				v.Set(k+"."+strconv.Itoa(i+1), it)
			}
		case ListComma:
			v.Set(k, strings.Join(items, ","))
		case ListJSON:
			b, err := json.Marshal(items)
			if err != nil {
				return nil, fmt.Errorf("encode %s: %w", k, err)
			}
			v.Set(k, string(b))
		default:
			return nil, fmt.Errorf("unknown list style %d", r.ListStyle)
		}
	}
	return v, nil
}

func (r *Request) method() string {
	if r.Method == "" {
		return http.MethodPost
	}
	return strings.ToUpper(r.Method)
}

func (r *Request) version() string {
	if r.Version == "" {
		return DefaultVersion
	}
	return r.Version
}

func (r *Request) format() string {
	if r.Format == "" {
		return "JSON"
	}
	return r.Format
}

// tamper flips the first character of a signature.
func tamper(sig string) string {
	if sig == "" {
		return "x"
	}
	if sig[0] == 'A' {
		return "B" + sig[1:]
	}
	return "A" + sig[1:]
}
