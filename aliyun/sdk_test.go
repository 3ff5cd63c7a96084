package aliyun

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/live"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// captured is one request as a server saw it.
type captured struct {
	method string
	host   string
	query  url.Values
	header http.Header
	body   []byte
}

func captureServer(t *testing.T, answer string) (*httptest.Server, func() captured) {
	t.Helper()
	var mu sync.Mutex
	var last captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		last = captured{method: r.Method, host: r.Host, query: r.URL.Query(), header: r.Header.Clone(), body: b}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, func() captured { mu.Lock(); defer mu.Unlock(); return last }
}

// TestSignV1MatchesOfficialSDK signs a call with the official SDK for Go and
// recomputes its signature with SignV1 over the parameters it sent.
func TestSignV1MatchesOfficialSDK(t *testing.T) {
	srv, last := captureServer(t, `{"RequestId":"A1B2C3D4-0000-4000-8000-000000000000"}`)
	client, err := live.NewClientWithAccessKey("cn-shanghai", "testid", "testsecret")
	require.NoError(t, err)
	req := live.CreateRemoveLiveMessageGroupBandRequest()
	req.SetDomain(strings.TrimPrefix(srv.URL, "http://"))
	req.SetScheme("http")
	req.AppId = "demo app"
	req.GroupId = "g1"
	req.UnbannedUsers = &[]string{"u1", "u 2*~"}
	_, err = client.RemoveLiveMessageGroupBand(req)
	require.NoError(t, err)

	got := last()
	params := url.Values{}
	for k, v := range got.query {
		params[k] = v
	}
	if len(got.body) > 0 {
		form, err := url.ParseQuery(string(got.body))
		require.NoError(t, err)
		for k, v := range form {
			params[k] = v
		}
	}
	sdkSig := params.Get("Signature")
	require.NotEmpty(t, sdkSig, "the SDK sent a Signature")
	assert.Equal(t, "u 2*~", params.Get("UnbannedUsers.2"), "the SDK sends lists as Name.N")
	assert.Equal(t, sdkSig, SignV1("testsecret", StringToSignV1(got.method, params)), "SignV1 must reproduce the official SDK's signature")
}

// TestBuildV1IsWhatTheSDKWouldSign checks our own requests with the same
// recomputation a server does, for GET, POST and form bodies.
func TestBuildV1RoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"POST query", Request{Action: "DeleteLiveMessageGroup", Params: map[string]string{"AppId": "a b", "GroupId": "g*1"}}},
		{"GET", Request{Action: "DeleteLiveMessageGroup", Method: "GET", Params: map[string]string{"AppId": "a"}}},
		{"POST form", Request{Action: "RemoveLiveMessageGroupBand", Form: true, Params: map[string]string{"AppId": "a"}, Lists: map[string][]string{"UnbannedUsers": {"u1", "u2"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, last := captureServer(t, `{"RequestId":"A1B2C3D4-0000-4000-8000-000000000000"}`)
			c := NewClient(srv.URL, Credentials{AccessKeyID: "testid", AccessKeySecret: "testsecret"})
			resp, err := c.Do(t.Context(), tc.req)
			require.NoError(t, err)
			assert.True(t, resp.OK())
			got := last()
			params := url.Values{}
			for k, v := range got.query {
				params[k] = v
			}
			form, err := url.ParseQuery(string(got.body))
			require.NoError(t, err)
			for k, v := range form {
				params[k] = v
			}
			assert.Equal(t, params.Get("Signature"), SignV1("testsecret", StringToSignV1(got.method, params)))
		})
	}
}
