package breakage_test

import (
	"context"
	"flag"
	"os"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/steps"
)

var (
	detectionTable = flag.String("detection", "", "run the contract suite and explore against every broken provider and write docs/detection.md to this file (make detection)")
	detectionRun   = flag.String("detection-run", "", "only the providers whose name matches this regular expression; their table is logged, the file left alone (make detection RUN=...)")
	// exploreOnly (LIVEMSG_DETECTION_EXPLORE_ONLY=1, with -detection-run
	// only) skips the suites: quicker, while tuning explore.
	exploreOnly = os.Getenv("LIVEMSG_DETECTION_EXPLORE_ONLY") != ""
	// seed (LIVEMSG_DETECTION_SEED, with -detection-run only) explores
	// with another seed than the table's: how much a finding owes to
	// the draw.
	seed uint64 = detectionSeed
)

// The detection run's settings: what docs/detection.md says it ran.
const (
	detectionSeed = 1
	// shortCalls is the longest shrunk sequence counted as short (issue
	// 19: found with a sequence of at most 6 calls).
	shortCalls    = 6
	detectionTags = "~@expensive"
	// allowOverLimit is the consent flag. It is off: the scenarios it
	// allows send bursts over an operation's limit and judge the rate
	// served, which suites running at once on two cores make miss
	// (against the faithful provider too), and no provider here breaks
	// throttling.
	allowOverLimit = false
	suitesAtOnce   = 8 // real-target suites are paced: most of their time is waiting
	shrinkTime     = 2 * time.Second
	perRunDeadline = 5 * time.Minute
)

// detection is what the suite and explore did against one provider.
type detection struct {
	p breakage.Provider
	// suite: the scenarios that failed (and passed on the faithful
	// provider), the first of them named.
	failed   int
	scenario string
	suiteErr string
	// explore: the calls of the shrunk sequence (0 = not found), the
	// sequence it was first found in and the calls sent before it.
	calls, foundAt, requests int
	exploreErr               string
}

// caught: a scenario failed, explore found a divergence, or explore could
// not run at all (a CI job running it fails as well).
func (d detection) caught() bool { return d.failed > 0 || d.calls > 0 || d.exploreErr != "" }

// TestDetection runs, for each provider of the catalogue, the contract
// suite in real-target mode (the proxy as an external endpoint, a fresh
// app; allowOverLimit says why without the consent flag) and explore
// (default budget, one seed), and writes the table to -detection. A provider neither catches fails
// the test unless it has an Explained entry; one caught that still has
// one fails too (its explanation is stale).
func TestDetection(t *testing.T) {
	if *detectionTable == "" {
		t.Skip("make detection runs it (-detection FILE)")
	}
	if v := os.Getenv("LIVEMSG_DETECTION_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		require.NoError(t, err, "LIVEMSG_DETECTION_SEED")
		seed = n
	}
	start := time.Now()
	ctx := context.Background()

	faithful := breakage.Provider{Name: "faithful"}
	baseFailed := baseline(ctx, t, faithful)
	fe := runExplore(ctx, faithful)
	require.Zero(t, fe.calls, "explore finds nothing against the faithful provider: %s", fe.exploreErr)

	ps := breakage.Catalogue()
	if *detectionRun != "" {
		re := regexp.MustCompile(*detectionRun)
		ps = slices.DeleteFunc(ps, func(p breakage.Provider) bool { return !re.MatchString(p.Name) })
		require.NotEmpty(t, ps, "-detection-run %q matches no provider", *detectionRun)
	} else {
		require.False(t, exploreOnly, "LIVEMSG_DETECTION_EXPLORE_ONLY goes with RUN=regexp: docs/detection.md needs the suites")
		require.Equal(t, uint64(detectionSeed), seed, "LIVEMSG_DETECTION_SEED goes with RUN=regexp: docs/detection.md says seed %d", detectionSeed)
	}
	out := make([]detection, len(ps))
	var wg sync.WaitGroup
	sem := make(chan struct{}, suitesAtOnce)
	for i, p := range ps {
		out[i].p = p
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if exploreOnly {
				return
			}
			r := runSuite(ctx, t, p)
			out[i].suiteErr = r.err
			if r.res == nil {
				return
			}
			for _, sc := range r.res.Scenarios {
				if sc.Status == steps.StatusFailed && !baseFailed[sc.Location] {
					if out[i].failed == 0 {
						out[i].scenario = sc.Name + " (" + sc.Location + ")"
					}
					out[i].failed++
				}
			}
		}()
	}
	for i, p := range ps { // explore runs one at a time (rapid's settings are process-wide)
		e := runExplore(ctx, p)
		out[i].calls, out[i].foundAt, out[i].requests, out[i].exploreErr = e.calls, e.foundAt, e.requests, e.exploreErr
	}
	t.Logf("explore done after %s", time.Since(start).Round(time.Second))
	wg.Wait()
	t.Logf("suites done after %s", time.Since(start).Round(time.Second))
	took := time.Since(start)

	for _, d := range out {
		assert.Empty(t, d.suiteErr, "%s: the suite ran", d.p.Name)
		if exploreOnly {
			continue
		}
		if d.p.Explained == "" {
			assert.True(t, d.caught(), "neither the suite nor explore catches %q: catch it, or say why not in Explained", d.p.Name)
		} else {
			assert.False(t, d.caught(), "%q is caught now: drop its Explained (%s)", d.p.Name, d.p.Explained)
		}
	}
	if *detectionRun != "" {
		t.Logf("%d providers in %s:\n%s", len(ps), took.Round(time.Second), table(out, took))
		return
	}
	require.NoError(t, os.WriteFile(*detectionTable, []byte(table(out, took)), 0o644))
	t.Logf("wrote %s in %s", *detectionTable, took.Round(time.Second))
}

// baseline runs the suite against the faithful provider: the scenarios
// that fail there are left out (none run when exploreOnly).
func baseline(ctx context.Context, t *testing.T, faithful breakage.Provider) map[string]bool {
	baseFailed := map[string]bool{}
	if exploreOnly {
		return baseFailed
	}
	base := runSuite(ctx, t, faithful)
	require.Empty(t, base.err, "the suite runs against the faithful provider")
	for _, sc := range base.res.Scenarios {
		if sc.Status == steps.StatusFailed {
			baseFailed[sc.Location] = true
			t.Logf("fails on the faithful provider too (left out): %s %s", sc.Name, firstLine(sc.Error))
		}
	}
	return baseFailed
}
