package reports

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
)

func passed(feature, name string, tags ...string) Scenario {
	return Scenario{Feature: feature, Name: name, Tags: tags, Status: Passed, Duration: 5 * time.Millisecond}
}

func failed(feature, name string, tags ...string) Scenario {
	return Scenario{Feature: feature, Name: name, Tags: tags, Status: Failed, FailedStep: "Then it holds", Error: "expected x, got y"}
}

func skipped(feature, name string, tags ...string) Scenario {
	return Scenario{Feature: feature, Name: name, Tags: tags, Status: Skipped, SkipReason: "@mock on a real target"}
}

func loadOp(op, verdict string) load.OperationResult {
	return load.OperationResult{Operation: op, DocumentedQPS: 50, ToleranceQPS: 2.5, Verdict: verdict, Limit: load.Limit{SustainedQPS: 50}}
}

func TestBuildVerdict(t *testing.T) {
	tests := []struct {
		name    string
		in      Input
		verdict string
		reasons int
	}{
		{"everything passed", Input{
			Scenarios: []Scenario{passed("F", "a"), skipped("F", "b")},
			Load:      &load.Summary{Operations: []load.OperationResult{loadOp("Op1", "pass"), loadOp("Op2", "PASS")}},
		}, Pass, 0},
		{"load probes did not run", Input{Scenarios: []Scenario{passed("F", "a")}}, Pass, 0},
		{"one scenario failed", Input{
			Scenarios: []Scenario{passed("F", "a"), failed("F", "b")},
			Load:      &load.Summary{Operations: []load.OperationResult{loadOp("Op1", "pass")}},
		}, Fail, 1},
		{"one @assumption scenario failed", Input{
			Scenarios: []Scenario{passed("F", "a"), failed("F", "b", "@assumption")},
		}, Fail, 1},
		{"one load verdict failed", Input{
			Scenarios: []Scenario{passed("F", "a")},
			Load:      &load.Summary{Operations: []load.OperationResult{loadOp("Op1", "pass"), loadOp("Op2", "fail")}},
		}, Fail, 1},
		{"an inconclusive load verdict fails", Input{
			Scenarios: []Scenario{passed("F", "a")},
			Load:      &load.Summary{Operations: []load.OperationResult{loadOp("Op1", load.Inconclusive)}},
		}, Fail, 1},
		{"a load verdict that is not pass fails", Input{
			Scenarios: []Scenario{passed("F", "a")},
			Load:      &load.Summary{Operations: []load.OperationResult{loadOp("Op1", "")}},
		}, Fail, 1},
		{"an unknown scenario status fails", Input{
			Scenarios: []Scenario{{Feature: "F", Name: "a", Status: "pending"}},
		}, Fail, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Build(tc.in)
			assert.Equal(t, tc.verdict, s.Verdict, "overall verdict")
			assert.Len(t, s.Reasons, tc.reasons, "one reason per kind of failure: %v", s.Reasons)
		})
	}
}

func TestBuildGroupsScenarios(t *testing.T) {
	s := Build(Input{Scenarios: []Scenario{
		passed("Delete", "d1"),
		failed("Recover", "r1"),
		passed("Delete", "d2", "@assumption"),
		skipped("Delete", "d3"),
		{Feature: "Recover", Name: "r2", Status: "undefined"},
	}})

	require.Len(t, s.Features, 2, "two features, in the order they first ran")
	assert.Equal(t, "Delete", s.Features[0].Name)
	assert.Equal(t, []string{"d1", "d3"}, names(s.Features[0].Scenarios), "the @assumption scenario is kept apart")
	assert.Equal(t, Tally{Total: 2, Passed: 1, Skipped: 1}, s.Features[0].Counts)
	assert.Equal(t, "Recover", s.Features[1].Name)
	assert.Equal(t, Tally{Total: 2, Failed: 2}, s.Features[1].Counts, "an undefined scenario counts as failed")
	assert.Equal(t, Failed, s.Features[1].Scenarios[1].Status)
	assert.Contains(t, s.Features[1].Scenarios[1].Error, `"undefined"`, "the original status is said")

	require.Len(t, s.Assumptions, 1)
	assert.Equal(t, "d2", s.Assumptions[0].Name)

	assert.Equal(t, Tally{Total: 5, Passed: 2, Failed: 2, Skipped: 1}, s.Counts.Scenarios)
	assert.Equal(t, Tally{Total: 4, Passed: 1, Failed: 2, Skipped: 1}, s.Counts.Documented)
	assert.Equal(t, Tally{Total: 1, Passed: 1}, s.Counts.Assumptions)
}

func TestBuildSample(t *testing.T) {
	s := Build(Sample())
	assert.Equal(t, Fail, s.Verdict, "the sample has failed scenarios")
	assert.Equal(t, Tally{Total: 41, Passed: 36, Failed: 2, Errors: 1, Skipped: 2}, s.Counts.Scenarios)
	assert.Equal(t, 3, s.Counts.Assumptions.Total)
	assert.Equal(t, LoadTally{Operations: 3, Passed: 2, Failed: 1}, s.Counts.Load, "a token bucket of 37 where 50 is documented fails")
	require.NotNil(t, s.Load)
	assert.Equal(t, Fail, s.Load.Verdict)
	assert.Contains(t, s.Reasons, "load probe of RecoverLiveMessageDeletedGroup: fail")
	for _, op := range s.Load.Operations {
		for _, st := range op.Steps {
			assert.NotEmpty(t, st.Timeline, "%s at %v/s has a timeline", op.Operation, st.Rate)
		}
	}
}

func names(rs []ScenarioResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return out
}
