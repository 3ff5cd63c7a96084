package aliyun_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/mock"
)

// What a flaky link does to one request.
type fate int

const (
	pass   fate = iota
	drop        // reset before the provider sees the request
	lose        // the provider answers, the answer is reset on the way back
	cutOff      // the provider answers, the answer stops after its headers
)

// flaky proxies to backend and does to the nth request of each action
// what plan says; it keeps every request's nonce.
type flaky struct {
	URL    string
	mu     sync.Mutex
	seen   map[string]int // requests per action
	nonces []string
}

func newFlaky(t *testing.T, backend string, plan func(action string, n int) fate) *flaky {
	t.Helper()
	u, err := url.Parse(backend)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	f := &flaky{seen: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		action := faultproxy.Action(r)
		f.mu.Lock()
		f.seen[action]++
		n := f.seen[action]
		f.nonces = append(f.nonces, r.URL.Query().Get("SignatureNonce"))
		f.mu.Unlock()
		switch plan(action, n) {
		case drop:
			reset(w)
		case lose:
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
			reset(w)
		case cutOff:
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", fmt.Sprint(rec.Body.Len()))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes()[:rec.Body.Len()/2])
			reset(w)
		default:
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// reset closes the connection with a TCP RST.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("no hijacker")
	}
	c, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	_ = buf.Flush()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

func (f *flaky) count(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seen[action]
}

// rules are the contract's: what is safe to repeat, what is transient.
var rules = aliyun.RetryRules{Idempotent: contract.Default().Idempotent, Transient: contract.Default().Transient}

var emuCreds = aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}

// fastBackoff keeps the tests' waits short.
var fastBackoff = aliyun.WithBackoff(time.Millisecond, 5*time.Millisecond)

func describe(app, group string) aliyun.Request {
	return aliyun.Request{Action: contract.OpDescribeLiveMessageGroup, Params: map[string]string{"AppId": app, "GroupId": group}}
}

func create(app, group string) aliyun.Request {
	return aliyun.Request{Action: contract.OpCreateLiveMessageGroup, Params: map[string]string{"AppId": app, "GroupId": group}}
}

// emulatorWithApp starts an emulator and makes an app in it.
func emulatorWithApp(t *testing.T) (*mock.Server, string) {
	t.Helper()
	srv := mock.NewServer()
	t.Cleanup(srv.Close)
	resp, err := aliyun.NewClient(srv.URL, emuCreds).Do(context.Background(),
		aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "retries"}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "%s", resp.Body)
	app, _ := resp.Fields["AppId"].(string)
	return srv, app
}

// TestIdempotentReadResentAfterReset: a read whose first two requests were
// reset on the way is sent a third time, signed afresh, and its answer is
// returned; the run's budget counts the two resends against the read.
func TestIdempotentReadResentAfterReset(t *testing.T) {
	srv, app := emulatorWithApp(t)
	direct := aliyun.NewClient(srv.URL, emuCreds)
	resp, err := direct.Do(context.Background(), create(app, "g1"))
	require.NoError(t, err)
	require.True(t, resp.OK())
	read := contract.OpDescribeLiveMessageGroup
	link := newFlaky(t, srv.URL, func(action string, n int) fate {
		if action == read && n <= 2 {
			return drop
		}
		return pass
	})
	budget := aliyun.NewRetryBudget(20)
	c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, budget, rules), fastBackoff)
	resp, err = c.Do(context.Background(), describe(app, "g1"))
	require.NoError(t, err, "the third request got through")
	assert.True(t, resp.OK(), "%s", resp.Body)
	assert.Equal(t, "g1", resp.Fields["GroupId"])
	assert.Equal(t, 3, link.count(read), "sent three times")
	assert.Equal(t, 2, resp.Retried, "the answer says it is the third copy's")
	assert.Equal(t, 2, budget.Spent())
	assert.Equal(t, map[string]int{read: 2}, budget.ByOperation())
	assert.Equal(t, "retries: 2 ("+read+" 2), budget 20", budget.String())
	calls, answered, faults := c.Faults().Counts()
	assert.Equal(t, []int{3, 1, 2}, []int{calls, answered, faults}, "every request counts: calls, answers, faults")
	link.mu.Lock()
	nonces := link.nonces
	link.mu.Unlock()
	require.Len(t, nonces, 3)
	assert.NotEqual(t, nonces[0], nonces[1], "a resend is signed afresh")
	assert.NotEqual(t, nonces[1], nonces[2], "a resend is signed afresh")
}

