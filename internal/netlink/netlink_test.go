package netlink_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/internal/netlink"
)

func backend(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = io.WriteString(w, `{"RequestId":"A","Result":"a body long enough to be cut short somewhere in the middle"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &served
}

// A round trip through a distance takes twice the one-way latency.
func TestDistance(t *testing.T) {
	srv, _ := backend(t)
	l := netlink.New(t, srv.URL)
	l.Distance(t, 40*time.Millisecond, 0)
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	began := time.Now()
	resp, err := c.Get(l.URL)
	require.NoError(t, err)
	_, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.GreaterOrEqual(t, time.Since(began), 80*time.Millisecond, "a round trip at 40 ms each way")
}

// A lost answer was carried out: the backend saw the request, the client
// got an error, not an answer.
func TestLoseAnswersAfterTheProviderActed(t *testing.T) {
	srv, served := backend(t)
	l := netlink.New(t, srv.URL)
	l.LoseAnswers(t, 1)
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := c.Get(l.URL)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	require.Error(t, err, "the answer is lost")
	assert.Equal(t, int64(1), served.Load(), "the provider carried the request out")
}

// A cut answer arrives short.
func TestCutAnswers(t *testing.T) {
	srv, served := backend(t)
	l := netlink.New(t, srv.URL)
	l.CutAnswers(t, 1, 40)
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := c.Get(l.URL)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	require.Error(t, err, "the answer is cut")
	assert.Equal(t, int64(1), served.Load())
}

// A dropped request never reaches the provider.
func TestDropRequests(t *testing.T) {
	srv, served := backend(t)
	l := netlink.New(t, srv.URL)
	l.DropRequests(t, 1)
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	_, err := c.Get(l.URL)
	require.Error(t, err)
	assert.Equal(t, int64(0), served.Load(), "the provider never saw it")
}
