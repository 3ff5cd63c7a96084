package parity_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/parity"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// TestSuiteRecordingReplaysIdentical records the whole contract suite on
// the emulator (one cassette a scenario) and replays every cassette on a
// fresh emulator: each is identical. The state scenarios set up through
// the admin API (the clock moved, faults armed, members joined, groups
// seeded) is recorded with its calls and set up again by the replay;
// before, 65 of 900 exchanges differed (a recovery after 30 days, a send
// to members joined by the admin API, a super group).
func TestSuiteRecordingReplaysIdentical(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tg, err := target.Open(ctx, target.Spec{Kind: target.Mock})
	require.NoError(t, err)
	defer tg.Close()
	dir := t.TempDir()
	creds := tg.Client.Credentials()
	d := cassette.NewDir(dir, cassette.Meta{Endpoint: tg.Endpoint, Target: tg.Kind}, tg.Client.HTTPClient().Transport,
		creds.AccessKeyID, creds.AccessKeySecret)
	res, err := steps.Run(ctx, steps.Options{Target: tg, OutDir: t.TempDir(),
		Record: func(name string, tags []string, base http.RoundTripper) (http.RoundTripper, func(string, string)) {
			return d.Transport(cassette.KindScenario, name, tags, base)
		}})
	require.NoError(t, err)
	for _, sc := range res.Scenarios {
		require.NotEqual(t, steps.StatusFailed, sc.Status, "%s: %s", sc.Name, sc.Error)
	}
	require.NoError(t, d.Err())

	files, err := cassette.LoadDir(dir)
	require.NoError(t, err)
	require.Len(t, files, len(res.Scenarios), "one cassette a scenario")
	admin, exchanges := 0, 0
	var differ []string
	for _, f := range files {
		for _, in := range f.Interactions {
			if strings.Contains(in.Request.URL, "/_mock/") {
				admin++
				require.NotContains(t, in.Request.URL+in.Request.Body, "/_mock/keys", "a key (and its secret) was recorded")
			}
		}
		c, err := parity.Replay(ctx, f, fresh)
		require.NoError(t, err)
		exchanges += len(c.Exchanges)
		if c.Differs() {
			var b strings.Builder
			for _, ex := range c.Exchanges {
				if len(ex.Differences) > 0 || ex.Error != "" {
					fmt.Fprintf(&b, " #%d %s %v %s;", ex.Index, ex.Op, ex.Differences, ex.Error)
				}
			}
			differ = append(differ, f.Livemsg.Name+":"+b.String())
		}
	}
	require.NotZero(t, admin, "no admin call was recorded: the replay sets nothing up")
	require.Greater(t, exchanges, len(files), "the replay compared next to nothing")
	require.Empty(t, differ, "recordings of the emulator that do not replay identical")
}
