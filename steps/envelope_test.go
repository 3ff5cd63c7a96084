package steps_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	broken "github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/steps"
)

// envelopeTags select the scenarios the envelope tests run: the family's
// reads and refusals in each format, and what else describes a group.
const envelopeTags = "@op:DescribeLiveMessageGroup && ~@code:Throttling.User && ~@expensive"

// TestSuiteChecksEveryAnswerWhole runs the real-target suite against
// providers of internal/breakage whose answers are right but for their
// envelope: every call a step makes is checked whole (steps/envelope.go),
// so the suite fails, and the failure says what was wrong. The faithful
// provider behind the same proxy passes.
func TestSuiteChecksEveryAnswerWhole(t *testing.T) {
	t.Parallel()
	byName := map[string]broken.Provider{}
	for _, p := range broken.All() {
		byName[p.Name] = p
	}
	for _, tc := range []struct {
		provider string
		says     string // in the failed scenarios' errors
	}{
		{"faithful", ""},
		{"Content-Type text/plain", `Content-Type "text/plain;charset=utf-8" is not JSON's`},
		{"one RequestId for every answer", "is not unique: it was the answer to"},
		{"answers without HostId", "error body has no string HostId"},
		{"JSON answered to Format=XML", "is not XML's (text/xml or application/xml) for Format=XML"},
	} {
		t.Run(tc.provider, func(t *testing.T) {
			t.Parallel()
			p, ok := byName[tc.provider]
			if tc.provider == "faithful" {
				p, ok = broken.Provider{Name: tc.provider}, true
			}
			require.True(t, ok, "internal/breakage has %q", tc.provider)
			srv := p.Start()
			defer srv.Close()
			res := realRun(t, srv.URL, envelopeTags)
			pass, fail, _ := res.Counts()
			require.Positive(t, pass+fail, "the tags select scenarios that ran")
			if tc.says == "" {
				assert.True(t, res.Passed, "the faithful provider passes: %s", failures(res))
				return
			}
			assert.False(t, res.Passed, "the suite must fail on a provider whose %s", tc.provider)
			assert.Contains(t, failures(res), tc.says, "the failures say what was wrong")
		})
	}
}

func failures(res *steps.Result) string {
	var b strings.Builder
	for _, s := range res.Scenarios {
		if s.Status == steps.StatusFailed || s.Status == steps.StatusError {
			b.WriteString(s.Name + ": " + s.Error + "\n")
		}
	}
	return b.String()
}
