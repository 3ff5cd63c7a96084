package mock

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"hash"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// timestampLayouts are the accepted forms of a signed timestamp: seconds,
// and with milliseconds as some SDKs send.
var timestampLayouts = []string{"2006-01-02T15:04:05Z", "2006-01-02T15:04:05.000Z"}

// authenticate verifies a call's signature (v1 when a Signature parameter
// is present, v3 when an ACS3 Authorization header is) and returns its key.
// The checks and their order follow Alibaba's gateway: key, method,
// timestamp, signature, then nonce (recorded only once the signature held).
// queryOnly tells that every parameter came from the URL's query (no form
// body), so a v1 signature may be checked on the query as it was sent.
func (e *Emulator) authenticate(r *http.Request, params url.Values, body []byte, queryOnly bool) (Key, *contract.Error) {
	if !e.auth {
		if k, ok := e.keys.get(firstOf(params.Get("AccessKeyId"), credentialOf(r))); ok {
			return k, nil
		}
		return Key{ID: DefaultKeyID, Account: DefaultAccount}, nil
	}
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, aliyun.AlgorithmV3) {
		query, _ := parseQuery(r.URL.RawQuery) // v3 signs the URL's query only, not a form body
		return e.verifyV3(r, query, body, h)
	}
	if params.Has("Signature") {
		return e.verifyV1(r, params, queryOnly)
	}
	if r.Header.Get("Authorization") != "" {
		return Key{}, e.c.Err(contract.CodeIncompleteSignature, "")
	}
	if !params.Has("AccessKeyId") {
		return Key{}, e.c.Missing("AccessKeyId")
	}
	return Key{}, e.c.Missing("Signature")
}

func (e *Emulator) verifyV1(r *http.Request, params url.Values, queryOnly bool) (Key, *contract.Error) {
	key, err := e.lookupKey(params.Get("AccessKeyId"))
	if err != nil {
		return key, err
	}
	if m := params.Get("SignatureMethod"); m != "HMAC-SHA1" {
		if m == "" {
			return key, e.c.Missing("SignatureMethod")
		}
		return key, e.c.Err(contract.CodeInvalidSignatureMethod, "")
	}
	if v := params.Get("SignatureVersion"); v != "1.0" {
		if v == "" {
			return key, e.c.Missing("SignatureVersion")
		}
		return key, e.c.Err(contract.CodeInvalidSignatureMethod, "Specified signature version is not valid.")
	}
	if err := e.checkTimestamp(params.Get("Timestamp"), "Timestamp"); err != nil {
		return key, err
	}
	nonce := params.Get("SignatureNonce")
	if nonce == "" {
		return key, e.c.Missing("SignatureNonce")
	}
	query := ""
	if queryOnly {
		query = r.URL.RawQuery
	}
	if !signatureV1Holds(key.Secret, r.Method, query, params, params.Get("Signature")) {
		return key, e.c.Err(contract.CodeSignatureDoesNotMatch, "")
	}
	if !e.nonces.use(key.ID, nonce, e.realNow()) {
		return key, e.c.Err(contract.CodeSignatureNonceUsed, "")
	}
	return key, nil
}

// v1Verifier is the scratch space of one v1 check, pooled: the string to
// sign is built in place and the key's HMAC is reset, not rebuilt, while
// the same key signs (the usual case).
type v1Verifier struct {
	buf    []byte
	secret string
	mac    hash.Hash
	sum    [sha1.Size]byte
}

var v1Verifiers = sync.Pool{New: func() any { return &v1Verifier{buf: make([]byte, 0, 1024)} }}

