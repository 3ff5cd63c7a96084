package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
)

func sampleProfile() *load.ProfileResult {
	sec := func(t float64, planned, served, throttled int, p95 float64) load.Second {
		return load.Second{T: t, Planned: planned, Sent: served + throttled, Served: served, Throttled: throttled, P95ms: p95}
	}
	return &load.ProfileResult{
		File: "examples/profile.yaml", Target: "emulator", PlannedS: 3, DurationS: 3, Verdict: load.Fail,
		Overall: load.Figures{Planned: 60, Sent: 60, Served: 50, Throttled: 10, P95ms: math.NaN()},
		Stages: []load.StageFigures{
			{Stage: 1, StartS: 0, DurationS: 1, FromRate: 10, ToRate: 10, Figures: load.Figures{Planned: 10, Sent: 10, Served: 10}},
			{Stage: 2, StartS: 1, DurationS: 2, FromRate: 10, ToRate: 30, Figures: load.Figures{Planned: 50, Sent: 50, Served: 40, Throttled: 10}},
		},
		Operations: []load.OperationFigures{
			{Operation: "RemoveLiveMessageGroupBand", Weight: 1, Share: 0.5, Timeline: []load.Second{sec(0, 0, 5, 0, 1), sec(1, 0, 10, 5, 2), sec(2, 0, 10, 5, 2)}},
			{Operation: "SendLiveMessageGroup", Weight: 1, Share: 0.5, Timeline: []load.Second{sec(0, 0, 5, 0, 1), sec(1, 0, 10, 0, 1), sec(2, 0, 10, 0, 1)}},
		},
		Thresholds: []load.ThresholdResult{
			{Threshold: "throttled_share below 0.05", Metric: "throttled_share", Below: 0.05, Scope: "RemoveLiveMessageGroupBand", Value: 0.25, Line: 9},
			{Threshold: "throttled_share below 0.05", Metric: "throttled_share", Below: 0.05, Scope: "SendLiveMessageGroup", Value: 0, Held: true, Line: 9},
			{Threshold: "p95_ms below 300ms", Metric: "p95_ms", Below: 300, Scope: "overall", Value: 2, Held: true, Line: 10},
		},
		Timeline: []load.Second{sec(0, 10, 10, 0, 1), sec(1, 20, 20, 5, 2), sec(2, 30, 20, 5, 2)},
	}
}

// TestProfileSection: a profile run is in summary.json and the report,
// its broken thresholds are reasons of the verdict, and its charts mark
// each stage and draw each threshold once.
func TestProfileSection(t *testing.T) {
	s := Build(Input{Target: "emulator", Profile: sampleProfile()})
	assert.Equal(t, Fail, s.Verdict)
	assert.Contains(t, s.Reasons, "profile threshold throttled_share below 0.05 (RemoveLiveMessageGroupBand): broken at 25%")
	assert.Len(t, s.Reasons, 1, "the thresholds that held are no reason")

	var js bytes.Buffer
	require.NoError(t, WriteJSON(&js, s), "NaN becomes a number JSON can hold")
	var doc map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	require.Contains(t, doc, "profile")
	assert.Contains(t, doc["profile"], "stages")

	var h bytes.Buffer
	require.NoError(t, WriteHTML(&h, s))
	page := h.String()
	i := strings.Index(page, `<section id="profile">`)
	require.GreaterOrEqual(t, i, 0, "the profile section")
	section := page[i:]
	assert.Contains(t, page, `<a href="#profile">Profile</a>`)
	assert.Equal(t, 3, strings.Count(section, "<svg"), "arrivals, latency and throttled share")
	assert.Equal(t, 3, strings.Count(section, ">1: 10→10/s<"), "stage 1 marked on each chart")
	assert.Equal(t, 3, strings.Count(section, ">2: 10→30/s<"), "stage 2 marked on each chart")
	assert.Equal(t, 1, strings.Count(section, ">throttled_share below 0.05 (each operation)<"), "a per-operation threshold drawn once")
	assert.Equal(t, 1, strings.Count(section, ">p95_ms below 300ms (overall)<"))
	assert.Contains(t, section, "✗ broken")
}

// TestNoProfileNoSection: without a profile the report and summary.json
// are as before (no section, no key).
func TestNoProfileNoSection(t *testing.T) {
	s := Build(Sample())
	var h, js bytes.Buffer
	require.NoError(t, WriteHTML(&h, s))
	require.NoError(t, WriteJSON(&js, s))
	assert.NotContains(t, h.String(), `id="profile"`)
	assert.NotContains(t, js.String(), `"profile"`)
}
