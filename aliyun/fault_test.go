package aliyun_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/internal/netlink"
	"github.com/livemsg/livemsg/mock"
)

const (
	canaryID     = "LTAIcanaryKEY0123456789"
	canarySecret = "canarySECRETvalue0123456789"
	canaryToken  = "CAIScanaryTOKEN+/=0123456789"
)

// assertClean fails when s holds a canary credential, a signature or the
// full key id.
func assertClean(t *testing.T, s, what string) {
	t.Helper()
	for _, bad := range []string{canaryID, canarySecret, canaryToken, "canaryTOKEN", "canarySECRET"} {
		assert.NotContains(t, s, bad, what)
	}
	for _, m := range []string{"Signature=", "SecurityToken="} {
		for rest := s; ; {
			i := strings.Index(rest, m)
			if i < 0 {
				break
			}
			rest = rest[i+len(m):]
			assert.True(t, strings.HasPrefix(rest, aliyun.Redacted), "%s: %s not redacted in %q", what, m, s)
		}
	}
}

// TestTransportFaultsAreToldApart: each broken network gives a
// *TransportError (errors.Is ErrTransport) with its own cause, and no
// message carries the signed URL's secrets.
func TestTransportFaultsAreToldApart(t *testing.T) {
	good := mock.NewServer()
	defer good.Close()
	creds := aliyun.Credentials{AccessKeyID: canaryID, AccessKeySecret: canarySecret, SecurityToken: canaryToken}
	for _, tc := range []struct {
		name, endpoint, cause string
		unreachable, html     bool
	}{
		{"refused", faultproxy.Refused(t), "connection refused", true, false},
		{"502 html", faultproxy.BadGateway(t), "502 text/html", false, true},
		{"silent", faultproxy.Silent(t), "no answer within 200ms", false, false},
		{"reset", faultproxy.NewResetting(t, good.URL, 1).URL, "connection reset", false, false},
	} {
		for _, sign := range []aliyun.SignatureVersion{aliyun.SignV1Version, aliyun.SignV3Version} {
			t.Run(tc.name, func(t *testing.T) {
				c := aliyun.NewClient(tc.endpoint, creds, aliyun.WithTimeout(200*time.Millisecond))
				_, err := c.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Signature: sign,
					Params: map[string]string{"AppId": "a", "GroupId": "g"}})
				require.Error(t, err)
				assert.ErrorIs(t, err, aliyun.ErrTransport)
				var te *aliyun.TransportError
				require.True(t, errors.As(err, &te))
				assert.Equal(t, tc.cause, te.Cause)
				assert.Equal(t, tc.unreachable, te.Unreachable)
				assert.Equal(t, tc.html, te.NotAlibaba)
				assert.Contains(t, err.Error(), "DescribeLiveMessageGroup")
				assertClean(t, err.Error(), "error message")
				calls, answered, faults := c.Faults().Counts()
				assert.Equal(t, []int{1, 0, 1}, []int{calls, answered, faults})
			})
		}
	}
}

// TestCancelIsNotATransportFault: the caller's own cancellation or
// deadline is reported as such, not blamed on the network.
func TestCancelIsNotATransportFault(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c := aliyun.NewClient(faultproxy.Silent(t), aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"}, aliyun.WithTimeout(5*time.Second))
	_, err := c.Do(ctx, aliyun.Request{Action: "X"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, aliyun.ErrTransport)
	_, _, faults := c.Faults().Counts()
	assert.Zero(t, faults)
}

// TestNotAlibabaAnswers: an empty body or an HTML page with 200 is not an
// Alibaba answer; a JSON error body with 502 is one (a gateway error).
func TestNotAlibabaAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, ctype, body string
		status            int
		fault             bool
	}{
		{"empty 200", "", "", 200, true},
		{"html 200", "text/html", "<html><body>hello</body></html>", 200, true},
		{"json 502", "application/json", `{"RequestId":"R","Code":"ServiceUnavailable","Message":"m"}`, 502, false},
		{"xml error", "text/xml", `<?xml version="1.0"?><Error><RequestId>R</RequestId><Code>NoAuth</Code></Error>`, 403, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			resp, err := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"}).Do(context.Background(), aliyun.Request{Action: "X"})
			if tc.fault {
				require.ErrorIs(t, err, aliyun.ErrTransport)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.status, resp.Status)
		})
	}
}

