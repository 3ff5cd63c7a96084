package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
)

func scenario(feature, name, status string) Scenario {
	return Scenario{Feature: feature, Name: name, Status: status, Tags: []string{"@op:X"}}
}

func measuredOp(name string, measured, p99 float64) load.OperationResult {
	return load.OperationResult{Operation: name, DocumentedQPS: 50, Limit: load.Limit{SustainedQPS: measured}, ToleranceQPS: 2.5, Verdict: load.Pass,
		Steps: []load.StepResult{{Rate: 25, DurationS: 2, P99ms: p99}}}
}

// TestCompare: what a release engineer wants to see first.
func TestCompare(t *testing.T) {
	base := Build(Input{StartedAt: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC), Build: BuildInfo{Version: "v0.3.0"},
		Scenarios: []Scenario{
			scenario("F", "stays green", Passed), scenario("F", "breaks", Passed), scenario("F", "gets fixed", Failed),
			scenario("F", "stays red", Failed), scenario("F", "was skipped, now fails", Skipped), scenario("F", "removed", Passed),
		},
		Load: &load.Summary{Operations: []load.OperationResult{measuredOp("Steady", 50, 2), measuredOp("Moved", 50, 2), measuredOp("Noisy", 50, 2), measuredOp("Slower", 50, 2), measuredOp("Jitter", 50, 6.12)}},
	})
	cur := Build(Input{StartedAt: time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC),
		Scenarios: []Scenario{
			scenario("F", "stays green", Passed), scenario("F", "breaks", Failed), scenario("F", "gets fixed", Passed),
			scenario("F", "stays red", Failed), scenario("F", "was skipped, now fails", Failed), scenario("F", "new and failing", Failed),
		},
		Load: &load.Summary{Operations: []load.OperationResult{measuredOp("Steady", 51, 2.4), measuredOp("Moved", 70, 2), measuredOp("Noisy", 50, 2.9), measuredOp("Slower", 50, 90), measuredOp("Jitter", 50, 40.78)}},
	})
	c := Compare(cur, base)
	assert.Equal(t, []string{"F: breaks", "F: new and failing", "F: was skipped, now fails"}, c.NewlyFailing)
	assert.Equal(t, []string{"F: gets fixed"}, c.Fixed)
	assert.Equal(t, 1, c.Added)
	assert.Equal(t, 1, c.Removed)
	assert.Equal(t, []Moved{{Operation: "Moved", Before: 50, After: 70, Unit: "QPS"}}, c.Limits, "within the tolerance is not a move")
	assert.Equal(t, []Moved{{Operation: "Slower", Before: 2, After: 90, Unit: "ms"}}, c.Latency,
		"under +50% or under +50 ms is noise: 6.12 -> 40.78 ms was one pause on identical code")
	assert.Equal(t, "2025-06-01 08:00:00 UTC", c.BaselineStartedAt)
	assert.Equal(t, "v0.3.0", c.BaselineVersion)
	assert.True(t, c.Changed())

	same := Compare(base, base)
	assert.False(t, same.Changed(), "a run compared with itself: nothing changed")
}

func TestReadSummaryRoundTrip(t *testing.T) {
	s := Build(Sample())
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, s))
	got, err := ReadSummary(&b)
	require.NoError(t, err)
	assert.False(t, Compare(s, got).Changed(), "a summary read back compares equal with itself")

	for _, bad := range []string{"", "{}", "[1,2]", `{"verdict":"pass"}`} {
		_, err := ReadSummary(strings.NewReader(bad))
		assert.Error(t, err, "%q is not a summary", bad)
	}
}

// TestBaselineOnTop: the report opens with the comparison, right after the
// verdict.
func TestBaselineOnTop(t *testing.T) {
	in := sampleWithBaseline()
	page := render(t, in)
	at := strings.Index(page, `id="baseline"`)
	require.Positive(t, at, "the baseline section is there")
	assert.Less(t, at, strings.Index(page, `<section id="scenarios"`), "before the scenarios")
	assert.Greater(t, at, strings.Index(page, `<section id="verdict"`), "after the verdict")
	assert.Contains(t, page, "newly failing: ")
	assert.Contains(t, page, "limit moved: ")
	assert.NotContains(t, render(t, Sample()), `id="baseline"`, "no section without a baseline")
}

// sampleWithBaseline is the sample run compared with an earlier one in
// which its failures passed, one passing scenario failed and the first
// operation measured a different limit.
func sampleWithBaseline() Input {
	in := Sample()
	base := Sample()
	base.StartedAt = base.StartedAt.Add(-24 * time.Hour)
	base.Build = BuildInfo{Version: "v0.3.0", GoVersion: "go1.26.0"}
	fixedOne := false
	for i, s := range base.Scenarios {
		switch {
		case s.Status == Failed:
			base.Scenarios[i].Status, base.Scenarios[i].Error = Passed, ""
		case s.Status == Passed && !fixedOne:
			base.Scenarios[i].Status, base.Scenarios[i].Error = Failed, "was broken"
			fixedOne = true
		}
	}
	base.Load.Operations[0].SustainedQPS += 20
	b := Build(base)
	in.Baseline = &b
	return in
}
