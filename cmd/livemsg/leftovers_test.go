package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/internal/netlink"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// closingEmulator serves an emulator that knows the canary key and closes
// every connection after its answer, as a distant endpoint behind load
// balancers often does. toxiproxy draws its toxics per connection: so a
// share of the connections is that share of the calls, not of the few
// connections a client keeps alive. With dropDeletes it resets every
// second delete before the emulator sees it.
func closingEmulator(t *testing.T, dropDeletes bool) (*mock.Emulator, string) {
	t.Helper()
	useCanary(t)
	return closingServer(t, dropDeletes, nil)
}

// closingServer is closingEmulator without the canary environment, for a
// parallel subtest whose parent set it; rec, when not nil, keeps every
// signature the emulator is sent.
func closingServer(t *testing.T, dropDeletes bool, rec *sigRecorder) (*mock.Emulator, string) {
	t.Helper()
	cfg := mock.DefaultConfig()
	cfg.Keys = append(cfg.Keys, mock.Key{ID: canaryID, Secret: canarySecret, Account: mock.DefaultAccount})
	emu := mock.New(cfg)
	var deletes atomic.Int64
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if dropDeletes && faultproxy.Action(r) == "DeleteLiveMessageGroup" && deletes.Add(1)%2 == 0 {
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = c.(*net.TCPConn).SetLinger(0) // a reset, not a close
				c.Close()
			}
			return
		}
		emu.ServeHTTP(w, r)
	})
	if rec != nil {
		h = rec.wrap(h)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.SetKeepAlivesEnabled(false)
	srv.Start()
	t.Cleanup(srv.Close)
	return emu, srv.URL
}

// The scenarios the loss tests run: those that create groups, on a real
// target (the others are skipped there), about 20 creates in all.
const createTags = "@op:CreateLiveMessageGroup,@op:DeleteLiveMessageGroup,@op:DescribeLiveMessageGroup,@op:RecoverLiveMessageDeletedGroup" +
	" && ~@code:Throttling.User && ~@code:Throttling.Api"

// namedGroup is a group line of the leftover list.
var namedGroup = regexp.MustCompile(`(?m)^  app (\S+) group (\S+)$`)

// TestLeftoversUnderLoss: a contract run on a real target through a link
// that loses 30% of the answers after the provider acted, or cuts them
// short, or loses them and drops every second delete on its way. Whatever
// was lost, the groups the run names as left are exactly those active on
// the account (the emulator's store is the truth, read directly): none
// forgotten, none named that is not there. The cleanup command it prints,
// run through a good link, says "deleted N of N" for those N and leaves
// the app without an active group.
func TestLeftoversUnderLoss(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault func(*testing.T, *netlink.Link)
		drop  bool // every second delete is dropped: some groups must be left
	}{
		{"answers lost", func(t *testing.T, l *netlink.Link) { l.LoseAnswers(t, 0.3) }, false},
		{"answers cut short", func(t *testing.T, l *netlink.Link) { l.CutAnswers(t, 0.3, 120) }, false},
		{"answers lost and every second delete dropped", func(t *testing.T, l *netlink.Link) { l.LoseAnswers(t, 0.3) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each on an emulator and a link of its own
			emu, emulator := closingEmulator(t, tc.drop)
			app := newApp(t, emulator)
			lossy := netlink.New(t, emulator)
			tc.fault(t, lossy)
			endpoint := lossy.URL
			out := t.TempDir()
			_, stdoutRun, stderr := run(t, "contract", "--target", "real", "--endpoint", endpoint, "--app-id", app, "--out", out,
				"--tags", createTags, "--timeout", "2s", "--deadline", "30s", "--"+harness.ConsentFlag)
			journal := filepath.Join(out, "contract", "journal.jsonl")
			counts := journalCounts(t, journal)
			t.Logf("journal: %v; %s", counts, regexp.MustCompile(`contract suite on .*`).FindString(stdoutRun))
			// the link harmed the run: calls resent, or creates left unknown
			// (a create whose answer was lost is read back and mostly
			// resolved: every create may be settled)
			unknown := counts["intended"] - counts["created"] - counts["not-created"]
			assert.Positive(t, resent(stdoutRun)+unknown, "the link lost some answers")

			active := activeGroups(t, emu, app)
			named := map[string]bool{}
			for _, m := range namedGroup.FindAllStringSubmatch(stderr, -1) {
				assert.Equal(t, app, m[1])
				named[m[2]] = true
			}
			for g := range active {
				assert.True(t, named[g], "group %s is on the account and not named:\n%s", g, stderr)
			}
			for g := range named {
				assert.True(t, active[g], "group %s is named and not on the account:\n%s", g, stderr)
			}
			if tc.drop {
				assert.NotEmpty(t, named, "deletes were dropped: groups are left")
			}
			cmd := "livemsg cleanup --target real --endpoint " + endpoint + " --journal " + journal
			if len(named) > 0 {
				assert.Contains(t, stderr, cmd)
			} else {
				assert.NotContains(t, stderr, "livemsg cleanup")
			}

			args := strings.Fields(strings.TrimPrefix(cmd, "livemsg "))
			args[4] = netlink.New(t, emulator).URL // the same command through a good link
			code, stdout, stderr := run(t, args...)
			require.Equal(t, exitOK, code, stderr)
			if len(named) > 0 {
				assert.Contains(t, stdout, fmt.Sprintf("deleted %d of %d groups left on the account", len(named), len(named)))
			}
			assert.Empty(t, activeGroups(t, emu, app), "the app holds no active group")
		})
	}
}

// activeGroups are the app's groups that are not deleted, from the
// emulator's store.
func activeGroups(t *testing.T, emu *mock.Emulator, app string) map[string]bool {
	t.Helper()
	page, _, more, err := emu.Store().ListGroups(app, store.GroupQuery{Status: 1, PageSize: 5000})
	require.NoError(t, err)
	require.False(t, more)
	out := map[string]bool{}
	for _, g := range page {
		out[g.ID] = true
	}
	return out
}

// journalCounts counts a journal's entries by kind ("deleted read-back"
// for a read-back's).
func journalCounts(t *testing.T, journal string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(journal)
	require.NoError(t, err)
	counts := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e struct{ Op, By string }
		require.NoError(t, json.Unmarshal([]byte(line), &e))
		counts[strings.TrimSpace(e.Op+" "+e.By)]++
	}
	return counts
}