func TestDiagnosis(t *testing.T) {
	c := aliyun.NewClient(faultproxy.Refused(t), aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"})
	for i := 0; i < 3; i++ {
		_, _ = c.Do(context.Background(), aliyun.Request{Action: "X"})
	}
	assert.Equal(t, "target unreachable: connection refused (3 of 3 calls)", c.Faults().Diagnosis())
	h := aliyun.NewClient(faultproxy.BadGateway(t), aliyun.Credentials{AccessKeyID: "id", AccessKeySecret: "s"})
	for i := 0; i < 2; i++ {
		_, _ = h.Do(context.Background(), aliyun.Request{Action: "X"})
	}
	assert.Equal(t, "target answered 502 text/html 2 times: not an Alibaba endpoint?", h.Faults().Diagnosis())
	other := h.WithCredentials(aliyun.Credentials{AccessKeyID: "other", AccessKeySecret: "s2"})
	_, _ = other.Do(context.Background(), aliyun.Request{Action: "X"})
	calls, _, _ := h.Faults().Counts()
	assert.Equal(t, 3, calls, "a client made from another counts in the same tally")
}

// TestRedactText: by shape and by registered value, in every encoding the
// outputs use.
func TestRedactText(t *testing.T) {
	aliyun.Register(aliyun.Credentials{AccessKeyID: canaryID, AccessKeySecret: canarySecret, SecurityToken: canaryToken})
	in := strings.Join([]string{
		`Post "http://h/?AccessKeyId=LTAIother1234&Signature=abc%2Bdef&SecurityToken=tok%2F1": EOF`,
		`Authorization: ACS3-HMAC-SHA256 Credential=LTAIother1234,SignedHeaders=host,Signature=0123abcd`,
		`x-acs-security-token: sometoken`,
		`{"Signature":"xyz","AccessKeyId":"LTAIother1234"}`,
		`raw ` + canaryToken + ` ` + canarySecret + ` ` + canaryID,
		`encoded ` + aliyun.PercentEncode(canaryToken),
		`SignatureMethod=HMAC-SHA1&SignatureNonce=n1`,
		`{"url":"http://h/?a=1\u0026Signature=jsonsig\u0026AccessKeyId=LTAIother1234"}`,
	}, "\n")
	out := aliyun.RedactText(in)
	assertClean(t, out, "redacted text")
	for _, gone := range []string{"abc%2Bdef", "tok%2F1", "0123abcd", "sometoken", "xyz", "jsonsig", "LTAIother1234"} {
		assert.NotContains(t, out, gone)
	}
	assert.Contains(t, out, aliyun.MaskKeyID("LTAIother1234"))
	assert.Contains(t, out, aliyun.MaskKeyID(canaryID))
	assert.Contains(t, out, "SignatureMethod=HMAC-SHA1&SignatureNonce=n1", "protocol parameters that are not secret stay")
	assert.Equal(t, out, aliyun.RedactText(out), "redaction is idempotent")
}

// TestTruncatedAnswers: an answer cut short is told as such, not as a
// reset or as "not an Alibaba endpoint": a body that stops before its
// Content-Length, and a body that is the start of a JSON or XML document.
func TestTruncatedAnswers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
	}{
		{name: "body shorter than its length", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "120")
			w.WriteHeader(200)
			_, _ = io.WriteString(w, `{"RequestId":"A1B2","GroupId":`)
			reset(w) // before the promised length
		}},
		{name: "a JSON document cut short", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"RequestId":"A1B2","GroupId":"g`)
		}},
		{name: "an XML document cut short", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<?xml version="1.0"?><DescribeLiveMessageGroupResponse><RequestId>A1`)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			c := aliyun.NewClient(srv.URL, emuCreds)
			_, err := c.Do(context.Background(), describe("a", "g"))
			require.ErrorIs(t, err, aliyun.ErrTransport)
			var te *aliyun.TransportError
			require.True(t, errors.As(err, &te))
			assert.True(t, te.Truncated)
			assert.False(t, te.NotAlibaba)
			assert.Equal(t, aliyun.CauseTruncated, te.Cause)
			assert.True(t, strings.HasPrefix(err.Error(), te.Action+": the answer was cut short (truncated)"), "told as cut short, whatever the socket said after: %v", err)
			assert.Equal(t, "the answer was cut short (truncated) (1 of 1 calls)", c.Faults().Diagnosis())
		})
	}
}

// TestCutAnywhereIsTruncated: an answer a real link (toxiproxy's
// limit_data) stops anywhere after its status line, in a header line, a
// header's value or the body, is told as cut short.
func TestCutAnywhereIsTruncated(t *testing.T) {
	emu := mock.NewServer()
	defer emu.Close()
	for n := 20; n <= 420; n += 20 {
		l := netlink.New(t, emu.URL)
		l.CutAnswers(t, 1, n)
		_, err := aliyun.NewClient(l.URL, emuCreds).Do(context.Background(), describe("a", "g"))
		var te *aliyun.TransportError
		require.True(t, errors.As(err, &te), "cut at %d bytes: %v", n, err)
		assert.Equal(t, aliyun.CauseTruncated, te.Cause, "cut at %d bytes: %v", n, err)
	}
}