// TestDeleteResentAfterLostAnswer: a delete carried out whose answer was
// lost is sent again and answered 200, as the contract says a delete of
// a deleted group is.
func TestDeleteResentAfterLostAnswer(t *testing.T) {
	srv, app := emulatorWithApp(t)
	_, err := aliyun.NewClient(srv.URL, emuCreds).Do(context.Background(), create(app, "g1"))
	require.NoError(t, err)
	del := contract.OpDeleteLiveMessageGroup
	link := newFlaky(t, srv.URL, func(action string, n int) fate {
		if action == del && n == 1 {
			return lose
		}
		return pass
	})
	c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, aliyun.NewRetryBudget(20), rules), fastBackoff)
	resp, err := c.Do(context.Background(), aliyun.Request{Action: del, Params: map[string]string{"AppId": app, "GroupId": "g1"}})
	require.NoError(t, err)
	assert.True(t, resp.OK(), "%s", resp.Body)
	assert.Equal(t, 2, link.count(del))
	assert.Equal(t, 1, resp.Retried)
}

// TestCreateNotResentOutcomeUnknown: a create whose answer was lost after
// the provider made the group is not sent again, and its error says the
// outcome is unknown; the group is there (read back directly).
func TestCreateNotResentOutcomeUnknown(t *testing.T) {
	srv, app := emulatorWithApp(t)
	mk := contract.OpCreateLiveMessageGroup
	for _, tc := range []struct {
		name string
		fate fate
	}{{"answer lost", lose}, {"answer cut short", cutOff}, {"request dropped", drop}} {
		t.Run(tc.name, func(t *testing.T) {
			link := newFlaky(t, srv.URL, func(action string, n int) fate {
				if action == mk {
					return tc.fate
				}
				return pass
			})
			budget := aliyun.NewRetryBudget(20)
			c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, budget, rules), fastBackoff)
			group := strings.ReplaceAll(tc.name, " ", "")
			_, err := c.Do(context.Background(), create(app, group))
			require.ErrorIs(t, err, aliyun.ErrTransport)
			var te *aliyun.TransportError
			require.True(t, errors.As(err, &te))
			assert.True(t, te.OutcomeUnknown)
			assert.Contains(t, err.Error(), "the outcome is unknown: the request may have been carried out, and "+mk+" is not safe to repeat, so it was not sent again")
			assert.Equal(t, 1, link.count(mk), "a create is never resent blindly")
			assert.Zero(t, budget.Spent())
			got, err := aliyun.NewClient(srv.URL, emuCreds).Do(context.Background(), describe(app, group))
			require.NoError(t, err)
			assert.Equal(t, tc.fate != drop, got.OK(), "the provider made the group unless the request was dropped: %s", got.Body)
		})
	}
}

// TestUnreachableCreateIsNotUnknown: a create that could not even connect
// was not carried out, and its error does not pretend otherwise.
func TestUnreachableCreateIsNotUnknown(t *testing.T) {
	c := aliyun.NewClient(faultproxy.Refused(t), emuCreds, aliyun.WithRetries(3, nil, rules))
	_, err := c.Do(context.Background(), create("a", "g"))
	var te *aliyun.TransportError
	require.True(t, errors.As(err, &te))
	assert.True(t, te.Unreachable)
	assert.False(t, te.OutcomeUnknown)
	assert.NotContains(t, err.Error(), "outcome")
}

