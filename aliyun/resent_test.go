package aliyun_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// resettingSecond serves the emulator over kept-alive connections; the
// second request is carried out and its answer reset, so that net/http
// resends it on its own when it is a GET (the default POST is not), the same signed message. The copy (the
// third request) is answered by copyAnswer when given, else by the
// emulator, which refuses its used nonce. It returns the URL, the
// emulator and the count of requests.
func resettingSecond(t *testing.T, copyAnswer func(w http.ResponseWriter)) (string, *mock.Emulator, *atomic.Int64) {
	t.Helper()
	emu := mock.New(mock.DefaultConfig())
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 2:
			emu.ServeHTTP(httptest.NewRecorder(), r) // carried out
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = c.(*net.TCPConn).SetLinger(0) // and the answer reset
				c.Close()
			}
		case 3:
			if copyAnswer != nil {
				copyAnswer(w)
				return
			}
			emu.ServeHTTP(w, r)
		default:
			emu.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, emu, &calls
}

// newApp makes an app with the first request, which also opens the
// connection net/http keeps alive (a resend needs a reused connection).
func newApp(t *testing.T, c *aliyun.Client) string {
	t.Helper()
	resp, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "resent"}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "%s", resp.Code)
	return resp.Fields["AppId"].(string)
}

// TestResentReadIsSentAfresh: net/http resends a read whose answer was
// reset, and the copy is refused for its nonce. With retries on, that
// refusal is not the read's answer: the client sends the read again, built
// and signed afresh, and returns the real answer, not flagged Resent; the
// resend is the budget's.
func TestResentReadIsSentAfresh(t *testing.T) {
	u, _, calls := resettingSecond(t, nil)
	budget := aliyun.NewRetryBudget(20)
	c := aliyun.NewClient(u, emuCreds, aliyun.WithRetries(3, budget, rules), fastBackoff)
	app := newApp(t, c)
	resp, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpDescribeLiveMessageApp, Method: http.MethodGet,
		Params: map[string]string{"AppId": app}})
	require.NoError(t, err)
	assert.Equal(t, int64(4), calls.Load(), "the create, the read, net/http's copy, the client's resend")
	assert.True(t, resp.OK(), "the resend's answer: %s", resp.Code)
	assert.False(t, resp.Resent)
	assert.Equal(t, 1, budget.Spent())
}

// TestResentReadWithoutRetriesIsFlagged: without retries the copy's
// refusal is returned, flagged Resent, whose fate is maybe.
func TestResentReadWithoutRetriesIsFlagged(t *testing.T) {
	u, _, calls := resettingSecond(t, nil)
	c := aliyun.NewClient(u, emuCreds)
	app := newApp(t, c)
	resp, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpDescribeLiveMessageApp, Method: http.MethodGet,
		Params: map[string]string{"AppId": app}})
	require.NoError(t, err)
	assert.Equal(t, int64(3), calls.Load())
	assert.True(t, resp.Resent)
	assert.Equal(t, contract.CodeSignatureNonceUsed, resp.Code)
	assert.Equal(t, aliyun.MaybeCarried, aliyun.FateOf(resp, err))
}

// TestResentCreateNotResentEvenThrottled: net/http resent a create whose
// answer was reset after the provider made the group, and its copy was
// throttled. A throttled create made nothing, so RetryThrottled resends
// one; but this throttle is the copy's, the first copy may have been
// carried out: the client does not send the create again (retries on or
// off), and the answer is flagged Resent, its fate maybe: the journal
// leaves the group maybe, for the read-back.
func TestResentCreateNotResentEvenThrottled(t *testing.T) {
	u, emu, calls := resettingSecond(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, errBody(contract.CodeThrottlingUser))
	})
	c := aliyun.NewClient(u, emuCreds, aliyun.WithRetries(3, aliyun.NewRetryBudget(20), rules), fastBackoff,
		aliyun.RetryThrottled(3, time.Millisecond, contract.IsThrottling))
	app := newApp(t, c)
	req := create(app, "g1")
	req.Method = http.MethodGet
	resp, err := c.Do(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, int64(3), calls.Load(), "the create went once from the client, twice from net/http; never again")
	assert.True(t, resp.Resent)
	assert.Equal(t, contract.CodeThrottlingUser, resp.Code)
	assert.Equal(t, aliyun.MaybeCarried, aliyun.FateOf(resp, err))
	_, err = emu.Store().Group(app, "g1")
	assert.NoError(t, err, "the first copy made the group")
}

// TestThrottledCreateCancelledInTheWait: a create throttled, then
// cancelled while the client waits to resend it: the error is the
// cancellation's and the throttled answer comes with it, so its fate is
// known: not carried out (no request was in flight).
func TestThrottledCreateCancelledInTheWait(t *testing.T) {
	u, n := answering(t, func(int) (int, string) { return 400, errBody(contract.CodeThrottlingUser) })
	c := aliyun.NewClient(u, emuCreds, aliyun.RetryThrottled(5, time.Hour, contract.IsThrottling))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	resp, err := c.Do(ctx, create("a", "g"))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, resp)
	assert.Equal(t, contract.CodeThrottlingUser, resp.Code)
	assert.Equal(t, int64(1), n.Load())
	assert.Equal(t, aliyun.NotCarried, aliyun.FateOf(resp, err))
}

// dumping is a transport that writes each request out once through a
// connection of its own before it sends it, as go-vcr's recorder does
// (httputil.DumpRequestOut, with the request's context and its trace).
type dumping struct{}

func (dumping) RoundTrip(r *http.Request) (*http.Response, error) {
	if _, err := httputil.DumpRequestOut(r, true); err != nil {
		return nil, err
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestRecordedRequestNotResent: a request a recorder wrote out before
// sending it went once: its refusal is the call's answer (not flagged
// Resent, not sent again), whether it went on a new connection or a
// kept-alive one.
func TestRecordedRequestNotResent(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	var sent atomic.Int64
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		srv.Emulator.ServeHTTP(w, r)
	}))
	defer counting.Close()
	c := aliyun.NewClient(counting.URL, emuCreds, aliyun.WithHTTPClient(&http.Client{Transport: dumping{}}),
		aliyun.WithRetries(3, nil, rules), fastBackoff)
	for i := range 3 { // the first on a new connection, then kept-alive ones
		for _, method := range []string{http.MethodPost, http.MethodGet} {
			resp, err := c.Do(context.Background(), aliyun.Request{Action: contract.OpDescribeLiveMessageGroup, Method: method,
				Params: map[string]string{"AppId": "nope", "GroupId": "g1"}})
			require.NoError(t, err)
			assert.False(t, resp.Resent, "%s #%d", method, i)
			assert.Equal(t, contract.CodeResourceNotExist, resp.Code)
		}
	}
	assert.Equal(t, int64(6), sent.Load(), "each sent once")
}
