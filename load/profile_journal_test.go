package load_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// TestProfileJournalsCreatesAhead: a profile whose every third create
// after the setup's is carried out and its answer lost. Every group the
// emulator made is journaled before its answer came (none is made
// unnamed); a lost one stays maybe, and its delete after the run, which
// proves nothing, is not journaled as one; the cleanup still deletes it.
func TestProfileJournalsCreatesAhead(t *testing.T) {
	t.Parallel()
	defer profileGated()()
	emu := mock.New(mock.DefaultConfig())
	var creates atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if faultproxy.Action(r) != "CreateLiveMessageGroup" || creates.Add(1) <= 2 || creates.Load()%3 != 0 {
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
	j := &memJournal{}
	res, err := load.RunProfile(context.Background(), load.ProfileConfig{Client: c, Profile: parse(t, `
stages:
  - {duration: 1s, rate: 20}
mix:
  CreateLiveMessageGroup: 2
  DeleteLiveMessageGroup: 1
groups: 2
thresholds:
  - {metric: p95_ms, below: 5000}
`), Target: "emulator", Journal: j, Join: mock.NewAdmin(srv.URL).Join})
	require.NoError(t, err)
	require.Positive(t, res.Pool.UnknownAnswers, "some creates got no answer")

	answered := map[string]bool{}
	intended := map[string]bool{}
	for _, e := range j.entries {
		op, g, _ := strings.Cut(e, " ")
		switch op {
		case "intended":
			intended[g] = true
		case "created", "not-created":
			answered[g] = true
		case "deleted":
			assert.True(t, answered[g], "%s: a delete of a group whose create got no answer proves nothing", g)
		}
	}
	made, app := 0, ""
	for _, e := range emu.Store().Events(0) {
		if e.Type == store.EventGroupCreated {
			made, app = made+1, e.AppID
			assert.True(t, intended[e.GroupID], "group %s was made and not journaled ahead", e.GroupID)
		}
	}
	assert.Equal(t, made, len(intended), "every create journaled was made (none refused)")
	assert.Zero(t, emu.Store().ActiveGroups(app), "the cleanup deleted every group, those without an answer too")
	for _, g := range j.left() {
		assert.False(t, answered[g], "%s: only a create without an answer is left unsettled in the journal", g)
	}
}
