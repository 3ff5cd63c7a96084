package mock_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// rawExchange sends head (request line and headers, without the blank
// line) and body on a fresh connection and reads one answer.
func rawExchange(addr, head string, body []byte) (*http.Response, []byte, error) {
	return rawSend(addr, []byte(head+"\r\n\r\n"), body)
}

// rawSend writes parts on a fresh connection and reads one answer. Write
// errors are ignored: the server may answer and close before all is in.
func rawSend(addr string, parts ...[]byte) (*http.Response, []byte, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	go func() {
		for _, p := range parts {
			if _, err := conn.Write(p); err != nil {
				return
			}
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// alibabaError decodes an Alibaba error body, requiring its fields.
func alibabaError(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.Unmarshal(body, &out), "an Alibaba JSON error body: %.200s", body)
	for _, f := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
		assert.NotEmpty(t, out[f], "field %s of the error body", f)
	}
	return out
}

// TestOversizedRequestsAnswerInputInvalid: a query, a parameter count or
// a body over its limit is a 400 with Alibaba's error body, unauthenticated
// and before the emulator parses it.
func TestOversizedRequestsAnswerInputInvalid(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	host := srv.Host()
	form := "Content-Type: application/x-www-form-urlencoded"
	cases := []struct {
		name, head string
		body       []byte
		message    string
	}{
		{"query over 128 KiB", "GET /?Action=DescribeLiveMessageGroup&Pad=" + strings.Repeat("x", 128<<10) + " HTTP/1.1\r\nHost: " + host, nil, "longer than 128 KiB"},
		{"1000 query parameters", "GET /?" + strings.Repeat("a=1&", 1000) + " HTTP/1.1\r\nHost: " + host, nil, "more than 1000 parameters"},
		{"1000 form parameters", "POST / HTTP/1.1\r\nHost: " + host + "\r\n" + form + "\r\nContent-Length: 4000", []byte(strings.Repeat("&a=1", 1000)), "more than 1000 parameters"},
		{"a million separators", "POST / HTTP/1.1\r\nHost: " + host + "\r\n" + form + "\r\nContent-Length: 1048576", []byte(strings.Repeat("&", 1<<20)), "more than 1000 parameters"},
		{"declared body over 1 MiB", "POST / HTTP/1.1\r\nHost: " + host + "\r\n" + form + "\r\nContent-Length: 1048577", []byte(strings.Repeat("a", 1<<20+1)), "larger than 1 MiB"},
		{"chunked body over 1 MiB", "POST / HTTP/1.1\r\nHost: " + host + "\r\n" + form + "\r\nTransfer-Encoding: chunked", chunked(strings.Repeat("a", 1<<20+10)), "larger than 1 MiB"},
	}
	t.Run("header block over 160 KiB", func(t *testing.T) {
		resp, _, err := rawExchange(host, "GET /?Pad="+strings.Repeat("x", 1_000_000)+" HTTP/1.1\r\nHost: "+host, nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode, "net/http refuses it before reading it all")
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body, err := rawExchange(host, tc.head, tc.body)
			require.NoError(t, err)
			assert.Equal(t, 400, resp.StatusCode)
			e := alibabaError(t, body)
			assert.Equal(t, "InputInvalid", e["Code"])
			assert.Contains(t, e["Message"], tc.message)
		})
	}
}

func chunked(s string) []byte {
	return []byte(fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(s), s))
}

// TestLimitsLeaveRoomForTheLargestValidCall: the caps stay above what the
// contract allows: a 32 KiB GroupInfo of three-byte characters, signed
// and percent-encoded in a GET query (about 96 KiB), creates its group.
func TestLimitsLeaveRoomForTheLargestValidCall(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "bigapp"}))
	info := strings.Repeat("中", 32<<10/3)
	resp, err := srv.Client().Do(context.Background(), aliyun.Request{Action: "CreateLiveMessageGroup", Method: http.MethodGet,
		Params: map[string]string{"AppId": "bigapp", "GroupId": "g1", "CreatorId": "c1", "GroupInfo": info}})
	require.NoError(t, err)
	require.True(t, resp.OK(), "created: %d %s", resp.Status, resp.Body)
	g, err := srv.Store().Group("bigapp", "g1")
	require.NoError(t, err)
	assert.Equal(t, info, g.Info)
	logged := srv.Requests(1)[0]
	assert.Greater(t, logged.QueryBytes, 96<<10, "the log keeps the length received")
	assert.True(t, logged.Truncated, "and cuts what it keeps")
}

