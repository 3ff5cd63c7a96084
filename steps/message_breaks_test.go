package steps_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	broken "github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// TestSuiteCatchesMessageBreaks: the message operations' boundary outlines
// and the message paging outline fail on the emulator (members joined
// through its admin API) against internal/breakage's providers that move a
// message bound by one byte or make a message page one item long, and
// pass against the faithful emulator. docs/detection.md shows the
// boundary outline that needs no members catching the bounds on a real
// target too.
func TestSuiteCatchesMessageBreaks(t *testing.T) {
	t.Parallel()
	const bounds = "@bounds && @op:SendLiveMessageGroup,@op:SendLiveMessageUser"
	const paging = "@lists && @members && @op:ListLiveMessageGroupMessages"
	byName := map[string]broken.Provider{}
	for _, p := range broken.Catalogue() {
		byName[p.Name] = p
	}
	cases := []struct {
		provider, tags string
		catches        string // a scenario that fails, by the start of its name
	}{
		{"a SenderId one byte over the maximum is accepted", bounds, "SendLiveMessageGroup does not refuse SenderId at its maximum length"},
		{"a user message Body of exactly the maximum size is refused", bounds, "SendLiveMessageUser does not refuse Body at its maximum length"},
		{"a message page holds one message more than PageSize", paging, "A group holding one message more than the smallest page"},
	}
	for _, c := range cases {
		p, ok := byName[c.provider]
		require.True(t, ok, "the catalogue has no provider %q", c.provider)
		t.Run(c.provider, func(t *testing.T) {
			t.Parallel()
			b := breakage{name: p.Name, options: p.Options}
			if p.Rewrite != nil {
				// the scenarios sign with keys of their own, which the
				// catalogue's proxy cannot sign again: no signature check
				b.options = append([]mock.Option{mock.WithAuth(false)}, p.Options...)
				b.rewrite = func(q url.Values) { p.Rewrite(q.Get("Action"), q) }
			}
			failed := failedOnEmulator(t, b, c.tags)
			assert.True(t, slices.ContainsFunc(failed, func(n string) bool { return strings.HasPrefix(n, c.catches) }),
				"%q fails; failed: %q", c.catches, failed)
			assert.Empty(t, failedOnEmulator(t, breakage{name: "faithful"}, c.tags), "%s pass on the faithful emulator", c.tags)
		})
	}
}

// failedOnEmulator runs the scenarios of tags in mock mode against the
// broken provider (a proxy in front of an emulator, its admin API passed
// through) and names those that failed.
func failedOnEmulator(t *testing.T, b breakage, tags string) []string {
	t.Helper()
	backend := mock.NewServer(b.options...)
	defer backend.Close()
	proxy := httptest.NewServer(b.handler(t, backend.URL))
	defer proxy.Close()
	ctx := context.Background()
	tg, err := target.Open(ctx, target.Spec{Kind: target.Mock, Endpoint: proxy.URL})
	require.NoError(t, err)
	defer tg.Close()
	res, err := steps.Run(ctx, steps.Options{Target: tg, Tags: tags, OutDir: t.TempDir()})
	require.NoError(t, err)
	var failed []string
	for _, sc := range res.Scenarios {
		if sc.Status == steps.StatusFailed {
			failed = append(failed, sc.Name)
		}
	}
	passed, _, skipped := res.Counts()
	require.Positive(t, passed+len(failed), "%s selects scenarios", tags)
	assert.Zero(t, skipped, "nothing is skipped on the emulator")
	return failed
}
