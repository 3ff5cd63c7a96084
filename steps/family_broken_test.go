package steps_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	broken "github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
)

// TestSuiteCatchesFamilyBreaks: the list-semantics, encoding and boundary
// outlines fail, on a real target, against providers that each break one
// of those behaviours of the family subtly (the issue-19 classes: a filter
// that lets the other status through, pages that overlap, a count off by
// one, ids matched by prefix, an id of the maximum length refused, one
// user more accepted when comma-separated).
func TestSuiteCatchesFamilyBreaks(t *testing.T) {
	t.Parallel()
	maxGroupID := groupIDMax(t)
	runBreakages(t, []breakage{
		{
			name:    "a GroupStatus filter that lets every status through",
			tags:    "@lists && @op:ListLiveMessageGroups",
			options: []mock.Option{mock.WithAuth(false)},
			rewrite: func(q url.Values) {
				if q.Get("Action") == contract.OpListLiveMessageGroups {
					q.Del("GroupStatus")
				}
			},
		},
		{
			name:    "page N+1 answers page N again",
			tags:    "@lists && @op:ListLiveMessageGroupByPage",
			options: []mock.Option{mock.WithAuth(false)},
			rewrite: func(q url.Values) {
				if n, err := strconv.Atoi(q.Get("PageNumber")); err == nil && n > 1 && q.Get("Action") == contract.OpListLiveMessageGroupByPage {
					q.Set("PageNumber", strconv.Itoa(n-1))
				}
			},
		},
		{
			name: "TotalCount one more than the groups",
			tags: "@lists && @op:ListLiveMessageGroupByPage",
			modify: func(status int, body []byte) (int, []byte) {
				return status, totalCount.ReplaceAllFunc(body, func(m []byte) []byte {
					n, _ := strconv.Atoi(string(totalCount.FindSubmatch(m)[1]))
					return []byte(`"TotalCount":` + strconv.Itoa(n+1))
				})
			},
		},
		{
			name:    "unmute matches user ids by prefix",
			tags:    "@encodings && @op:RemoveLiveMessageGroupBand",
			options: []mock.Option{mock.WithAuth(false)},
			rewrite: func(q url.Values) {
				if q.Get("Action") != contract.OpRemoveLiveMessageGroupBand {
					return
				}
				var users []string
				for _, u := range listOf(q, "UnbannedUsers") {
					users = append(users, u, u+"0", u+"00") // what a prefix match would reach of u
				}
				setRepeated(q, "UnbannedUsers", users)
			},
		},
		{
			name: "a GroupId of the documented maximum length refused",
			tags: "@bounds && @op:CreateLiveMessageGroup",
			intercept: func(w http.ResponseWriter, r *http.Request, q url.Values) bool {
				if len(q.Get("GroupId")) != maxGroupID {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"RequestId":"0A1B2C3D-0000-4000-8000-%012d","HostId":"live.aliyuncs.com","Code":"InputInvalid","Message":"GroupId too long","Recommend":"r"}`, len(r.URL.RawQuery))
				return true
			},
		},
		fromCatalogue(t, "accepted when comma-separated", "@bounds && @op:BanLiveMessageGroup"),
		fromCatalogue(t, "sort order ignored", "@lists && @op:ListLiveMessageGroups"),
	})
}

// fromCatalogue is the request rewrite of internal/breakage's provider
// whose name contains name, as a case of runBreakages.
func fromCatalogue(t *testing.T, name, tags string) breakage {
	for _, p := range broken.All() {
		if strings.Contains(p.Name, name) && p.Rewrite != nil {
			return breakage{name: p.Name, tags: tags, options: append([]mock.Option{mock.WithAuth(false)}, p.Options...),
				rewrite: func(q url.Values) { p.Rewrite(q.Get("Action"), q) }}
		}
	}
	t.Fatalf("internal/breakage has no provider %q that rewrites requests", name)
	return breakage{}
}

var totalCount = regexp.MustCompile(`"TotalCount":(\d+)`)

// groupIDMax is the contract's maximum length of a GroupId.
func groupIDMax(t *testing.T) int {
	op, _ := contract.Default().Operation(contract.OpCreateLiveMessageGroup)
	p, ok := op.Param("GroupId")
	if !ok || p.MaxLength == 0 {
		t.Fatal("the contract states no maximum length of GroupId")
	}
	return p.MaxLength
}

// listOf reads a list parameter in any of its encodings and removes it.
func listOf(q url.Values, name string) []string {
	var out []string
	for i := 1; q.Has(name + "." + strconv.Itoa(i)); i++ {
		out = append(out, q.Get(name+"."+strconv.Itoa(i)))
		q.Del(name + "." + strconv.Itoa(i))
	}
	if v := q.Get(name); v != "" {
		if json.Unmarshal([]byte(v), &out) != nil {
			out = strings.Split(v, ",")
		}
		q.Del(name)
	}
	return out
}

func setRepeated(q url.Values, name string, items []string) {
	for i, it := range items {
		q.Set(name+"."+strconv.Itoa(i+1), it)
	}
}

// TestOverlongGroupIdIsNotJournaled: a create whose GroupId is over its
// maximum can make no group and cannot be read back (the read is refused
// too), so the boundary scenario sends it unjournaled: even when its answer
// is lost, the run leaves nothing for the read-back to chase.
func TestOverlongGroupIdIsNotJournaled(t *testing.T) {
	t.Parallel()
	maxGroupID := groupIDMax(t)
	res := runBroken(t, breakage{
		name: "the answer to an overlong create is lost",
		tags: "@bounds && @op:CreateLiveMessageGroup",
		intercept: func(w http.ResponseWriter, r *http.Request, q url.Values) bool {
			if len(q.Get("GroupId")) <= maxGroupID {
				return false
			}
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // no answer at all
			}
			return true
		},
	})
	require.NotEmpty(t, res.Journal, "a real-target run keeps a journal")
	b, err := os.ReadFile(res.Journal)
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e struct {
			GroupID string `json:"group_id"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &e), line)
		assert.LessOrEqual(t, len(e.GroupID), maxGroupID, "journaled: %s", line)
	}
}

// runBroken runs the real-target suite's scenarios b's tags select against
// the emulator behind b's proxy.
func runBroken(t *testing.T, b breakage) *steps.Result {
	t.Helper()
	backend := mock.NewServer(b.options...)
	t.Cleanup(backend.Close)
	proxy := httptest.NewServer(b.handler(t, backend.URL))
	t.Cleanup(proxy.Close)
	return realRun(t, proxy.URL, b.tags)
}
