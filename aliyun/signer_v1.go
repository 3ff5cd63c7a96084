package aliyun

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"hash"
	"net/url"
	"slices"
	"strings"
)

// StringToSignV1 is METHOD&%2F&enc(canonical query).
func StringToSignV1(method string, params url.Values) string {
	return string(AppendStringToSignV1(make([]byte, 0, 512), method, params))
}

// AppendStringToSignV1 appends the v1 string to sign to dst. It is
// StringToSignV1 without the intermediate strings, for a verifier on a
// hot path: the canonical query is percent-encoded a second time as it is
// written (a byte that the first pass turns into %XY becomes %25XY).
func AppendStringToSignV1(dst []byte, method string, params url.Values) []byte {
	dst = appendPrefixV1(dst, method)
	var stack [24]pair
	pairs := stack[:0]
	for k, vs := range params {
		if k == "Signature" {
			continue
		}
		ek := PercentEncode(k)
		for _, v := range vs {
			pairs = append(pairs, pair{ek, v})
		}
	}
	// Sort by encoded name, then by encoded value (values are encoded
	// only to break a tie between repeated names, which is rare).
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(PercentEncode(a.v), PercentEncode(b.v))
	})
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, "%26"...)
		}
		dst = appendDoubleEncoded(dst, p.k, true)
		dst = append(dst, "%3D"...)
		dst = appendDoubleEncoded(dst, p.v, false)
	}
	return dst
}

// appendPrefixV1 appends METHOD&%2F&, the method in upper case.
func appendPrefixV1(dst []byte, method string) []byte {
	for i := 0; i < len(method); i++ {
		c := method[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return append(dst, "&%2F&"...)
}

// appendDoubleEncoded appends PercentEncode(PercentEncode(s)), or, when
// encoded is set, PercentEncode(s) for an s that is already encoded once.
func appendDoubleEncoded(dst []byte, s string, encoded bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c):
			dst = append(dst, c)
		case encoded: // only '%' can appear here
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		default:
			dst = append(dst, '%', '2', '5', hex[c>>4], hex[c&15])
		}
	}
	return dst
}

// SignV1 is base64(HMAC-SHA1(secret + "&", stringToSign)).
func SignV1(secret, stringToSign string) string {
	m := NewMACV1(secret)
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// NewMACV1 is the v1 HMAC-SHA1 for a secret; a verifier may keep one per
// key and Reset it between requests.
func NewMACV1(secret string) hash.Hash { return hmac.New(sha1.New, []byte(secret+"&")) }

// AppendStringToSignV1Canonical appends the v1 string to sign of a call
// whose parameters are exactly those of rawQuery, when rawQuery is already
// in canonical form: every pair name=value, names and values encoded as
// PercentEncode does (unreserved bytes as they are, any other byte as %XY in
// upper case), pairs sorted by name then value. Clients that sign a sorted
// query and send it as it was signed produce such queries, and then no
// decoding, re-encoding or sorting is needed. The Signature pair is left
// out. It reports false, having appended nothing, for any other query; use
// AppendStringToSignV1 on the decoded parameters then.
func AppendStringToSignV1Canonical(dst []byte, method, rawQuery string) ([]byte, bool) {
	start := len(dst)
	dst = appendPrefixV1(dst, method)
	var prevK, prevV string
	first := true
	for q := rawQuery; q != ""; {
		var part string
		part, q, _ = strings.Cut(q, "&")
		k, v, found := strings.Cut(part, "=")
		if !found || !isCanonical(k) || !isCanonical(v) {
			return dst[:start], false
		}
		if k == "Signature" {
			continue
		}
		if !first {
			if c := strings.Compare(prevK, k); c > 0 || (c == 0 && prevV > v) {
				return dst[:start], false
			}
			dst = append(dst, "%26"...)
		}
		first, prevK, prevV = false, k, v
		dst = appendDoubleEncoded(dst, k, true)
		dst = append(dst, "%3D"...)
		dst = appendDoubleEncoded(dst, v, true)
	}
	return dst, true
}

// isCanonical reports whether s is PercentEncode of what it decodes to.
func isCanonical(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved[c] {
			continue
		}
		if c != '%' || i+2 >= len(s) {
			return false
		}
		hi, lo := upperHex(s[i+1]), upperHex(s[i+2])
		if hi < 0 || lo < 0 || unreserved[hi<<4|lo] {
			return false
		}
		i += 2
	}
	return true
}

func upperHex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
