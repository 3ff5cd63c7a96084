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
	for i := 0; i < len(method); i++ {
		c := method[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	dst = append(dst, "&%2F&"...)
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
