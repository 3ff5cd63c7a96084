package steps_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
)

// breakage alters a provider: a request rewrite, an answer of its own, or a
// response rewrite, in a proxy in front of a faithful emulator.
type breakage struct {
	name    string
	tags    string        // the scenarios that must catch it
	options []mock.Option // of the emulator behind the proxy
	// intercept answers a request itself when it returns true.
	intercept func(w http.ResponseWriter, r *http.Request, q url.Values) bool
	rewrite   func(q url.Values) // alters the request's parameters
	modify    func(status int, body []byte) (int, []byte)
	headers   func(h http.Header) // alters the answer's headers
	seed      int                 // groups the app holds before the run (seeded in the emulator's store)
}

// TestSuiteCatchesBrokenProviders shows that the real-target suite fails on
// providers that depart from the documented behaviour, each in one way.
func TestSuiteCatchesBrokenProviders(t *testing.T) {
	t.Parallel()
	cases := []breakage{
		{
			name: "delete answers 200 but deletes nothing",
			tags: "@op:DeleteLiveMessageGroup && ~@code:Throttling.User && ~@code:InputInvalid && ~@assumption",
			intercept: func(w http.ResponseWriter, r *http.Request, q url.Values) bool {
				if q.Get("Action") != "DeleteLiveMessageGroup" {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"RequestId":"0A1B2C3D-0000-4000-8000-000000000001","GroupId":%q}`, q.Get("GroupId"))
				return true
			},
		},
		{
			name: "no cap of 5000 groups",
			tags: "@code:ErrorTooManyGroups && @op:CreateLiveMessageGroup",
			modify: func(status int, body []byte) (int, []byte) {
				if !bytes.Contains(body, []byte(`"ErrorTooManyGroups"`)) {
					return status, body
				}
				return 200, []byte(`{"RequestId":"0A1B2C3D-0000-4000-8000-000000000002","GroupId":"x","AlreadyExists":false,"AlreadyDelete":false}`)
			},
			options: []mock.Option{mock.WithQPS("CreateLiveMessageGroup", 0), mock.WithQPS("DeleteLiveMessageGroup", 0), mock.WithQPS("ListLiveMessageGroups", 0)},
			seed:    4990, // the scenario counts them through the API and creates the rest
		},
		{
			name: "ResourceNotExist with status 400",
			tags: "@code:ResourceNotExist && @op:RecoverLiveMessageDeletedGroup",
			modify: func(status int, body []byte) (int, []byte) {
				if status == 404 {
					status = 400
				}
				return status, body
			},
		},
		{
			name:    "unmute takes more than 30 users",
			tags:    "@op:RemoveLiveMessageGroupBand && @code:InputInvalid",
			options: []mock.Option{mock.WithAuth(false)},
			rewrite: func(q url.Values) {
				for i := 31; q.Has("UnbannedUsers." + strconv.Itoa(i)); i++ {
					q.Del("UnbannedUsers." + strconv.Itoa(i))
				}
			},
		},
		{
			name:    "delete is not throttled",
			tags:    "@code:Throttling.User && @op:DeleteLiveMessageGroup",
			options: []mock.Option{mock.WithQPS("DeleteLiveMessageGroup", 0)},
		},
		{
			name: "Deletor spelt otherwise",
			tags: "@op:DeleteLiveMessageGroup && ~@code:Throttling.User && ~@code:InputInvalid && ~@assumption",
			modify: func(status int, body []byte) (int, []byte) {
				return status, bytes.ReplaceAll(body, []byte(`"Deletor"`), []byte(`"Deleter"`))
			},
		},
		{
			name: "RequestId in lower case",
			tags: "@op:RecoverLiveMessageDeletedGroup && ~@expensive",
			modify: func(status int, body []byte) (int, []byte) {
				i := bytes.Index(body, []byte(`"RequestId":"`))
				if i < 0 {
					return status, body
				}
				out := append([]byte{}, body...)
				copy(out[i+13:i+13+36], bytes.ToLower(body[i+13:i+13+36]))
				return status, out
			},
		},
		{
			name: "times in UNIX milliseconds",
			tags: "@op:DescribeLiveMessageGroup && ~@assumption",
			modify: func(status int, body []byte) (int, []byte) {
				return status, regexp.MustCompile(`"(Createtime|Deletatime)":(\d+)`).ReplaceAll(body, []byte(`"$1":${2}123`))
			},
		},
		{
			name: "answers without x-acs-trace-id",
			tags: "@op:RecoverLiveMessageDeletedGroup && ~@expensive",
			headers: func(h http.Header) {
				h.Del("X-Acs-Trace-Id")
			},
		},
		{
			name: "x-acs-request-id is not the RequestId",
			tags: "@op:RecoverLiveMessageDeletedGroup && ~@expensive",
			headers: func(h http.Header) {
				h.Set("X-Acs-Request-Id", "0A1B2C3D-0000-4000-8000-000000000009")
			},
		},
		{
			name:    `"*" in BannedUsers mutes`,
			tags:    "@op:AddLiveMessageGroupBand && @code:InputInvalid",
			options: []mock.Option{mock.WithAuth(false)},
			rewrite: func(q url.Values) {
				if q.Get("BannedUsers.1") == "*" {
					q.Set("BannedUsers.1", "everybody")
				}
			},
		},
	}
	runBreakages(t, cases)
}

// runBreakages runs, for each case, the real-target suite's scenarios its
// tags select against the emulator behind the case's proxy, and requires
// that some ran and at least one failed.
func runBreakages(t *testing.T, cases []breakage) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each case has its own emulator and proxy; most of a real-target run is pacing
			backend := mock.NewServer(tc.options...)
			defer backend.Close()
			proxy := httptest.NewServer(tc.handler(t, backend.URL))
			defer proxy.Close()
			var res *steps.Result
			if tc.seed > 0 {
				res = realRunIn(t, realTarget(t, proxy.URL), seededApp(t, backend, tc.seed), tc.tags, true)
			} else {
				res = realRun(t, proxy.URL, tc.tags)
			}
			p, f, s := res.Counts()
			require.Greater(t, p+f, 0, "the tags %q select scenarios that ran", tc.tags)
			assert.False(t, res.Passed, "the suite must fail on a provider whose %s (%d passed, %d failed, %d skipped)", tc.name, p, f, s)
			assert.Greater(t, f, 0, "at least one scenario must fail")
		})
	}
}

func (b breakage) handler(t *testing.T, backend string) http.Handler {
	u, err := url.Parse(backend)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	if b.headers != nil {
		rp.ModifyResponse = func(resp *http.Response) error {
			b.headers(resp.Header)
			return nil
		}
	}
	if b.modify != nil {
		rp.ModifyResponse = func(resp *http.Response) error {
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			resp.Body.Close()
			status, body := b.modify(resp.StatusCode, body)
			resp.StatusCode = status
			resp.Body = io.NopCloser(bytes.NewReader(body))
			resp.ContentLength = int64(len(body))
			resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
			return nil
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if b.intercept != nil && b.intercept(w, r, q) {
			return
		}
		if b.rewrite != nil && !strings.HasPrefix(r.URL.Path, "/_mock") {
			b.rewrite(q)
			r.URL.RawQuery = q.Encode()
		}
		rp.ServeHTTP(w, r)
	})
}
