package aliyun

import (
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

var (
	plainSecret = regexp.MustCompile(`(?i)(Signature|SecurityToken|AccessKeySecret)(=|%3D|":\s*")([^&\s"',;<>\\]+)`)
	plainKeyID  = regexp.MustCompile(`(?i)(AccessKeyId|Credential)(=|%3D|":\s*")([^&\s"',;<>\\]+)`)
	plainToken  = regexp.MustCompile(`(?i)(x-acs-security-token"?\s*[:=]\s*\[?"?)([^\s",\]]+)`)
)

// redactByRegexp is RedactText as plain regular expressions over the whole
// text: slow (the patterns are case-insensitive, so nothing speeds up the
// search), but plainly right. RedactText must give what it gives.
func redactByRegexp(s string) string {
	secret, keyID, token := plainSecret, plainKeyID, plainToken
	s = secret.ReplaceAllStringFunc(s, func(m string) string {
		sub := secret.FindStringSubmatch(m)
		if sub[3] == Redacted {
			return m
		}
		return sub[1] + sub[2] + Redacted
	})
	s = keyID.ReplaceAllStringFunc(s, func(m string) string {
		sub := keyID.FindStringSubmatch(m)
		id, err := url.QueryUnescape(sub[3])
		if err != nil {
			id = sub[3]
		}
		if isMasked(id) {
			return m
		}
		return sub[1] + sub[2] + MaskKeyID(id)
	})
	return token.ReplaceAllStringFunc(s, func(m string) string { return token.FindStringSubmatch(m)[1] + Redacted })
}

// TestRedactTextAgreesWithPlainRegexps: on 3,000 random texts built from the
// pieces secrets are made of (keys in any case, every separator, values,
// keys run together, noise, keys spelt with the two runes outside ASCII
// that (?i) folds into ASCII letters), the key-first search redacts
// exactly what the plain patterns redact.
func TestRedactTextAgreesWithPlainRegexps(t *testing.T) {
	t.Parallel()
	pieces := []string{"Signature", "signature", "SIGNATURE", "SignatureMethod", "SecurityToken", "securitytoken",
		"AccessKeySecret", "AccessKeyId", "accesskeyid", "Credential", "x-acs-security-token", "X-Acs-Security-Token",
		"=", "=", "%3D", "%3d", `":`, `": "`, `":"`, ": ", ":", "[", `"`, "&", " ", "\n", "\t", ",", ";", "<", ">", `\`,
		"abc", "LTAI5tAbCdEf", "LT****Ef", "%2B", "%zz", "REDACTED", "tok/1", "é", "Sig", "Access", "x-acs-",
		"\u017fignature", "Access\u212aeyId", "x-acs-\u017fecurity-token", "\u212a"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var b strings.Builder
		for range r.IntN(14) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		in := b.String()
		if !assert.Equal(t, redactByRegexp(in), RedactText(in), "case %d: %q", i, in) {
			return
		}
	}
}

// TestRedactTextFoldedRunes: (?i) folds the long s and the Kelvin sign
// into s and k, so the plain patterns redact "ſignature=..."; the key-first
// search, which lowers ASCII alone, must not let those through.
func TestRedactTextFoldedRunes(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"\u017fignature=c2lnbmF0dXJl&x=1",
		"GET /?SecurityTo\u212aen=tok123&Signature=abc",
		"{\"AccessKey\u017fecret\": \"s3cr3tvalue\"}",
		"x-acs-\u017fecurity-token: tok123",
		"Access\u212aeyId=LTAI5tAbCdEfGh",
	} {
		out := RedactText(in)
		assert.Equal(t, redactByRegexp(in), out, "%q", in)
		for _, secret := range []string{"c2lnbmF0dXJl", "tok123", "s3cr3tvalue", "LTAI5tAbCdEfGh"} {
			assert.NotContains(t, out, secret, "%q", in)
		}
	}
}

// BenchmarkRedactText: a contract run's cucumber.json is some 650 KB of
// step text with a few secrets in it; every exchange and every line
// printed goes through RedactText too.
func BenchmarkRedactText(b *testing.B) {
	line := `{"keyword":"When ","name":"I call \"DescribeLiveMessageGroup\" on group \"g1\"","line":12,"match":{"location":"steps.go:120"},"result":{"status":"passed","duration":1234567}},` + "\n"
	text := strings.Repeat(line, 3000) + `GET /?AccessKeyId=LTAI5tAbCdEf&Signature=abc%2B&SecurityToken=tok` + "\n"
	b.Run("keys-first", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for range b.N {
			_ = RedactText(text)
		}
	})
	b.Run("plain-regexps", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for range b.N {
			_ = redactByRegexp(text)
		}
	})
}

// TestRegisterMasksOnlyCredentialLikeValues: a registered credential is
// masked wherever it stands only when no word of fixed text can equal it;
// a word-like test secret stays in sentences yet is still redacted where
// it stands as a secret.
func TestRegisterMasksOnlyCredentialLikeValues(t *testing.T) {
	Register(Credentials{AccessKeyID: "limit", AccessKeySecret: "whatever", SecurityToken: "throttling"})
	Register(Credentials{AccessKeyID: "LTAI5tWordTestKey0001", AccessKeySecret: "WordTestSecret0123456789abcd"})
	tests := []struct{ name, in, want string }{
		{"fixed text", "each operation's sustained limit, whatever throttling algorithm",
			"each operation's sustained limit, whatever throttling algorithm"},
		{"word secret as a parameter", "AccessKeySecret=whatever&x=1", "AccessKeySecret=" + Redacted + "&x=1"},
		{"word token as a header", "x-acs-security-token: throttling", "x-acs-security-token: " + Redacted},
		{"real secret anywhere", "echoed WordTestSecret0123456789abcd back", "echoed " + Redacted + " back"},
		{"real key id anywhere", "key LTAI5tWordTestKey0001 unknown", "key " + MaskKeyID("LTAI5tWordTestKey0001") + " unknown"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, RedactText(tc.in), "a word is masked only where it stands as a secret")
		})
	}
}