// TestRetryBudgetExhausted: on a link that resets everything a read is
// resent until the run's budget is spent, then fails with its fault; the
// next read is not resent at all, and the budget says so.
func TestRetryBudgetExhausted(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	link := newFlaky(t, srv.URL, func(string, int) fate { return drop })
	budget := aliyun.NewRetryBudget(2)
	c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, budget, rules), fastBackoff)
	read := contract.OpDescribeLiveMessageGroup
	_, err := c.Do(context.Background(), describe("a", "g"))
	require.ErrorIs(t, err, aliyun.ErrTransport)
	var te *aliyun.TransportError
	require.True(t, errors.As(err, &te))
	assert.Equal(t, 2, te.Resent)
	assert.True(t, te.BudgetSpent)
	assert.Contains(t, err.Error(), "sent 3 times; not sent again: the run's retry budget is spent")
	assert.False(t, te.OutcomeUnknown, "a read is safe to repeat: its outcome does not matter")
	_, err = c.WithCredentials(emuCreds).Do(context.Background(), describe("a", "g"))
	require.ErrorIs(t, err, aliyun.ErrTransport)
	assert.Equal(t, 4, link.count(read), "three, then one: a client made from another shares the budget")
	assert.True(t, budget.Exhausted())
	assert.Equal(t, 2, budget.Refused())
	assert.Equal(t, "retries: 2 ("+read+" 2), budget 2, spent: 2 calls not resent", budget.String())
}

// TestPerCallRetriesBounded: without a run-wide budget a call is still
// sent at most 1 + perCall times; 0 sends once.
func TestPerCallRetriesBounded(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	read := contract.OpDescribeLiveMessageGroup
	for _, perCall := range []int{0, 1, 3} {
		link := newFlaky(t, srv.URL, func(string, int) fate { return drop })
		c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(perCall, nil, rules), fastBackoff)
		_, err := c.Do(context.Background(), describe("a", "g"))
		require.ErrorIs(t, err, aliyun.ErrTransport)
		assert.Equal(t, 1+perCall, link.count(read), "--retries %d", perCall)
	}
}

// answering is a provider that answers the nth request as answer says.
func answering(t *testing.T, answer func(n int) (int, string)) (string, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, body := answer(int(n.Add(1)))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

func errBody(code string) string {
	return `{"RequestId":"R","HostId":"live.aliyuncs.com","Code":"` + code + `","Message":"m"}`
}

// TestTransientAnswers: a transient gateway answer (ServiceUnavailable)
// is resent for a read and the final answer returned, whatever it is; a
// product error is returned at once, never hidden; a create is not
// resent on it.
func TestTransientAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		req    aliyun.Request
		answer func(n int) (int, string)
		sent   int
		code   string
	}{
		{"read, transient then served", describe("a", "g"), func(n int) (int, string) {
			if n < 3 {
				return 503, errBody(contract.CodeServiceUnavailable)
			}
			return 200, `{"RequestId":"R","GroupId":"g"}`
		}, 3, ""},
		{"read, transient every time: the last answer", describe("a", "g"), func(int) (int, string) {
			return 500, errBody(contract.CodeInternalError)
		}, 4, contract.CodeInternalError},
		{"read, a product error at once", describe("a", "g"), func(int) (int, string) {
			return 500, errBody(contract.CodeServerError)
		}, 1, contract.CodeServerError},
		{"read, a contract answer at once", describe("a", "g"), func(int) (int, string) {
			return 404, errBody(contract.CodeResourceNotExist)
		}, 1, contract.CodeResourceNotExist},
		{"create, transient: sent once", create("a", "g"), func(int) (int, string) {
			return 503, errBody(contract.CodeServiceUnavailable)
		}, 1, contract.CodeServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, n := answering(t, tc.answer)
			c := aliyun.NewClient(u, emuCreds, aliyun.WithRetries(3, aliyun.NewRetryBudget(20), rules), fastBackoff)
			resp, err := c.Do(context.Background(), tc.req)
			require.NoError(t, err, "an answer is not a transport fault")
			assert.Equal(t, tc.code, resp.Code)
			assert.Equal(t, int64(tc.sent), n.Load(), "requests sent")
		})
	}
}

