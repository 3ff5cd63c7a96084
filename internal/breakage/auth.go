package breakage

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// authBreaks break authentication and signing at the edges: the timestamp
// skew, nonces, keys, signature versions.
func authBreaks() []Provider {
	const margin = 30 * time.Second
	return []Provider{
		{Name: "a Timestamp just inside the allowed skew is refused", Options: []mock.Option{func(c *mock.Config) { c.MaxSkew = skew - 2*margin }},
			Witness: Witness{Calls: seq(describeApp().with(skewed(-skew + margin))), Faithful: ok()}},
		{Name: "a Timestamp just outside the allowed skew is accepted", Options: []mock.Option{func(c *mock.Config) { c.MaxSkew = skew + 2*margin }},
			Witness: Witness{Calls: seq(describeApp().with(skewed(-skew - margin))), Faithful: refused(contract.CodeInvalidTimeStampExpired)}},
		{Name: "a nonce reused by the same operation is accepted", Route: nonceReuse(true),
			Witness: Witness{Calls: seq(describeApp().with(nonce), describeApp().with(nonce)), Faithful: refused(contract.CodeSignatureNonceUsed)}},
		{Name: "a nonce reused by another operation is accepted", Route: nonceReuse(false),
			Witness: Witness{Calls: seq(describeApp().with(nonce), call(contract.OpListLiveMessageApps, "SortType", "1").with(nonce)), Faithful: refused(contract.CodeSignatureNonceUsed)}},
		{Name: "an unknown AccessKeyId is accepted", Route: func(x *Exchange) {
			if id := x.Params.Get("AccessKeyId"); id != "" && id != mock.DefaultKeyID {
				x.Params.Set("AccessKeyId", mock.DefaultKeyID)
				x.Resign = true
			}
		}, Witness: Witness{Calls: seq(Call{Request: describeApp().Request, Key: &aliyun.Credentials{AccessKeyID: "LTAIunknownkey", AccessKeySecret: "unknown"}}), Faithful: refused(contract.CodeInvalidAccessKeyIdNotFound)}},
		{Name: "a signature that does not match is accepted", Route: func(x *Exchange) { x.Resign = true },
			Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.TamperSignature = true })), Faithful: refused(contract.CodeSignatureDoesNotMatch)}},
		{Name: "v3 signatures (ACS3-HMAC-SHA256) refused", Route: func(x *Exchange) {
			if strings.HasPrefix(x.ReqHeader.Get("Authorization"), "ACS3") {
				x.ReqHeader.Del("Authorization")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.Signature = aliyun.SignV3Version })), Faithful: ok()}},
		{Name: "SignatureVersion 2.0 accepted", Rewrite: func(_ string, p url.Values) {
			if p.Has("SignatureVersion") {
				p.Set("SignatureVersion", "1.0")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.Overrides["SignatureVersion"] = "2.0" })), Faithful: refused(contract.CodeInvalidSignatureMethod)}},
	}
}

func nonce(r *aliyun.Request) { r.Overrides["SignatureNonce"] = "{nonce}" }

// protocolValue fills a protocol parameter of a witness's call: "{nonce}"
// is the witness's nonce, "{now-16m0s}" a timestamp that far from now.
func protocolValue(s, nonce string) string {
	if s == "{nonce}" {
		return nonce
	}
	if d, found := strings.CutPrefix(s, "{now"); found {
		if off, err := time.ParseDuration(strings.TrimSuffix(d, "}")); err == nil {
			return time.Now().Add(off).UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	return s
}

// nonceReuse gives a reused nonce a fresh one, when it was first seen on
// the same operation (same) or on another.
func nonceReuse(same bool) func(*Exchange) {
	return func(x *Exchange) {
		n := x.Params.Get("SignatureNonce")
		if n == "" {
			return
		}
		first := x.Memo.Get("nonce/" + n)
		if first == "" {
			x.Memo.Set("nonce/"+n, x.Action)
			return
		}
		if (first == x.Action) == same {
			x.Params.Set("SignatureNonce", fresh())
		}
	}
}

func fresh() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// methodRefused answers a method as an unknown one (the emulator's
// InvalidApi.NotFound for a method other than GET and POST).
func methodRefused(m string) func(*Exchange) {
	return func(x *Exchange) {
		if x.Method == m {
			x.Method = http.MethodPut
		}
	}
}
