package aliyun_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/internal/netlink"
	"github.com/livemsg/livemsg/mock"
)

// TestFateOf: what each way a call can end proves about whether the
// provider carried it out, each through the network that ends it so.
func TestFateOf(t *testing.T) {
	srv := mock.NewTestServer(t)
	via := func(fault func(*netlink.Link)) string {
		l := netlink.New(t, srv.URL)
		fault(l)
		return l.URL
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name     string
		endpoint string
		ctx      context.Context
		action   string
		want     aliyun.Fate
	}{
		{"answered with success", srv.URL, context.Background(), "CreateLiveMessageApp", aliyun.Carried},
		{"refused with an Alibaba error", srv.URL, context.Background(), "DescribeLiveMessageApp", aliyun.NotCarried},
		{"answer reset after the provider acted", via(func(l *netlink.Link) { l.LoseAnswers(t, 1) }), context.Background(), "CreateLiveMessageApp", aliyun.MaybeCarried},
		{"answer cut short", via(func(l *netlink.Link) { l.CutAnswers(t, 1, 40) }), context.Background(), "CreateLiveMessageApp", aliyun.MaybeCarried},
		{"request reset on its way", via(func(l *netlink.Link) { l.DropRequests(t, 1) }), context.Background(), "CreateLiveMessageApp", aliyun.MaybeCarried},
		{"no answer in time", faultproxy.Silent(t), context.Background(), "CreateLiveMessageApp", aliyun.MaybeCarried},
		{"a proxy's error page", faultproxy.BadGateway(t), context.Background(), "CreateLiveMessageApp", aliyun.MaybeCarried},
		{"cancelled", srv.URL, cancelled, "CreateLiveMessageApp", aliyun.MaybeCarried},
		{"no connection could be made", faultproxy.Refused(t), context.Background(), "CreateLiveMessageApp", aliyun.NotCarried},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := aliyun.NewClient(tc.endpoint, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret},
				aliyun.WithTimeout(300*time.Millisecond))
			params := map[string]string{"AppName": "fate"}
			if tc.action != "CreateLiveMessageApp" {
				params = map[string]string{"AppId": "absent"}
			}
			resp, err := c.Do(tc.ctx, aliyun.Request{Action: tc.action, Params: params})
			assert.Equal(t, tc.want, aliyun.FateOf(resp, err), "resp %v, err %v", resp != nil, err)
		})
	}
}

// TestFateOfAResentGet: net/http resends a GET whose reused connection
// broke before the answer; the copy is refused (its nonce was used by the
// first, which the provider carried out). That refusal proves nothing:
// the answer says it was resent, and its fate is maybe.
func TestFateOfAResentGet(t *testing.T) {
	emu := mock.New(mock.DefaultConfig())
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) != 2 {
			emu.ServeHTTP(w, r)
			return
		}
		emu.ServeHTTP(httptest.NewRecorder(), r) // carried out
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
			_ = c.(*net.TCPConn).SetLinger(0) // and the answer reset
			c.Close()
		}
	}))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	ctx := context.Background()
	resp, err := c.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "fate"}})
	require.NoError(t, err)
	require.False(t, resp.Resent)
	app := resp.Fields["AppId"].(string)

	resp, err = c.Do(ctx, aliyun.Request{Action: "CreateLiveMessageGroup", Method: http.MethodGet,
		Params: map[string]string{"AppId": app, "GroupId": "g1", "CreatorId": "c"}})
	require.NoError(t, err)
	require.Equal(t, int64(3), calls.Load(), "the GET went twice")
	assert.True(t, resp.Resent)
	assert.False(t, resp.OK(), "the copy was refused: %s", resp.Code)
	assert.Equal(t, aliyun.MaybeCarried, aliyun.FateOf(resp, err))
	_, err = emu.Store().Group(app, "g1")
	assert.NoError(t, err, "the first copy made the group")
}
