package aliyun

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"sort"
	"strings"
)

// AlgorithmV3 names the v3 signature scheme.
const AlgorithmV3 = "ACS3-HMAC-SHA256"

// CanonicalRequestV3 builds the v3 canonical request:
// method, URI, canonical query, canonical headers, signed header names and
// the hashed payload, one per line. headers maps lower-case names to values.
func CanonicalRequestV3(method, uri string, query url.Values, headers map[string]string, signedHeaders []string, hashedPayload string) string {
	names := append([]string(nil), signedHeaders...)
	for i := range names {
		names[i] = strings.ToLower(strings.TrimSpace(names[i]))
	}
	sort.Strings(names)
	var hb strings.Builder
	for _, n := range names {
		hb.WriteString(n)
		hb.WriteByte(':')
		hb.WriteString(strings.TrimSpace(headers[n]))
		hb.WriteByte('\n')
	}
	if uri == "" {
		uri = "/"
	}
	return strings.Join([]string{
		strings.ToUpper(method), uri, CanonicalQuery(query), hb.String(), strings.Join(names, ";"), hashedPayload,
	}, "\n")
}

// StringToSignV3 is "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical request)).
func StringToSignV3(canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	return AlgorithmV3 + "\n" + hex.EncodeToString(sum[:])
}

// SignV3 is hex(HMAC-SHA256(secret, stringToSign)); the key is the raw
// secret, with no trailing &.
func SignV3(secret, stringToSign string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(stringToSign))
	return hex.EncodeToString(m.Sum(nil))
}

// HashPayload is the hex SHA-256 of a body.
func HashPayload(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// ErrAuthorization is returned for an Authorization header that is not a
// complete v3 one.
var ErrAuthorization = errors.New("malformed ACS3-HMAC-SHA256 Authorization header")

// ParseAuthorizationV3 parses
// "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex".
func ParseAuthorizationV3(h string) (keyID string, signedHeaders []string, signature string, err error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(h), AlgorithmV3+" ")
	if !ok {
		return "", nil, "", ErrAuthorization
	}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return "", nil, "", ErrAuthorization
		}
		switch k {
		case "Credential":
			keyID = v
		case "SignedHeaders":
			if v != "" {
				signedHeaders = strings.Split(v, ";")
			}
		case "Signature":
			signature = v
		}
	}
	if keyID == "" || len(signedHeaders) == 0 || signature == "" {
		return "", nil, "", ErrAuthorization
	}
	return keyID, signedHeaders, signature, nil
}