// TestRetryThrottled: a throttled call, a create too, is resent after the
// wait, up to the tries given, without spending the retry budget; the
// last throttled answer is returned when they run out.
func TestRetryThrottled(t *testing.T) {
	for _, tc := range []struct {
		name        string
		tries, sent int
		throttled   int // answers throttled before one is served
		code        string
	}{
		{"served on the third", 3, 3, 2, ""},
		{"still throttled after one resend", 1, 2, 5, contract.CodeThrottlingUser},
		{"none", 0, 1, 5, contract.CodeThrottlingUser},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, n := answering(t, func(n int) (int, string) {
				if n <= tc.throttled {
					return 400, errBody(contract.CodeThrottlingUser)
				}
				return 200, `{"RequestId":"R","GroupId":"g"}`
			})
			budget := aliyun.NewRetryBudget(20)
			c := aliyun.NewClient(u, emuCreds, aliyun.WithRetries(3, budget, rules)).
				With(aliyun.RetryThrottled(tc.tries, 20*time.Millisecond, contract.IsThrottling))
			began := time.Now()
			resp, err := c.Do(context.Background(), create("a", "g"))
			require.NoError(t, err)
			assert.Equal(t, tc.code, resp.Code)
			assert.Equal(t, int64(tc.sent), n.Load())
			assert.GreaterOrEqual(t, time.Since(began), time.Duration(tc.sent-1)*20*time.Millisecond, "the wait between")
			assert.Zero(t, budget.Spent(), "throttling resends are not the link's")
			assert.Zero(t, resp.Retried, "nor the answer's Retried: a throttle was answered")
		})
	}
}

// TestPinnedNonceNotResent: a request that pins its nonce (a scenario
// reusing one on purpose) is sent once: a resend would be refused for the
// nonce, not answered for the call.
func TestPinnedNonceNotResent(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	link := newFlaky(t, srv.URL, func(string, int) fate { return drop })
	c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, nil, rules), fastBackoff)
	req := describe("a", "g")
	req.Overrides = map[string]string{"SignatureNonce": "fixed"}
	_, err := c.Do(context.Background(), req)
	require.ErrorIs(t, err, aliyun.ErrTransport)
	assert.Equal(t, 1, link.count(req.Action))
}

// TestBeforeSendSeesEveryRequest: the hook runs before each request,
// resends included, and its error stops the call unsent.
func TestBeforeSendSeesEveryRequest(t *testing.T) {
	u, n := answering(t, func(n int) (int, string) {
		if n < 3 {
			return 400, errBody(contract.CodeThrottlingApi)
		}
		return 200, `{"RequestId":"R"}`
	})
	var hooked int
	capped := errors.New("cap reached")
	c := aliyun.NewClient(u, emuCreds, aliyun.RetryThrottled(5, time.Millisecond, contract.IsThrottling),
		aliyun.BeforeSend(func(string) error {
			if hooked == 2 {
				return capped
			}
			hooked++
			return nil
		}))
	_, err := c.Do(context.Background(), describe("a", "g"))
	require.ErrorIs(t, err, capped)
	assert.Equal(t, int64(2), n.Load(), "the third request was stopped before it left")
}

// TestCancelDuringBackoff: the caller's cancellation ends the wait
// between resends and is reported as such.
func TestCancelDuringBackoff(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	link := newFlaky(t, srv.URL, func(string, int) fate { return drop })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, nil, rules), aliyun.WithBackoff(time.Hour, time.Hour))
	began := time.Now()
	_, err := c.Do(ctx, describe("a", "g"))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(began), 10*time.Second)
}
