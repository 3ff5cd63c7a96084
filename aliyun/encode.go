// Package aliyun is an RPC client for Alibaba Cloud APIs: it builds, signs
// (v1 HMAC-SHA1 and v3 ACS3-HMAC-SHA256) and sends calls, decodes the
// answers and Alibaba's error bodies, and captures each exchange with
// secrets redacted.
package aliyun

import (
	"net/url"
	"slices"
	"strings"
)

// PercentEncode encodes s as Alibaba's RPC signing rules require: the
// unreserved characters A-Z a-z 0-9 - _ . ~ stay, every other byte of the
// UTF-8 form becomes %XY in upper-case hex (space is %20, * is %2A).
func PercentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		clean = isUnreserved(s[i])
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isUnreserved(c byte) bool { return unreserved[c] }

var unreserved = func() (t [256]bool) {
	for c := range 256 {
		t[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '_' || c == '.' || c == '~'
	}
	return t
}()

// CanonicalQuery is every parameter except Signature, names and values
// percent-encoded, sorted by encoded name (then value), joined by &.
func CanonicalQuery(params url.Values) string {
	pairs := make([]pair, 0, len(params))
	size := 0
	for k, vs := range params {
		if k == "Signature" {
			continue
		}
		ek := PercentEncode(k)
		for _, v := range vs {
			p := pair{ek, PercentEncode(v)}
			size += len(p.k) + len(p.v) + 2
			pairs = append(pairs, p)
		}
	}
	slices.SortFunc(pairs, comparePairs)
	var b strings.Builder
	b.Grow(size)
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

type pair struct{ k, v string }

func comparePairs(a, b pair) int {
	if c := strings.Compare(a.k, b.k); c != 0 {
		return c
	}
	return strings.Compare(a.v, b.v)
}
