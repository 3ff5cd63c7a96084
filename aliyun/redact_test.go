package aliyun

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testSecret = "sEcReT-value-123"
	testToken  = "StsToken-abcdef-987"
	testKeyID  = "LTAI5tExampleKeyId"
)

// TestExchangeRedactsSecrets: whatever is printed of an exchange holds no
// secret, no token, no signature, and only a masked key id.
func TestExchangeRedactsSecrets(t *testing.T) {
	srv, _ := captureServer(t, `{"RequestId":"A1B2C3D4-0000-4000-8000-000000000000","Code":"InputInvalid","Message":"bad"}`)
	creds := Credentials{AccessKeyID: testKeyID, AccessKeySecret: testSecret, SecurityToken: testToken}
	c := NewClient(srv.URL, creds)
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"v1 query", Request{Action: "DeleteLiveMessageGroup", Params: map[string]string{"AppId": "a"}}},
		{"v1 form", Request{Action: "DeleteLiveMessageGroup", Form: true, Params: map[string]string{"AppId": "a"}}},
		{"v3", Request{Action: "DeleteLiveMessageGroup", Signature: SignV3Version, Params: map[string]string{"AppId": "a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := c.Build(tc.req)
			require.NoError(t, err)
			resp, err := c.Send(context.Background(), p)
			require.NoError(t, err)
			out := resp.Exchange.String()
			assert.NotContains(t, out, testSecret)
			assert.NotContains(t, out, testToken)
			assert.NotContains(t, out, testKeyID, "the key id is masked")
			assert.Contains(t, out, MaskKeyID(testKeyID))
			sig := p.Header.Get("Authorization")
			if i := strings.Index(p.URL, "Signature="); i >= 0 {
				sig = p.URL[i+len("Signature="):]
			}
			sig = sig[strings.LastIndex(sig, "=")+1:]
			require.NotEmpty(t, sig)
			assert.NotContains(t, out, sig, "the signature is redacted")
			assert.Contains(t, out, Redacted)
			assert.Equal(t, "InputInvalid", resp.Code)
		})
	}
	assert.NotContains(t, creds.String(), testSecret)
	assert.NotContains(t, creds.GoString(), testToken)
}

func TestMaskKeyID(t *testing.T) {
	assert.Equal(t, "te**id", MaskKeyID("testid"))
	assert.Equal(t, "****", MaskKeyID("abcd"))
}

func TestResponseDecoding(t *testing.T) {
	for _, tc := range []struct {
		name, body, code, rid string
		ok                    bool
	}{
		{"json success", `{"RequestId":"R1","GroupId":"g"}`, "", "R1", true},
		{"json error", `{"RequestId":"R2","Code":"ResourceNotExist","Message":"m"}`, "ResourceNotExist", "R2", false},
		{"xml error", `<?xml version="1.0"?><Error><RequestId>R3</RequestId><Code>NoAuth</Code><Message>m</Message></Error>`, "NoAuth", "R3", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := captureServer(t, tc.body)
			resp, err := NewClient(srv.URL, Credentials{AccessKeyID: "id", AccessKeySecret: "s"}).Do(context.Background(), Request{Action: "X"})
			require.NoError(t, err)
			assert.Equal(t, tc.code, resp.Code)
			assert.Equal(t, tc.rid, resp.RequestID)
			assert.Equal(t, tc.ok, resp.OK())
		})
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	c := NewClient(srv.URL, Credentials{AccessKeyID: "id", AccessKeySecret: "s"}, WithTimeout(50*time.Millisecond))
	_, err := c.Do(context.Background(), Request{Action: "X"})
	require.Error(t, err, "a call past its timeout fails")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = NewClient(srv.URL, Credentials{}).Do(ctx, Request{Action: "X"})
	require.ErrorIs(t, err, context.Canceled)
}

func TestCredentialsFromEnv(t *testing.T) {
	t.Setenv(EnvAccessKeyID, "")
	t.Setenv(EnvAccessKeySecret, "")
	_, err := CredentialsFromEnv()
	require.Error(t, err)
	assert.Contains(t, err.Error(), EnvAccessKeyID)
	t.Setenv(EnvAccessKeyID, "id")
	t.Setenv(EnvAccessKeySecret, "secret")
	t.Setenv(EnvSecurityToken, "tok")
	c, err := CredentialsFromEnv()
	require.NoError(t, err)
	assert.Equal(t, Credentials{AccessKeyID: "id", AccessKeySecret: "secret", SecurityToken: "tok"}, c)
}

// CredentialsFrom reads through the lookup it is given, never the
// process's environment.
func TestCredentialsFromLookup(t *testing.T) {
	t.Setenv(EnvAccessKeyID, "process-id")
	t.Setenv(EnvAccessKeySecret, "process-secret")
	vars := map[string]string{EnvAccessKeyID: "id"}
	lookup := func(k string) string { return vars[k] }
	_, err := CredentialsFrom(lookup)
	require.Error(t, err)
	assert.Equal(t, "set "+EnvAccessKeySecret, err.Error())
	vars[EnvAccessKeySecret], vars[EnvSecurityToken] = "secret", "tok"
	c, err := CredentialsFrom(lookup)
	require.NoError(t, err)
	assert.Equal(t, Credentials{AccessKeyID: "id", AccessKeySecret: "secret", SecurityToken: "tok"}, c)
}

func TestListStyles(t *testing.T) {
	for _, tc := range []struct {
		style ListStyle
		want  map[string]string
	}{
		{ListRepeated, map[string]string{"U.1": "a", "U.2": "b"}},
		{ListComma, map[string]string{"U": "a,b"}},
		{ListJSON, map[string]string{"U": `["a","b"]`}},
	} {
		r := Request{Lists: map[string][]string{"U": {"a", "b"}}, ListStyle: tc.style}
		v, err := r.businessValues()
		require.NoError(t, err)
		for k, want := range tc.want {
			assert.Equal(t, want, v.Get(k))
		}
	}
}

func FuzzPercentEncode(f *testing.F) {
	for _, s := range []string{"", "a b", "*~", "中文", "%2F", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := PercentEncode(s)
		for i := 0; i < len(enc); i++ {
			c := enc[i]
			if !isUnreserved(c) && c != '%' {
				t.Fatalf("encoded %q holds %q", s, c)
			}
		}
		dec, err := urlUnescape(enc)
		if err != nil || dec != s {
			t.Fatalf("round trip of %q: %q %v", s, dec, err)
		}
	})
}
