package reports

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCoverageMatrix(t *testing.T) {
	const op = "@op:DeleteLiveMessageGroup"
	in := Input{
		Operations: []OperationCodes{
			{Operation: "DeleteLiveMessageGroup", QPS: 50, Codes: []string{"InputInvalid", "NoAuth", "ResourceNotExist", "ServerError", "ErrorTooManyGroups"}},
			{Operation: "RecoverLiveMessageDeletedGroup", QPS: 50, Codes: []string{"ResourceNotExist"}},
		},
		Scenarios: []Scenario{
			passed("Delete", "reproduces InputInvalid", op, "@code:InputInvalid"),
			failed("Delete", "fails NoAuth", op, "@code:NoAuth"),
			passed("Delete", "reproduces ResourceNotExist", op, "@code:ResourceNotExist"),
			failed("Delete", "fails ResourceNotExist too", op, "@code:ResourceNotExist"),
			skipped("Delete", "skips ServerError", op, "@code:ServerError", "@mock"),
			passed("Recover", "ResourceNotExist of another operation", "@op:SomethingElse", "@code:ErrorTooManyGroups"),
			passed("Recover", "no op tag", "@code:ResourceNotExist"),
		},
	}
	s := Build(in)
	require.Len(t, s.Coverage, 2)

	want := []struct{ code, status string }{
		{"InputInvalid", Reproduced},
		{"NoAuth", CodeFailed},
		{"ResourceNotExist", CodeFailed}, // a failure wins over a pass
		{"ServerError", CodeSkip},
		{"ErrorTooManyGroups", NotCovered}, // tagged, but for another operation
	}
	row := s.Coverage[0]
	assert.Equal(t, "DeleteLiveMessageGroup", row.Operation)
	assert.Equal(t, 50, row.QPS)
	require.Len(t, row.Codes, len(want))
	for i, w := range want {
		t.Run(w.code, func(t *testing.T) {
			assert.Equal(t, w.code, row.Codes[i].Code, "codes in the contract's order")
			assert.Equal(t, w.status, row.Codes[i].Status, "coverage of %s", w.code)
		})
	}
	assert.Equal(t, []string{"reproduces ResourceNotExist", "fails ResourceNotExist too"}, row.Codes[2].Scenarios)
	assert.Equal(t, NotCovered, s.Coverage[1].Codes[0].Status, "a scenario without @op:OP does not cover OP")
	assert.Equal(t, []string{}, s.Coverage[1].Codes[0].Scenarios, "an empty list, not null, in summary.json")
	assert.Equal(t, CoverageTally{Total: 6, Reproduced: 1, Failed: 2, Skipped: 1, NotCovered: 2}, s.Counts.Coverage)
}

func TestGatewayCoverage(t *testing.T) {
	s := Build(Input{
		GatewayCodes: []string{"Throttling.User", "SignatureNonceUsed", "Missing{Param}", "Throttling.Api", "InvalidVersion"},
		Scenarios: []Scenario{
			passed("Throttling", "over the limit", "@op:DeleteLiveMessageGroup", "@code:Throttling.User"),
			failed("Auth", "reused nonce", "@code:SignatureNonceUsed"),
			passed("Delete", "no GroupId", "@code:MissingGroupId"),
			skipped("Errors", "bad version", "@code:InvalidVersion"),
		},
	})
	want := map[string]string{
		"Throttling.User":    Reproduced, // whatever the operation
		"SignatureNonceUsed": CodeFailed,
		"Missing{Param}":     Reproduced, // MissingGroupId matches the placeholder
		"Throttling.Api":     NotCovered,
		"InvalidVersion":     CodeSkip,
	}
	require.Len(t, s.GatewayCodes, len(want))
	for _, cc := range s.GatewayCodes {
		assert.Equal(t, want[cc.Code], cc.Status, "coverage of gateway code %s", cc.Code)
	}
	assert.Equal(t, CoverageTally{Total: 5, Reproduced: 2, Failed: 1, Skipped: 1, NotCovered: 1}, s.Counts.Gateway)
}

func TestCodeMatches(t *testing.T) {
	tests := []struct {
		documented, got string
		want            bool
	}{
		{"ResourceNotExist", "ResourceNotExist", true},
		{"ResourceNotExist", "ResourceNotExists", false},
		{"Missing{Param}", "MissingGroupId", true},
		{"Missing{Param}", "Missing{Param}", true},
		{"Missing{Param}", "Missing", false},
		{"Missing{Param}", "InvalidGroupId", false},
		{"Invalid{Param}.Malformed", "InvalidGroupId.Malformed", true},
		{"Invalid{Param}.Malformed", "InvalidGroupId", false},
		{"Invalid{Param}", "InvalidVersion", true},
		{"Invalid{Param}", "InvalidApi.NotFound", false}, // the placeholder is a parameter name
		{"Invalid{Param}", "InvalidTimeStamp.Expired", false},
	}
	for _, tc := range tests {
		t.Run(tc.documented+"/"+tc.got, func(t *testing.T) {
			assert.Equal(t, tc.want, codeMatches(tc.documented, tc.got))
		})
	}
}

// TestCoverageRanOnTarget: each operation's row counts the scenarios tagged
// with it and how many ran on the run's target; a skipped one (@mock,
// @members on a real target) exists but did not run, and a scenario of
// another operation counts for neither.
func TestCoverageRanOnTarget(t *testing.T) {
	const ban, kick = "@op:BanLiveMessageGroup", "@op:KickLiveMessageGroupUser"
	s := Build(Input{
		Operations: []OperationCodes{
			{Operation: "BanLiveMessageGroup", Codes: []string{"InputInvalid"}},
			{Operation: "KickLiveMessageGroupUser", Codes: []string{"InputInvalid"}},
			{Operation: "ModifyLiveMessageGroup"},
		},
		Scenarios: []Scenario{
			passed("Family", "ban with exceptions", ban, "@op:UnbanLiveMessageGroup"),
			failed("Family", "ban refuses 31 exceptions", ban, "@code:InputInvalid"),
			skipped("Family", "members listed then kicked", kick, "@members"),
			skipped("Family", "a disabled app", kick, "@mock"),
			{Feature: "Family", Name: "kick got no answer", Tags: []string{kick}, Status: Errored},
		},
	})
	require.Len(t, s.Coverage, 3)
	assert.Equal(t, [2]int{2, 2}, [2]int{s.Coverage[0].Ran, s.Coverage[0].Scenarios}, "both ban scenarios ran, a failure too")
	assert.Equal(t, [2]int{1, 3}, [2]int{s.Coverage[1].Ran, s.Coverage[1].Scenarios}, "of 3 kick scenarios the 2 skipped did not run")
	assert.Equal(t, [2]int{0, 0}, [2]int{s.Coverage[2].Ran, s.Coverage[2].Scenarios}, "no scenario names ModifyLiveMessageGroup")

	var html strings.Builder
	require.NoError(t, WriteHTML(&html, s))
	assert.Contains(t, html.String(), `<td class="num cov-skipped">1 of 3</td>`, "the matrix shows ran of exist, marked when some were skipped")
	assert.Contains(t, html.String(), `<td class="num">2 of 2</td>`)
}
