package reports

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorIsNotAFailure: a scenario that got no Alibaba answer is an
// "error", apart from failures everywhere: the counts, the verdict's
// reasons, the coverage of the codes it would reproduce, the causes, the
// page's pills, links and filter, and summary.json.
func TestErrorIsNotAFailure(t *testing.T) {
	refused := "DeleteLiveMessageGroup: no Alibaba answer: dial tcp 127.0.0.1:1: connect: connection refused"
	in := Input{
		Operations: []OperationCodes{{Operation: "DeleteLiveMessageGroup", Codes: []string{"ResourceNotExist", "InputInvalid", "MissingGroupId"}}},
		Scenarios: []Scenario{
			{Feature: "Delete", Name: "e1", Tags: []string{"@op:DeleteLiveMessageGroup", "@code:ResourceNotExist"}, Status: "error", Error: refused},
			{Feature: "Delete", Name: "e2", Tags: []string{"@op:DeleteLiveMessageGroup", "@code:InputInvalid"}, Status: "error", Error: refused},
			{Feature: "Delete", Name: "p2", Tags: []string{"@op:DeleteLiveMessageGroup", "@code:InputInvalid"}, Status: "passed"},
			{Feature: "Delete", Name: "f1", Tags: []string{"@op:DeleteLiveMessageGroup", "@code:MissingGroupId"}, Status: "failed", Error: "want MissingGroupId"},
			{Feature: "Delete", Name: "e3", Tags: []string{"@op:DeleteLiveMessageGroup", "@code:MissingGroupId"}, Status: "error", Error: refused},
			{Feature: "Delete", Name: "ea", Tags: []string{"@assumption"}, Status: "error", Error: refused},
		},
	}
	s := Build(in)
	assert.Equal(t, Tally{Total: 6, Passed: 1, Failed: 1, Errors: 4}, s.Counts.Scenarios)
	assert.Equal(t, Tally{Total: 5, Passed: 1, Failed: 1, Errors: 3}, s.Counts.Documented)
	assert.Equal(t, Tally{Total: 1, Errors: 1}, s.Counts.Assumptions)
	assert.Equal(t, Tally{Total: 5, Passed: 1, Failed: 1, Errors: 3}, s.Features[0].Counts)
	assert.Equal(t, Fail, s.Verdict, "a run that could not judge everything is no pass")
	assert.Equal(t, []string{"1 scenario of documented behaviour failed", "4 scenarios could not run: no Alibaba answer (errors, not judged)"}, s.Reasons)

	status := map[string]string{}
	for _, c := range s.Coverage[0].Codes {
		status[c.Code] = c.Status
	}
	assert.Equal(t, CodeError, status["ResourceNotExist"], "only an error: not judged")
	assert.Equal(t, Reproduced, status["InputInvalid"], "a pass reproduces it whatever else got no answer")
	assert.Equal(t, CodeFailed, status["MissingGroupId"], "a failure wins over an error")
	assert.Equal(t, CoverageTally{Total: 3, Reproduced: 1, Failed: 1, Errors: 1}, s.Counts.Coverage)

	var b strings.Builder
	require.NoError(t, WriteHTML(&b, s))
	html := b.String()
	assert.Contains(t, html, `<span class="pill err">⚠ error</span>`)
	assert.Contains(t, html, `<span class="pill err">3 errors</span>`, "the feature's tally")
	assert.Contains(t, html, `data-status="error"`)
	assert.Contains(t, html, `<option>error</option>`, "the status filter offers it")
	assert.Contains(t, html, `Could not run (no Alibaba answer, not judged): <a href="#scenario-delete-e1">e1</a>`)
	assert.Regexp(t, `Failed: <a href="#scenario-delete-f1">f1</a></p>`, html, "errors are not listed as failures")
	assert.Contains(t, html, `<b class="c-err">4 errors</b>`, "the scenarios tile")
	assert.Contains(t, html, `<td class="cell cov-error"`, "the coverage cell")
	assert.Contains(t, html, "<b>4 ×</b> <code>connection refused</code>", "errors with one cause are one cause")
	assert.Contains(t, html, `<tr class="detail error">`, "an error shows its error")

	var j strings.Builder
	require.NoError(t, WriteJSON(&j, s))
	assert.Contains(t, j.String(), `"status": "error"`)
	assert.Contains(t, j.String(), `"errors": 4`)
}
