package load_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
)

// TestProbeSetupWaitsOutAThrottle: a probe's setup call that a burst's
// window throttles is resent three times, a window apart (the client's
// RetryThrottled option, no longer a loop of its own), then given up.
func TestProbeSetupWaitsOutAThrottle(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		throttled int64 // creates answered Throttling.User before one passes
		sent      int64
		ok        bool
	}{
		{"served on the third send", 2, 3, true},
		{"still throttled after three resends", 10, 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := mock.NewServer()
			defer srv.Close()
			c := client(srv)
			resp, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "setup"}})
			require.NoError(t, err)
			app, _ := resp.Fields["AppId"].(string)
			u, err := url.Parse(srv.URL)
			require.NoError(t, err)
			rp := httputil.NewSingleHostReverseProxy(u)
			var creates atomic.Int64
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if faultproxy.Action(r) == contract.OpCreateLiveMessageGroup && creates.Add(1) <= tc.throttled {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusBadRequest)
					_, _ = io.WriteString(w, `{"RequestId":"R","HostId":"h","Code":"`+contract.CodeThrottlingUser+`","Message":"m"}`)
					return
				}
				rp.ServeHTTP(w, r)
			}))
			defer proxy.Close()
			p, err := load.NewProbe(contract.OpRemoveLiveMessageGroupBand, load.Env{AppID: app, GroupID: "setupgroup"})
			require.NoError(t, err)
			err = p.Setup(context.Background(), aliyun.NewClient(proxy.URL, c.Credentials()))
			assert.Equal(t, tc.sent, creates.Load(), "creates sent")
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), contract.CodeThrottlingUser)
		})
	}
}
