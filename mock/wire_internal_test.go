package mock

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/aliyun"
)

var queryCases = []string{
	"", "a=1", "a=1&b=2&a=3", "a", "a=", "=v", "&&a=1&&", "a=1;b=2", "a%3Bb=1",
	"a=%zz", "%zz=1", "a=%2", "a+b=c+d", "a%20b=%E4%BD%A0", "a=1&a=1", "x=1&;=2&y=3",
	"Action=DescribeLiveMessageGroup&AppId=app&Signature=a%2Bb%2F%3D",
}

// TestParseQueryIsURLParseQuery: the emulator's query parser gives the same
// values and the same verdict as net/url for well-formed and broken input.
func TestParseQueryIsURLParseQuery(t *testing.T) {
	for _, q := range queryCases {
		checkParseQuery(t, q)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, q := range queryCases {
		f.Add(q)
	}
	f.Fuzz(checkParseQuery)
}

func checkParseQuery(t *testing.T, q string) {
	want, werr := url.ParseQuery(q)
	got, gerr := parseQuery(q)
	assert.Equal(t, werr == nil, gerr == nil, "%q: error %v, net/url %v", q, gerr, werr)
	if len(want) == 0 {
		assert.Empty(t, got, "%q", q)
		return
	}
	assert.Equal(t, want, got, "%q", q)
	for k := range got { // appending to one name must not touch another's values
		before := append([]string(nil), got[k]...)
		for k2 := range got {
			if k2 != k {
				got[k2] = append(got[k2], "extra")
			}
		}
		assert.Equal(t, before, got[k], "%q", q)
	}
}

// TestSignatureV1Holds: the pooled verifier accepts exactly the signature
// the signer computes, whichever key was verified before.
func TestSignatureV1Holds(t *testing.T) {
	params := url.Values{"Action": {"DescribeLiveMessageGroup"}, "AppId": {"a b"}, "GroupId": {"g1"}}
	for range 3 {
		for _, secret := range []string{"testsecret", "other", "testsecret"} {
			sig := aliyun.SignV1(secret, aliyun.StringToSignV1("GET", params))
			// The query as a signing client sends it (canonical: the
			// shortcut), as a browser would (not canonical: the general
			// path), and absent (a form body).
			signed := aliyun.CanonicalQuery(params) + "&Signature=" + aliyun.PercentEncode(sig)
			for _, query := range []string{signed, params.Encode() + "&Signature=" + url.QueryEscape(sig), ""} {
				all, err := url.ParseQuery(query)
				if query == "" {
					all, err = params, nil
				}
				assert.NoError(t, err)
				assert.True(t, signatureV1Holds(secret, "GET", query, all, sig), "%s %q", secret, query)
				assert.False(t, signatureV1Holds(secret, "POST", query, all, sig), "the method is signed")
				assert.False(t, signatureV1Holds(secret+"x", "GET", query, all, sig), "another secret")
				assert.False(t, signatureV1Holds(secret, "GET", query, all, sig[:len(sig)-1]), "truncated")
				assert.False(t, signatureV1Holds(secret, "GET", query, all, "x"+sig[1:]), "altered")
				assert.False(t, signatureV1Holds(secret, "GET", query, all, ""), "empty")
			}
			// A query that does not say what was signed fails on either path.
			assert.False(t, signatureV1Holds(secret, "GET", "AppId=other&Signature=x", params, sig))
		}
	}
	// A non-canonical base64 spelling of the right digest is refused, as a
	// string comparison would: the last character carries 2 padding bits.
	sig := aliyun.SignV1("testsecret", aliyun.StringToSignV1("GET", params))
	alt := []byte(sig)
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	i := 0
	for b64[i] != alt[26] {
		i++
	}
	alt[26] = b64[i^1]
	assert.False(t, signatureV1Holds("testsecret", "GET", "", params, string(alt)))
}
