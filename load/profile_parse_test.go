package load_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
)

const goodProfile = `name: evening peak
stages:
  - {duration: 30s, rate: 5}
  - {duration: 2m, rate: 40}
  - {duration: 30s, rate: 0}
mix:
  SendLiveMessageGroup: 10
  AddLiveMessageGroupBand: 2
  RemoveLiveMessageGroupBand: 2
  CreateLiveMessageGroup: 1
  DeleteLiveMessageGroup: 1
thresholds:
  - {metric: p95_ms, below: 300}
  - {metric: throttled_share, below: 0.01, per: operation}
  - {metric: error_share, below: 0.001, abort: true, after: 20s}
`

// TestParseProfile reads the issue's own example field by field.
func TestParseProfile(t *testing.T) {
	p, err := load.ParseProfile("p.yaml", []byte(goodProfile), nil)
	require.NoError(t, err)
	assert.Equal(t, "evening peak", p.Name)
	assert.Equal(t, []load.Stage{{Duration: 30 * time.Second, Rate: 5, Line: 3}, {Duration: 2 * time.Minute, Rate: 40, Line: 4},
		{Duration: 30 * time.Second, Rate: 0, Line: 5}}, p.Stages)
	require.Len(t, p.Mix, 5)
	assert.Equal(t, load.MixEntry{Operation: "SendLiveMessageGroup", Weight: 10, Line: 7}, p.Mix[0])
	assert.Equal(t, []load.Threshold{
		{Metric: "p95_ms", Below: 300, Per: load.PerOverall, Line: 13},
		{Metric: "throttled_share", Below: 0.01, Per: load.PerOperation, Line: 14},
		{Metric: "error_share", Below: 0.001, Per: load.PerOverall, Abort: true, After: 20 * time.Second, Line: 15},
	}, p.Thresholds)
	assert.Equal(t, 3*time.Minute, p.Duration())
	// 0→5 over 30 s, 5→40 over 2 min, 40→0 over 30 s
	assert.Equal(t, 75+2700+600, p.PlannedRequests())
}

// TestParseProfileErrors: every mistake is named by file, line and field,
// all of them at once, before anything is sent.
func TestParseProfileErrors(t *testing.T) {
	const mix = "mix: {SendLiveMessageGroup: 1}\n"
	const th = "thresholds: [{metric: p95_ms, below: 300}]\n"
	const st = "stages: [{duration: 1s, rate: 5}]\n"
	for _, tc := range []struct{ name, src, want string }{
		{"not YAML", "stages: [\n  {duration: 1s\nmix: x\n", "p.yaml:3: not valid YAML"},
		{"empty", "", "p.yaml: the profile is empty"},
		{"unknown field", st + mix + th + "stage: 1\n", "p.yaml:4: stage: unknown field (known: groups, mix, name, send_groups, send_users, stages, start_rate, thresholds)"},
		{"missing thresholds", st + mix, "p.yaml:1: thresholds: missing"},
		{"unknown operation", st + "mix: {SendLiveMessageGroups: 1}\n" + th, "p.yaml:2: mix.SendLiveMessageGroups: not an operation of the contract"},
		{"not mixable", st + "mix: {CreateLiveMessageApp: 1}\n" + th, "p.yaml:2: mix.CreateLiveMessageApp: cannot be mixed in a profile: it creates an app"},
		{"zero weight", st + "mix:\n  SendLiveMessageGroup: 0\n" + th, "p.yaml:3: mix.SendLiveMessageGroup: a weight must be more than 0"},
		{"weight not a number", st + "mix:\n  SendLiveMessageGroup: lots\n" + th, `p.yaml:3: mix.SendLiveMessageGroup: must be a number, not "lots"`},
		{"bad duration", "stages:\n  - {duration: 30, rate: 5}\n" + mix + th, `p.yaml:2: stages[0].duration: must be a duration such as 30s, 2m or 1m30s, not "30"`},
		{"negative rate", "stages:\n  - {duration: 1s, rate: 5}\n  - {duration: 1s, rate: -1}\n" + mix + th, "p.yaml:3: stages[1].rate: a rate is from 0 to 100000"},
		{"stage without rate", "stages:\n  - {duration: 1s}\n" + mix + th, "p.yaml:2: stages[0]: needs both duration and rate"},
		{"no request", "stages: [{duration: 1s, rate: 0}]\n" + mix + th, "p.yaml:1: stages: plan no request at all"},
		{"unknown metric", st + mix + "thresholds:\n  - {metric: p95, below: 300}\n", `p.yaml:4: thresholds[0].metric: unknown metric "p95"`},
		{"share over 1", st + mix + "thresholds:\n  - {metric: error_share, below: 5}\n", "p.yaml:4: thresholds[0].below: a share is a fraction"},
		{"bad per", st + mix + "thresholds:\n  - {metric: p95_ms, below: 3, per: op}\n", `p.yaml:4: thresholds[0].per: must be operation or overall, not "op"`},
		{"after without abort", st + mix + "thresholds:\n  - {metric: p95_ms, below: 3, after: 1s}\n", "p.yaml:4: thresholds[0].after: only applies with abort: true"},
		{"operation not in the mix", st + mix + "thresholds:\n  - {metric: p95_ms, below: 3, operation: DeleteLiveMessageGroup}\n", "p.yaml:4: thresholds: operation DeleteLiveMessageGroup is not in the mix"},
		{"abort never", st + mix + "thresholds:\n  - {metric: p95_ms, below: 3, abort: true, after: 1s}\n", "p.yaml:4: thresholds: after 1s is not shorter than the run"},
		{"abort not a bool", st + mix + "thresholds:\n  - {metric: p95_ms, below: 3, abort: yes}\n", `p.yaml:4: thresholds[0].abort: must be true or false, not "yes"`},
		{"bad send group", st + mix + th + "send_groups: [a-b]\n", `p.yaml:4: send_groups[0]: a group id is 1 to 64 letters and digits, not "a-b"`},
		{"bad send user", st + mix + th + "send_users: [a-b]\n", `p.yaml:4: send_users[0]: a user id is 1 to 64 letters and digits, not "a-b"`},
		{"no send users", st + mix + th + "send_users: []\n", "p.yaml:4: send_users: must be a list of user ids, at least one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load.ParseProfile("p.yaml", []byte(tc.src), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var pe *load.ProfileError
			assert.True(t, errors.As(err, &pe), "a *ProfileError: %T", err)
		})
	}
}

