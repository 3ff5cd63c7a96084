package mock_test

import (
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// TestQPSIsCapped: a limit is client input (the admin API answers anyone
// on the listener). Four billion requests a second once took the emulator
// down (a sliding window keeps one time per request of its limit); now the
// admin API refuses a limit over MaxQPS with 400, and one given from Go is
// held to MaxQPS, so a call on it allocates nothing of that size.
func TestQPSIsCapped(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	for _, n := range []int{mock.MaxQPS + 1, 4000000000} {
		body := `{"DescribeLiveMessageGroup":` + strconv.Itoa(n) + `}`
		resp, err := http.Post(srv.URL+"/_mock/qps", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a limit of %d is refused", n)
	}
	resp, err := http.Post(srv.URL+"/_mock/qps", "application/json", strings.NewReader(`{"DescribeLiveMessageGroup":`+strconv.Itoa(mock.MaxQPS)+`}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "MaxQPS itself is a limit")

	huge := mock.NewTestServer(t, mock.WithQPS("DescribeLiveMessageGroup", 4000000000))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := huge.Client().Do(t.Context(), aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": "none", "GroupId": "g"}})
	require.NoError(t, err)
	assert.Equal(t, 404, r.Status, "answered, not throttled and not crashed")
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<20), "no allocation the size of the limit")
}
