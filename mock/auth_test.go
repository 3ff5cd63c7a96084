package mock_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

func newClient(srv *mock.Server, id, secret string) *aliyun.Client {
	return aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: id, AccessKeySecret: secret})
}

// setup makes an app with one group for the default key.
func setup(t *testing.T, srv *mock.Server) string {
	t.Helper()
	app, err := srv.Emulator.Store().CreateApp(store.AppSpec{Name: "t", Owner: mock.DefaultAccount})
	require.NoError(t, err)
	_, err = srv.Emulator.Store().CreateGroup(app.ID, store.GroupSpec{ID: "g1", CreatorID: "c"})
	require.NoError(t, err)
	return app.ID
}

// TestAuthCodes produces every authentication code the gateway documents.
func TestAuthCodes(t *testing.T) {
	srv := mock.NewServer(
		mock.WithKey(mock.Key{ID: "disabled", Secret: "s", Account: mock.DefaultAccount, Inactive: true}),
		mock.WithKey(mock.Key{ID: "readonly", Secret: "s", Account: mock.DefaultAccount, Policy: &mock.Policy{
			Allow: []mock.Statement{{Actions: []string{"live:Describe*"}, Resources: []string{"*"}}}}}),
	)
	defer srv.Close()
	app := setup(t, srv)
	describe := aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}}
	del := aliyun.Request{Action: "DeleteLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}}
	with := func(r aliyun.Request, f func(*aliyun.Request)) aliyun.Request { f(&r); return r }
	good := newClient(srv, mock.DefaultKeyID, mock.DefaultKeySecret)
	cases := []struct {
		name   string
		client *aliyun.Client
		req    aliyun.Request
		code   string
	}{
		{"v1 ok", good, describe, ""},
		{"v3 ok", good, with(describe, func(r *aliyun.Request) { r.Signature = aliyun.SignV3Version }), ""},
		{"v1 form ok", good, with(describe, func(r *aliyun.Request) { r.Form = true }), ""},
		{"v3 form ok", good, with(describe, func(r *aliyun.Request) { r.Form = true; r.Signature = aliyun.SignV3Version }), ""},
		{"GET ok", good, with(describe, func(r *aliyun.Request) { r.Method = "GET" }), ""},
		{"wrong secret v1", newClient(srv, mock.DefaultKeyID, "nope"), describe, "SignatureDoesNotMatch"},
		{"wrong secret v3", newClient(srv, mock.DefaultKeyID, "nope"), with(describe, func(r *aliyun.Request) { r.Signature = aliyun.SignV3Version }), "SignatureDoesNotMatch"},
		{"tampered", good, with(describe, func(r *aliyun.Request) { r.TamperSignature = true }), "SignatureDoesNotMatch"},
		{"unknown key", newClient(srv, "nosuchkey", "s"), describe, "InvalidAccessKeyId.NotFound"},
		{"inactive key", newClient(srv, "disabled", "s"), describe, "InvalidAccessKeyId.Inactive"},
		{"malformed timestamp", good, with(describe, func(r *aliyun.Request) { r.Overrides = map[string]string{"Timestamp": "yesterday"} }), "InvalidTimeStamp.Format"},
		{"expired timestamp", good, with(describe, func(r *aliyun.Request) {
			r.Overrides = map[string]string{"Timestamp": time.Now().UTC().Add(-16 * time.Minute).Format("2006-01-02T15:04:05Z")}
		}), "InvalidTimeStamp.Expired"},
		{"future timestamp v3", good, with(describe, func(r *aliyun.Request) {
			r.Signature = aliyun.SignV3Version
			r.Overrides = map[string]string{"x-acs-date": time.Now().UTC().Add(16 * time.Minute).Format("2006-01-02T15:04:05Z")}
		}), "InvalidTimeStamp.Expired"},
		{"signature method", good, with(describe, func(r *aliyun.Request) { r.Overrides = map[string]string{"SignatureMethod": "HMAC-MD5"} }), "InvalidSignatureMethod"},
		{"incomplete v3", good, with(describe, func(r *aliyun.Request) {
			r.Signature = aliyun.SignV3Version
			r.Overrides = map[string]string{"Authorization": "ACS3-HMAC-SHA256 Credential=testid"}
		}), "IncompleteSignature"},
		{"no timestamp", good, with(describe, func(r *aliyun.Request) { r.Omit = []string{"Timestamp"} }), "MissingTimestamp"},
		{"policy denies", newClient(srv, "readonly", "s"), del, "NoAuth"},
		{"policy allows", newClient(srv, "readonly", "s"), describe, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := tc.client.Do(context.Background(), tc.req)
			require.NoError(t, err)
			assert.Equal(t, tc.code, resp.Code, "%s", resp.Message)
			op, _ := contract.Default().Operation(tc.req.Action)
			assert.Empty(t, contract.Default().CheckResponse(op, resp.Status, resp.Body), "the answer conforms to the contract")
		})
	}
	view, err := srv.Emulator.Store().Group(app, "g1")
	require.NoError(t, err)
	assert.False(t, view.Deleted, "the refused delete changed nothing")
}

