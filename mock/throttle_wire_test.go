package mock_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// TestThrottleHeadersOnTheWire: every answer of a throttled operation
// carries the per-user-and-API rate-limit header, and a throttled one says
// how long to wait.
func TestThrottleHeadersOnTheWire(t *testing.T) {
	srv := mock.NewServer(mock.WithQPS("RecoverLiveMessageDeletedGroup", 2),
		mock.WithThrottle("RecoverLiveMessageDeletedGroup", mock.Throttle{Shape: mock.ShapeWindow, Seconds: 60}))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	req := aliyun.Request{Action: "RecoverLiveMessageDeletedGroup", Params: map[string]string{"AppId": "nosuch", "GroupId": "g"}}
	var values []string
	var last *aliyun.Response
	for i := 0; i < 121; i++ {
		resp, err := c.Do(context.Background(), req)
		require.NoError(t, err)
		values = append(values, resp.Header.Get(mock.HeaderUserAPI))
		last = resp
	}
	assert.True(t, strings.HasPrefix(values[0], "Limit:120,Remain:119,TimeLeft:0,Reset:"), "a served answer: %s", values[0])
	assert.Equal(t, "Throttling.User", last.Code, "a 60 s window of 2 per second allows 120")
	assert.Regexp(t, `^Limit:120,Remain:0,TimeLeft:\d+,Reset:\d+$`, values[120])
	assert.NotEqual(t, "TimeLeft:0", strings.Split(values[120], ",")[2], "a throttled answer says how long to wait")
	assert.Empty(t, last.Header.Get(mock.HeaderUser), "a per-operation bucket does not use the account-wide header")
}

// TestThrottleAtRunTime: the admin API changes the shape of one operation,
// or of all, and refuses a bad one without changing anything.
func TestThrottleAtRunTime(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	post := func(body string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/_mock/throttle", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, decodeJSON(resp, &out))
		return resp.StatusCode, out
	}
	status, out := post(`{"*": "fixed", "DeleteLiveMessageGroup": "token:burst=2x"}`)
	require.Equal(t, 200, status, "%v", out)
	assert.Equal(t, "token:burst=2x", out["DeleteLiveMessageGroup"])
	assert.Equal(t, "fixed", out["RecoverLiveMessageDeletedGroup"])

	for _, bad := range []string{`{"DeleteLiveMessageGroup": "leaky"}`, `{"Nope": "fixed"}`, `{"*": "token:burst=0"}`, `[1]`} {
		status, out = post(bad)
		assert.Equal(t, 400, status, "%s: %v", bad, out)
		assert.NotEmpty(t, out["error"])
	}
	resp, err := http.Get(srv.URL + "/_mock/throttle")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.NoError(t, decodeJSON(resp, &out))
	assert.Equal(t, "token:burst=2x", out["DeleteLiveMessageGroup"], "a refused change left the shapes as they were")
	assert.Equal(t, "fixed", out["RecoverLiveMessageDeletedGroup"])

	// the token bucket of 2x50 is in force: 100 at once, then throttled
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	served := 0
	for i := 0; i < 101; i++ {
		r, err := c.Do(context.Background(), aliyun.Request{Action: "DeleteLiveMessageGroup", Params: map[string]string{"AppId": "nosuch", "GroupId": "g"}})
		require.NoError(t, err)
		if !strings.HasPrefix(r.Code, "Throttling") {
			served++
		}
	}
	assert.GreaterOrEqual(t, served, 100)
	assert.Less(t, served, 101+5, "refill during the calls is at most a few tokens")
}

// TestThrottleHeadersReadByTheSDK: darabonba's client turns a throttled
// answer into a ThrottlingError whose RetryAfter it reads from the header.
func TestThrottleHeadersReadByTheSDK(t *testing.T) {
	srv := mock.NewServer(mock.WithQPS("DescribeLiveMessageGroup", 1),
		mock.WithThrottle("", mock.Throttle{Shape: mock.ShapeShared, Rate: 1}))
	defer srv.Close()
	client, err := openapi.NewClient(&openapi.Config{
		AccessKeyId: dara.String(mock.DefaultKeyID), AccessKeySecret: dara.String(mock.DefaultKeySecret),
		Endpoint: dara.String(strings.TrimPrefix(srv.URL, "http://")), Protocol: dara.String("http"),
	})
	require.NoError(t, err)
	client.DisableSDKError = dara.Bool(true) // keep the typed error
	call := func() error {
		// DoRPCRequest is the v1 RPC path, the one that maps throttling to ThrottlingError
		_, err := client.DoRPCRequest(dara.String("DescribeLiveMessageGroup"), dara.String("2016-11-01"), dara.String("HTTP"),
			dara.String("POST"), dara.String("AK"), dara.String("json"),
			&openapiutil.OpenApiRequest{Query: map[string]*string{"AppId": dara.String("x"), "GroupId": dara.String("g")}}, &dara.RuntimeOptions{})
		return err
	}
	_ = call()
	err = call()
	var te *openapi.ThrottlingError
	require.True(t, errors.As(err, &te), "a ThrottlingError, got %T %v", err, err)
	require.NotNil(t, te.RetryAfter, "the SDK read TimeLeft from x-ratelimit-user")
	assert.Greater(t, *te.RetryAfter, int64(900), "about a second to wait, in ms")
	assert.LessOrEqual(t, *te.RetryAfter, int64(1000))
}

func decodeJSON(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }
