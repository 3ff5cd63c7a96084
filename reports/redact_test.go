package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
)

// TestWordSecretsLeaveFixedTextIntact: with common words registered as
// this run's credentials (a test key's secret once was "whatever", and the
// Load heading read "REDACTED throttling algorithm"), the redaction every
// file goes through leaves each page and each terminal line as rendered,
// while a real secret in an exchange is still removed.
func TestWordSecretsLeaveFixedTextIntact(t *testing.T) {
	for _, word := range []string{"whatever", "the", "limit", "throttling", "served", "scenario"} {
		aliyun.Register(aliyun.Credentials{AccessKeyID: word, AccessKeySecret: word, SecurityToken: word})
	}
	real := aliyun.Credentials{AccessKeyID: "LTAI5tPagesTestKey000001", AccessKeySecret: "PagesTestSecret0123456789abcde"}
	aliyun.Register(real)

	for name, page := range renderedPages(t) {
		t.Run(name, func(t *testing.T) {
			// the fixture's exchanges (in <pre>) carry a key id in the
			// clear, which redaction rightly masks: compare the rest
			want, got := visibleText(page), visibleText(aliyun.RedactText(page))
			if line, w, g, differ := firstDifference(want, got); differ {
				t.Errorf("redaction changed fixed text at line %d:\nrendered: %s\nredacted: %s", line, w, g)
			}
		})
	}

	s := Build(Sample())
	terminal := append([]string{s.Livemsg.String(), s.Retries.String(), LatencyFloors()}, s.Reasons...)
	for _, line := range terminal {
		assert.Equal(t, line, aliyun.RedactText(line), "a terminal line is left as written")
	}

	in := Sample()
	sc := failed("F", "leaks", "@op:X")
	sc.Exchanges = []string{
		"> POST https://live.aliyuncs.com/?AccessKeyId=" + real.AccessKeyID + "&Signature=abc%2Bdef\n>\n> AccessKeySecret=whatever&SecurityToken=the\n< 400 Bad Request\n<\n< {\"Message\":\"secret " + real.AccessKeySecret + " echoed\"}",
	}
	in.Scenarios = append(in.Scenarios, sc)
	var b bytes.Buffer
	require.NoError(t, WriteHTML(&b, Build(in)))
	page := aliyun.RedactText(b.String())
	assert.NotContains(t, page, real.AccessKeySecret, "a real secret anywhere is redacted")
	assert.NotContains(t, page, real.AccessKeyID, "a real key id anywhere is masked")
	assert.NotContains(t, page, "abc%2Bdef", "a signature is redacted")
	assert.Contains(t, page, "AccessKeySecret="+aliyun.Redacted+"&amp;SecurityToken="+aliyun.Redacted, "a word secret is redacted where it stands as a secret")
	assert.Contains(t, page, "each operation's sustained limit, whatever throttling algorithm the provider uses", "the Load heading is intact")
	assert.True(t, strings.Contains(page, "Every scenario that ran passed") || strings.Contains(page, "Something did not hold."), "the verdict is intact")
}
