package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCauseKey(t *testing.T) {
	same := [][2]string{
		{`DescribeLiveMessageGroup: Post "http://127.0.0.1:41873/": dial tcp 127.0.0.1:41873: connect: connection refused`,
			`DeleteLiveMessageGroup: Post "http://127.0.0.1:5/": dial tcp 127.0.0.1:5: connect: connection refused`},
		{"want error NoAuth, got 404 \"ResourceNotExist\": group lmabcdef12g1 not found (request 7CB10398-70C6-45E0)",
			"want error NoAuth, got 404 \"ResourceNotExist\": group lmqwerty7g2 not found (request 0A1B2C3D-0000-1111)"},
	}
	for _, p := range same {
		assert.Equal(t, causeKey(p[0]), causeKey(p[1]), "one cause:\n%s\n%s", p[0], p[1])
	}
	assert.NotEqual(t, causeKey("want error NoAuth, got ResourceNotExist"), causeKey("want error NoAuth, got ServerError"))
}

// TestFailuresGroupedByCause: nine scenarios refused a connection and one
// failed otherwise; the page lists two causes and shows the refused
// connection's error in full once.
func TestFailuresGroupedByCause(t *testing.T) {
	in := Input{}
	for i := range 9 {
		in.Scenarios = append(in.Scenarios, Scenario{Feature: "F", Name: fmt.Sprintf("s%d", i), Status: Failed,
			Error: fmt.Sprintf("Op%d: dial tcp 127.0.0.1:%d: connect: connection refused", i, 40000+i)})
	}
	in.Scenarios = append(in.Scenarios, Scenario{Feature: "F", Name: "other", Status: Failed, Error: "want true, got false"})
	s := Build(in)
	cs, _ := causes(s)
	require.Len(t, cs, 2)
	assert.Equal(t, "connection refused", cs[0].Text)
	assert.Len(t, cs[0].Scenarios, 9)
	assert.Len(t, cs[1].Scenarios, 1)

	page := render(t, in)
	assert.Contains(t, page, `<b>9 ×</b> <code>connection refused</code>`)
	assert.Equal(t, 8, strings.Count(page, "same cause as <a href=\"#scenario-f-s0\">s0</a>"), "the other eight point at the first")
	assert.Contains(t, page, "9 scenarios failed with this cause")
}

// TestFilterDegradesWithoutScript: the filter controls are hidden until the
// script shows them, and every scenario row carries what it filters on.
func TestFilterDegradesWithoutScript(t *testing.T) {
	page := render(t, Sample())
	assert.Contains(t, page, `<div id="filters" class="filters" hidden>`)
	rows := strings.Count(page, `<tr class="row `)
	require.Positive(t, rows)
	for _, attr := range []string{"data-status=", "data-feature=", "data-tags=", "data-text="} {
		assert.Equal(t, rows, strings.Count(page, attr), "every row has %s", attr)
	}
	assert.Contains(t, page, `data-status="failed"`)
}
