package explore_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/internal/breakage"
)

// stateBreaks are providers that break what one call cannot show: the state
// read back after writes, list filters, exact limits (issue 19's misses).
// They are written here, beside explore, only to show its capabilities;
// internal/breakage holds the catalogue.
func stateBreaks() []breakage.Provider {
	c := contract.Default()
	gid, _ := c.Op(contract.OpCreateLiveMessageGroup).Param("GroupId")
	mute := c.Op(contract.OpAddLiveMessageGroupBand)
	return []breakage.Provider{
		{Name: "a deleted group read as active", Answer: func(_ http.Header, b []byte) []byte {
			b = bytes.ReplaceAll(b, []byte(`"Delete":true`), []byte(`"Delete":false`))
			return bytes.ReplaceAll(b, []byte(`<Delete>true</Delete>`), []byte(`<Delete>false</Delete>`))
		}},
		{Name: "GroupStatus ignored by the group list", Rewrite: func(action string, p url.Values) {
			if action == contract.OpListLiveMessageGroups {
				p.Del("GroupStatus")
			}
		}},
		{Name: fmt.Sprintf("a group id of %d characters refused", gid.MaxLength), Rewrite: func(_ string, p url.Values) {
			if len(p.Get("GroupId")) == gid.MaxLength {
				p.Set("GroupId", "bad-id")
			}
		}},
		{Name: "the last user of a repeated mute list dropped", Rewrite: func(action string, p url.Values) {
			if action != mute.Name {
				return
			}
			n := 0
			for k := range p {
				if strings.HasPrefix(k, "BannedUsers.") {
					n++
				}
			}
			if n > 1 {
				p.Del(fmt.Sprintf("BannedUsers.%d", n))
			}
		}},
	}
}

// TestFindsStateAndListBreaks: each is found within the default budget
// and shrunk to a few calls, on a target with an admin API (reset between
// sequences) and, for the list filter, as on a real account: no admin API,
// an app crowded with others' groups, list answers compared on the run's
// own groups only (the invariants of the pages catch it).
func TestFindsStateAndListBreaks(t *testing.T) {
	for i, p := range stateBreaks() {
		t.Run(p.Name, func(t *testing.T) {
			srv := p.Start(unthrottled()...)
			defer srv.Close()
			res, err := explore.Run(context.Background(), explore.Config{
				Target: aliyun.NewClient(srv.URL, defaultCreds()), Admin: srv.URL + "/_mock", Seed: uint64(24 + i), ShrinkTime: time.Second / 2,
			})
			require.NoError(t, err)
			require.NotNil(t, res.Divergence, "not found within %d sequences", explore.DefaultBudget)
			var b bytes.Buffer
			res.Divergence.Report(&b, "--target real --endpoint "+srv.URL)
			t.Logf("found in sequence %d, shrunk to %d call(s):\n%s", res.FoundAt, res.Divergence.At+1, b.String())
			assert.LessOrEqual(t, res.Divergence.At+1, 6, "shrunk to a few calls")
		})
	}
	t.Run("real target: GroupStatus ignored", func(t *testing.T) {
		p := stateBreaks()[1]
		srv := p.Start(unthrottled()...)
		defer srv.Close()
		c := aliyun.NewClient(srv.URL, defaultCreds())
		app := crowdedApp(t, c, srv.URL)
		res, err := explore.Run(context.Background(), explore.Config{
			Target: c, AppID: app, Real: true, Budget: 30, Seed: 4, ShrinkTime: time.Second / 2, MaxRequests: 3000,
		})
		require.NoError(t, err)
		require.NotNil(t, res.Divergence, "the list filter's break is found on a crowded real app")
		var b bytes.Buffer
		res.Divergence.Report(&b, "--target real --endpoint "+srv.URL)
		t.Logf("found in sequence %d:\n%s", res.FoundAt, b.String())
	})
}

// TestFindsAMessagePageOneTooLong: a page of the message list one message
// longer than PageSize (for every PageSize allowed: one under the least is
// still refused, so no single call shows it) shows only on a group holding
// more than the smallest page. Explore fills one with a burst of sends
// (one message more than that page), reads it back and finds the break;
// the shrunk sequence keeps the burst, counted a call a send, and its
// rerun line sends it as many times.
func TestFindsAMessagePageOneTooLong(t *testing.T) {
	ps, _ := contract.Default().Op(contract.OpListLiveMessageGroupMessages).Param("PageSize")
	p := breakage.Provider{Name: "a message page one too long", Rewrite: func(action string, q url.Values) {
		n, err := strconv.ParseInt(q.Get("PageSize"), 10, 64)
		if action == contract.OpListLiveMessageGroupMessages && err == nil && n >= *ps.Min && n < *ps.Max {
			q.Set("PageSize", strconv.FormatInt(n+1, 10))
		}
	}}
	srv := p.Start(unthrottled()...)
	defer srv.Close()
	res, err := explore.Run(context.Background(), explore.Config{
		Target: aliyun.NewClient(srv.URL, defaultCreds()), Admin: srv.URL + "/_mock", Seed: 1, ShrinkTime: time.Second / 2,
	})
	require.NoError(t, err)
	require.NotNil(t, res.Divergence, "not found within %d sequences", explore.DefaultBudget)
	d := res.Divergence
	var b bytes.Buffer
	d.Report(&b, "--target real --endpoint "+srv.URL)
	t.Logf("found in sequence %d:\n%s", res.FoundAt, b.String())
	calls, burst := 0, 0
	for _, s := range d.Steps[:d.At+1] {
		calls += s.Calls()
		if s.Repeat > 1 {
			burst = s.Repeat
		}
	}
	assert.Equal(t, int(*ps.Min)+1, burst, "the sequence keeps a burst of one message more than the smallest page")
	assert.Equal(t, calls, d.Calls())
	assert.Greater(t, d.Calls(), d.At+1, "each send of the burst counted")
	assert.Contains(t, b.String(), fmt.Sprintf("for i in $(seq %d); do livemsg call", burst), "the rerun line sends the burst")
	assert.Contains(t, b.String(), fmt.Sprintf("differ after %d call(s)", d.Calls()))
}