// signatureV1Holds reports whether sig is the v1 signature of the call, in
// constant time. sig must be the canonical (strict) base64 of the digest.
// When query is the call's whole parameter set as sent and is already in
// canonical form (as clients that sign a sorted query send it), the string
// to sign is read off it; otherwise it is built from the decoded params.
func signatureV1Holds(secret, method, query string, params url.Values, sig string) bool {
	if len(sig) != base64.StdEncoding.EncodedLen(sha1.Size) {
		return false
	}
	var got [sha1.Size + 2]byte
	n, err := base64.StdEncoding.Strict().Decode(got[:], []byte(sig))
	if err != nil || n != sha1.Size {
		return false
	}
	v := v1Verifiers.Get().(*v1Verifier)
	defer v1Verifiers.Put(v)
	if v.mac == nil || v.secret != secret {
		v.mac, v.secret = aliyun.NewMACV1(secret), secret
	} else {
		v.mac.Reset()
	}
	canonical := false
	if query != "" {
		v.buf, canonical = aliyun.AppendStringToSignV1Canonical(v.buf[:0], method, query)
	}
	if !canonical {
		v.buf = aliyun.AppendStringToSignV1(v.buf[:0], method, params)
	}
	v.mac.Write(v.buf)
	return hmac.Equal(v.mac.Sum(v.sum[:0]), got[:n])
}

func (e *Emulator) verifyV3(r *http.Request, query url.Values, body []byte, h string) (Key, *contract.Error) {
	id, signed, sig, perr := aliyun.ParseAuthorizationV3(h)
	if perr != nil {
		return Key{}, e.c.Err(contract.CodeIncompleteSignature, "")
	}
	key, err := e.lookupKey(id)
	if err != nil {
		return key, err
	}
	if r.Header.Get("X-Acs-Date") == "" {
		// the gateway's answer to a missing v3 header (docs/fidelity.md)
		return key, &contract.Error{Code: "MissingHeader", Status: 400, Message: "Specified header x-acs-date is mandatory for this action."}
	}
	if err := e.checkTimestamp(r.Header.Get("X-Acs-Date"), "x-acs-date"); err != nil {
		return key, err
	}
	nonce := r.Header.Get("X-Acs-Signature-Nonce")
	if nonce == "" {
		return key, e.c.Missing("SignatureNonce")
	}
	hash := r.Header.Get("X-Acs-Content-Sha256")
	if hash != "" && hash != aliyun.HashPayload(body) {
		return key, e.c.Err(contract.CodeSignatureDoesNotMatch, "x-acs-content-sha256 does not match the body.")
	}
	headers := make(map[string]string, len(signed))
	for _, name := range signed {
		name = strings.ToLower(name)
		if name == "host" {
			headers[name] = r.Host
			continue
		}
		headers[name] = strings.Join(r.Header.Values(name), ",")
	}
	uri := r.URL.EscapedPath()
	cr := aliyun.CanonicalRequestV3(r.Method, uri, query, headers, signed, hash)
	want := aliyun.SignV3(key.Secret, aliyun.StringToSignV3(cr))
	if subtle.ConstantTimeCompare([]byte(want), []byte(sig)) != 1 {
		return key, e.c.Err(contract.CodeSignatureDoesNotMatch, "")
	}
	if !e.nonces.use(key.ID, nonce, e.realNow()) {
		return key, e.c.Err(contract.CodeSignatureNonceUsed, "")
	}
	return key, nil
}

func (e *Emulator) lookupKey(id string) (Key, *contract.Error) {
	if id == "" {
		return Key{}, e.c.Missing("AccessKeyId")
	}
	key, ok := e.keys.get(id)
	if !ok {
		return Key{}, e.c.Err(contract.CodeInvalidAccessKeyIdNotFound, "")
	}
	if key.Inactive {
		return key, e.c.Err(contract.CodeInvalidAccessKeyIdInactive, "")
	}
	return key, nil
}

// checkTimestamp compares a signed timestamp with real time (not the
// emulator's movable clock: the client signs with its own clock).
func (e *Emulator) checkTimestamp(ts, name string) *contract.Error {
	if ts == "" {
		return e.c.Missing(name)
	}
	var t time.Time
	var perr error
	for _, layout := range timestampLayouts {
		if t, perr = time.Parse(layout, ts); perr == nil {
			break
		}
	}
	if perr != nil {
		return e.c.Err(contract.CodeInvalidTimeStampFormat, "")
	}
	if d := e.realNow().Sub(t); d > e.skew || d < -e.skew {
		return e.c.Err(contract.CodeInvalidTimeStampExpired, "")
	}
	return nil
}

func credentialOf(r *http.Request) string {
	id, _, _, err := aliyun.ParseAuthorizationV3(r.Header.Get("Authorization"))
	if err != nil {
		return ""
	}
	return id
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
