package cassette_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/mock"
)

const (
	canaryID     = "LTAIcanaryKEYID0001"
	canarySecret = "canarySECRETvalue0001"
	canaryToken  = "canarySTStoken0001xyz"
)

// record runs calls through a Recorder against an emulator with canary
// credentials and returns the written file's bytes and path.
func record(t *testing.T, reqs ...aliyun.Request) (string, []byte, []*aliyun.Response) {
	t.Helper()
	srv := mock.NewServer(mock.WithKey(mock.Key{ID: canaryID, Secret: canarySecret, Account: "acct1"}))
	t.Cleanup(srv.Close)
	dir := cassette.NewDir(t.TempDir(), cassette.Meta{Endpoint: srv.URL, Target: "mock"}, nil, canaryID, canarySecret, canaryToken)
	rec, err := dir.Start(cassette.KindScenario, "Delete a group: it is gone", []string{"@op:DeleteLiveMessageGroup", "@assumption"})
	require.NoError(t, err)
	creds := aliyun.Credentials{AccessKeyID: canaryID, AccessKeySecret: canarySecret, SecurityToken: canaryToken}
	c := aliyun.NewClient(srv.URL, creds, aliyun.WithHTTPClient(&http.Client{Transport: rec.Transport()}))
	var resps []*aliyun.Response
	for _, r := range reqs {
		resp, err := c.Do(context.Background(), r)
		require.NoError(t, err)
		resps = append(resps, resp)
	}
	require.NoError(t, rec.Finish("failed", "boom with "+canarySecret))
	b, err := os.ReadFile(rec.Path())
	require.NoError(t, err)
	return rec.Path(), b, resps
}

func TestRecorderWritesRedactedCassette(t *testing.T) {
	path, b, resps := record(t,
		aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "demo"}},
		aliyun.Request{Action: "DescribeLiveMessageGroup", Method: "GET", Format: "XML", Params: map[string]string{"AppId": "nope", "GroupId": "g1"}},
		aliyun.Request{Action: "AddLiveMessageGroupBand", Signature: aliyun.SignV3Version, Form: true,
			Params: map[string]string{"AppId": "nope", "GroupId": "g1"}, Lists: map[string][]string{"BannedUsers": {"u1", "u2"}}, ListStyle: aliyun.ListComma},
		aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": "nope", "GroupId": "g1"},
			Overrides: map[string]string{"Timestamp": time.Now().Add(20 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")}},
	)
	text := string(b)
	for _, secret := range []string{canaryID, canarySecret, canaryToken, "Signature=", "SignatureNonce", "AccessKeyId", "Authorization", "SecurityToken"} {
		assert.NotContains(t, text, secret, "the cassette must not hold %q", secret)
	}
	assert.NotEmpty(t, resps[0].Header.Get("Date"), "the client still sees every header of the answer")
	assert.Contains(t, text, "REDACTED", "the detail's secret is replaced")

	f, err := cassette.Load(path)
	require.NoError(t, err)
	assert.Equal(t, "Delete a group: it is gone", f.Livemsg.Name)
	assert.Equal(t, "failed", f.Livemsg.Outcome)
	assert.True(t, f.Livemsg.HasTag("@assumption"))
	assert.WithinDuration(t, time.Now(), f.Livemsg.Recorded, time.Minute)
	require.Len(t, f.Interactions, 4)
	assert.Equal(t, 200, f.Interactions[0].Response.Code)
	assert.Empty(t, f.Interactions[0].Response.Headers.Get("Date"), "headers that say nothing about the API are left out")
	assert.NotEmpty(t, f.Interactions[0].Response.Headers.Get("Content-Type"))
	assert.NotEmpty(t, f.Interactions[0].Response.Headers.Get("X-Acs-Request-Id"))

	got, err := cassette.Decode(f.Interactions[1])
	require.NoError(t, err)
	assert.Equal(t, "DescribeLiveMessageGroup", got.Action)
	assert.Equal(t, "GET", got.Method)
	assert.Equal(t, "XML", got.Format)
	assert.Equal(t, "g1", got.Params.Get("GroupId"))
	assert.Empty(t, got.Timestamp, "a signing time of now is not kept")

	v3, err := cassette.Decode(f.Interactions[2])
	require.NoError(t, err)
	assert.True(t, v3.V3)
	assert.True(t, v3.Form)
	assert.Equal(t, "AddLiveMessageGroupBand", v3.Action)
	assert.Equal(t, "u1,u2", v3.Params.Get("BannedUsers"), "the list keeps the form it was sent in")

	skewed, err := cassette.Decode(f.Interactions[3])
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(skewed.Timestamp, "now+19m") || strings.HasPrefix(skewed.Timestamp, "now+20m"), "a skewed Timestamp is kept as its offset, got %q", skewed.Timestamp)

	// go-vcr's own loader reads the file.
	c, err := vcr.Load(strings.TrimSuffix(path, cassette.Ext))
	require.NoError(t, err)
	assert.Len(t, c.Interactions, 4)
}

func TestResolveTime(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	assert.Equal(t, "2026-01-02T03:20:05Z", cassette.ResolveTime("now+16m0s", now))
	assert.Equal(t, "2026-01-02T02:48:05Z", cassette.ResolveTime("now-16m0s", now))
	assert.Equal(t, "garbage", cassette.ResolveTime("garbage", now))
}

func TestLoadRejectsForeignFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("version: 2\ninteractions: []\n"), 0o644))
	_, err := cassette.Load(filepath.Join(dir, "a.yaml"))
	assert.ErrorContains(t, err, "no livemsg header")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.yaml"), []byte("livemsg: {kind: call}\nversion: 1\n"), 0o644))
	_, err = cassette.Load(filepath.Join(dir, "b.yaml"))
	assert.ErrorContains(t, err, "format version 1")
	_, err = cassette.LoadDir(t.TempDir())
	assert.ErrorContains(t, err, "no .yaml files")
}

func TestDirNamesFilesOncePerName(t *testing.T) {
	dir := cassette.NewDir(t.TempDir(), cassette.Meta{}, nil)
	a, err := dir.Start(cassette.KindSequence, "seq 1", nil)
	require.NoError(t, err)
	b, err := dir.Start(cassette.KindSequence, "seq 1", nil)
	require.NoError(t, err)
	assert.NotEqual(t, a.Path(), b.Path())
	assert.Equal(t, "sequence-seq-1.yaml", filepath.Base(a.Path()))
	require.NoError(t, a.Finish("passed", ""))
	files, err := cassette.LoadDir(dir.Path())
	require.NoError(t, err)
	require.Len(t, files, 1)
	assert.Equal(t, "passed", files[0].Livemsg.Outcome)
	assert.NotEmpty(t, files[0].Livemsg.Livemsg, "the livemsg version is written")
}