func TestNonceReuse(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	app := setup(t, srv)
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret},
		aliyun.WithNonce(func() string { return "same-nonce" }))
	req := aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}}
	first, err := c.Do(context.Background(), req)
	require.NoError(t, err)
	assert.True(t, first.OK())
	second, err := c.Do(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "SignatureNonceUsed", second.Code)
	assert.Equal(t, http.StatusBadRequest, second.Status)
}

func TestAuthOff(t *testing.T) {
	srv := mock.NewServer(mock.WithAuth(false))
	defer srv.Close()
	app := setup(t, srv)
	resp, err := http.Get(srv.URL + "/?Action=DescribeLiveMessageGroup&Version=2016-11-01&AppId=" + app + "&GroupId=g1")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "unsigned calls are served with --auth off")
	assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json"))
}

// TestRequestLogIsRedacted: the admin API's request log shows no
// signature and only a masked key id.
func TestRequestLogIsRedacted(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	app := setup(t, srv)
	c := newClient(srv, mock.DefaultKeyID, mock.DefaultKeySecret)
	p, err := c.Build(aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}})
	require.NoError(t, err)
	_, err = c.Send(context.Background(), p)
	require.NoError(t, err)
	sig := p.URL[strings.Index(p.URL, "Signature=")+len("Signature="):]
	resp, err := http.Get(srv.URL + "/_mock/requests")
	require.NoError(t, err)
	defer resp.Body.Close()
	b := new(strings.Builder)
	_, _ = io.Copy(b, resp.Body)
	assert.Contains(t, b.String(), "DescribeLiveMessageGroup")
	assert.NotContains(t, b.String(), sig, "the signature is redacted")
	assert.NotContains(t, b.String(), mock.DefaultKeySecret)
	assert.NotContains(t, b.String(), `"testid"`, "the key id is masked")
}

// TestRequestLogOfAFormPost: the log shows the parameters of the query and
// of the form body together, redacted, with the time the request took.
func TestRequestLogOfAFormPost(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	app := setup(t, srv)
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret, SecurityToken: "sts-secret-token"})
	resp, err := c.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Form: true, Params: map[string]string{"AppId": app, "GroupId": "g1"}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "%s %s", resp.Code, resp.Message)
	log := srv.Emulator.Requests(1)
	require.Len(t, log, 1)
	got := log[0]
	assert.Equal(t, app, got.Params["AppId"], "a form parameter")
	assert.Equal(t, "DescribeLiveMessageGroup", got.Params["Action"], "a query parameter")
	assert.Equal(t, aliyun.Redacted, got.Params["Signature"])
	assert.Equal(t, aliyun.Redacted, got.Params["SecurityToken"])
	assert.NotEqual(t, mock.DefaultKeyID, got.Params["AccessKeyId"], "masked")
	d, err := time.ParseDuration(got.Duration)
	require.NoError(t, err, "duration %q", got.Duration)
	assert.Positive(t, d)
}