// TestParseProfileAllErrors: several mistakes are all reported, in one go.
func TestParseProfileAllErrors(t *testing.T) {
	_, err := load.ParseProfile("p.yaml", []byte("stages: [{duration: x, rate: 1}]\nmix: {Nope: 1}\nthresholds: [{metric: nope, below: 1}]\n"), nil)
	require.Error(t, err)
	for _, want := range []string{"p.yaml:1: stages[0].duration", "p.yaml:2: mix.Nope", "p.yaml:3: thresholds[0].metric"} {
		assert.Contains(t, err.Error(), want)
	}
}

// TestExampleProfile: the example shipped in examples/ reads, and runs in
// under a minute.
func TestExampleProfile(t *testing.T) {
	p, err := load.ReadProfile("../examples/profile.yaml", nil)
	require.NoError(t, err)
	assert.Less(t, p.Duration(), time.Minute)
	assert.NotEmpty(t, p.Thresholds)
	_, err = os.Stat("../examples/profile.yaml")
	require.NoError(t, err)
}

// TestStages: the schedule sends the integral of a rate that moves
// linearly between targets, request k at the time the count reaches k,
// in order; as a vegeta Pacer it waits for the same times.
func TestStages(t *testing.T) {
	s := load.NewStages(10, []load.Stage{{Duration: 2 * time.Second, Rate: 30}, {Duration: time.Second, Rate: 30},
		{Duration: time.Second, Rate: 0}, {Duration: time.Second, Rate: 0}, {Duration: time.Second, Rate: 20}})
	// 10→30 over 2 s = 40; 30 for 1 s = 30; 30→0 over 1 s = 15; 0; 0→20 over 1 s = 10
	assert.Equal(t, 95, s.Total())
	for _, tc := range []struct {
		from, to time.Duration
		want     int
	}{{0, 2 * time.Second, 40}, {2 * time.Second, 3 * time.Second, 30}, {3 * time.Second, 4 * time.Second, 15},
		{4 * time.Second, 5 * time.Second, 0}, {5 * time.Second, 6 * time.Second, 10}, {0, time.Second, 15}} {
		assert.Equal(t, tc.want, s.Planned(tc.from, tc.to), "planned in [%s, %s)", tc.from, tc.to)
	}
	prev := time.Duration(-1)
	counts := make([]int, 6)
	for k := range s.Total() {
		at, ok := s.At(k)
		require.True(t, ok)
		assert.Greater(t, at, prev, "request %d after request %d", k, k-1)
		prev = at
		counts[at/time.Second]++
		wait, stop := s.Pace(0, uint64(k))
		assert.False(t, stop)
		assert.Equal(t, at, wait, "Pace waits until request %d", k)
	}
	assert.Equal(t, []int{15, 25, 30, 15, 0, 10}, counts)
	_, ok := s.At(s.Total())
	assert.False(t, ok)
	_, stop := s.Pace(time.Hour, uint64(s.Total()))
	assert.True(t, stop, "the pacer stops after the last request")
	assert.InDelta(t, 20, s.Rate(time.Second), 1e-9)
	assert.InDelta(t, 15, s.Rate(3500*time.Millisecond), 1e-9)
}
