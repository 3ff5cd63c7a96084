package reports

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetriesSection: the resends are in summary.json, most resent first,
// and in the report's header; a spent budget fails the verdict with its
// reason, resends within it do not.
func TestRetriesSection(t *testing.T) {
	r := NewRetries(3, 20, 0, map[string]int{"ListLiveMessageGroups": 1, "DescribeLiveMessageGroup": 2, "DescribeLiveMessageApp": 1})
	assert.Equal(t, 4, r.Spent)
	assert.Equal(t, []OperationRetries{{"DescribeLiveMessageGroup", 2}, {"DescribeLiveMessageApp", 1}, {"ListLiveMessageGroups", 1}}, r.ByOperation)
	assert.Equal(t, "4 (DescribeLiveMessageGroup 2, DescribeLiveMessageApp 1, ListLiveMessageGroups 1), budget 20, at most 3 a call", r.String())
	assert.Equal(t, "none (--retries 0)", NewRetries(0, 20, 0, nil).String())

	s := Build(Input{Scenarios: []Scenario{passed("F", "a")}, Retries: r, StartedAt: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)})
	assert.Equal(t, Pass, s.Verdict, "resends within the budget do not fail a run: %v", s.Reasons)
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, s))
	back, err := ReadSummary(&b)
	require.NoError(t, err)
	require.NotNil(t, back.Retries, "summary.json keeps the retries")
	assert.Equal(t, *r, *back.Retries)
	b.Reset()
	require.NoError(t, WriteHTML(&b, s))
	assert.Contains(t, b.String(), "<dt>Retries</dt><dd>4 (DescribeLiveMessageGroup 2, DescribeLiveMessageApp 1, ListLiveMessageGroups 1), budget 20, at most 3 a call</dd>")

	spent := NewRetries(3, 20, 2, map[string]int{"DescribeLiveMessageGroup": 20})
	s = Build(Input{Scenarios: []Scenario{passed("F", "a")}, Retries: spent})
	assert.Equal(t, Fail, s.Verdict)
	assert.Contains(t, s.Reasons, "the retry budget of 20 was spent: 2 calls that got no answer could not be resent (errors, not judged)")
	assert.Contains(t, spent.String(), ", spent: 2 calls not resent")

	b.Reset()
	require.NoError(t, WriteJSON(&b, Build(Input{})))
	assert.NotContains(t, b.String(), `"retries"`, "absent when the run did not say")
}