// TestRequestLogIsBoundedInBytes: long queries and form bodies are kept
// cut to 4 KiB at a parameter boundary, with their lengths, and reading
// the whole log stays small.
func TestRequestLogIsBoundedInBytes(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t)
	long := strings.Repeat("p=1234567&", 100<<10/10) // 100 KiB, 10,240 parameters: over the cap
	for range 20 {
		resp, _, err := rawExchange(srv.Host(), "POST /?Action=X&Pad="+strings.Repeat("y", 100<<10)+" HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "+fmt.Sprint(len(long)), []byte(long))
		require.NoError(t, err)
		require.Equal(t, 400, resp.StatusCode)
		resp, _, err = rawExchange(srv.Host(), "POST /?Action=X HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "+fmt.Sprint(len(long)), []byte(long))
		require.NoError(t, err)
		require.Equal(t, 400, resp.StatusCode)
	}
	resp, err := http.Get(srv.URL + "/_mock/requests?limit=1000")
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Less(t, len(raw), 40*9<<10, "40 entries of at most 4 KiB of query and 4 KiB of body each, and their JSON")
	var out struct{ Requests []mock.LoggedRequest }
	require.NoError(t, json.Unmarshal(raw, &out))
	require.Len(t, out.Requests, 40)
	byQuery, byBody := out.Requests[1], out.Requests[0] // newest first
	assert.True(t, byQuery.Truncated)
	assert.Equal(t, len("Action=X&Pad=")+100<<10, byQuery.QueryBytes, "the query's length received")
	assert.Equal(t, "X", byQuery.Params["Action"], "whole parameters before the cut are kept")
	assert.NotContains(t, byQuery.Params, "Pad", "a parameter cut in two is left out")
	assert.True(t, byBody.Truncated)
	assert.Equal(t, len(long), byBody.BodyBytes, "the body's length received")
	assert.Equal(t, "1234567", byBody.Params["p"], "the kept part of the body is read")
}

// TestTimeoutsCutIdleAndSlowConnections: with short timeouts, an idle
// keep-alive connection, a body sent too slowly and headers sent too
// slowly are each closed by the emulator.
func TestTimeoutsCutIdleAndSlowConnections(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithTimeouts(mock.Timeouts{Header: 300 * time.Millisecond, Read: 500 * time.Millisecond, Idle: 300 * time.Millisecond}))
	cases := []struct {
		name string
		send func(c net.Conn, r *bufio.Reader) error
	}{
		{"idle keep-alive", func(c net.Conn, r *bufio.Reader) error {
			if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n"); err != nil {
				return err
			}
			resp, err := http.ReadResponse(r, nil)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			return resp.Body.Close()
		}},
		{"slow body", func(c net.Conn, _ *bufio.Reader) error {
			_, err := io.WriteString(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=")
			return err
		}},
		{"slow body of a refused request", func(c net.Conn, _ *bufio.Reader) error {
			_, err := io.WriteString(c, "POST /?"+strings.Repeat("a=1&", 1000)+" HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\nab")
			return err
		}},
		{"slow headers", func(c net.Conn, _ *bufio.Reader) error {
			_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: h\r\n")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := net.Dial("tcp", srv.Host())
			require.NoError(t, err)
			defer c.Close()
			r := bufio.NewReader(c)
			require.NoError(t, tc.send(c, r))
			start := time.Now()
			require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
			_, err = io.Copy(io.Discard, r) // whatever the server answers, then its close
			require.NoError(t, err, "the server closed the connection (io.Copy stops at EOF), rather than the client's 10s deadline expiring")
			assert.Less(t, time.Since(start), 5*time.Second)
		})
	}
}

// TestReadTimeoutDoesNotCutALongCall: the read timeout ends with the
// body. A call held by a latency fault longer than it still answers the
// fault's code (a deadline on the request's context would cut it short).
func TestReadTimeoutDoesNotCutALongCall(t *testing.T) {
	t.Parallel()
	srv := mock.NewTestServer(t, mock.WithTimeouts(mock.Timeouts{Read: 200 * time.Millisecond}),
		mock.WithApps(mock.AppSeed{ID: "slowapp", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	require.NoError(t, srv.ArmFault(mock.Fault{Operation: "DescribeLiveMessageGroup", Code: "ServerError", Latency: "700ms"}))
	start := time.Now()
	resp, err := srv.Client().Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Form: true,
		Params: map[string]string{"AppId": "slowapp", "GroupId": "g1"}})
	require.NoError(t, err)
	assert.Equal(t, "ServerError", resp.Code, "the armed fault answered after its latency")
	assert.GreaterOrEqual(t, time.Since(start), 700*time.Millisecond)
	assert.Positive(t, srv.Requests(1)[0].BodyBytes, "the call had a form body")
}

// TestLargeRequestsTakeTurns: while every place for large requests is
// held (by clients sending their bodies slowly), another large request
// waits for one, and an ordinary call is served at once.
func TestLargeRequestsTakeTurns(t *testing.T) {
	t.Parallel()
	const read = 1500 * time.Millisecond
	srv := mock.NewTestServer(t, mock.WithTimeouts(mock.Timeouts{Read: read}), mock.WithApps(mock.AppSeed{ID: "turnapp", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	heavy := "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
	start := time.Now()
	for range max(2, runtime.GOMAXPROCS(0)) {
		c, err := net.Dial("tcp", srv.Host())
		require.NoError(t, err)
		defer c.Close()
		_, err = io.WriteString(c, heavy+"Action=") // and then nothing: cut at the read timeout
		require.NoError(t, err)
	}
	time.Sleep(200 * time.Millisecond) // let the slow ones take their places

	resp, err := srv.Client().Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup",
		Params: map[string]string{"AppId": "turnapp", "GroupId": "g1"}})
	require.NoError(t, err)
	assert.True(t, resp.OK(), "an ordinary call: %s", resp.Body)
	assert.Less(t, time.Since(start), read, "served while the large ones wait")

	resp2, body, err := rawExchange(srv.Host(), strings.TrimSuffix(heavy, "\r\n\r\n"), []byte(strings.Repeat("a", 100000)))
	require.NoError(t, err)
	assert.Equal(t, 400, resp2.StatusCode)
	assert.Equal(t, "MissingAction", alibabaError(t, body)["Code"], "the large request was read once a place was free")
	assert.GreaterOrEqual(t, time.Since(start), read, "it waited for a place")
}
