package reports

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
)

func render(t *testing.T, in Input) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteHTML(&b, Build(in)))
	return b.String()
}

// TestHTMLOffline: nothing on the page is fetched from elsewhere: one
// inline script (the scenario filter) and no other, no stylesheet link, no
// font or image from a URL.
func TestHTMLOffline(t *testing.T) {
	page := render(t, Sample())
	remote := []struct {
		name string
		re   *regexp.Regexp
	}{
		{"link tag", regexp.MustCompile(`(?i)<(link|iframe|object|embed)\b`)},
		{"script from elsewhere", regexp.MustCompile(`(?i)<script[^>]*\bsrc\b`)},
		{"fetch or XHR", regexp.MustCompile(`(?i)\b(fetch|XMLHttpRequest|import)\s*\(`)},
		{"src or href to a URL", regexp.MustCompile(`(?i)\b(src|href|xlink:href)\s*=\s*["']?\s*(https?:)?//`)},
		{"CSS url() to a URL", regexp.MustCompile(`(?i)url\(\s*["']?\s*(https?:)?//`)},
		{"CSS @import", regexp.MustCompile(`(?i)@import`)},
		{"@font-face", regexp.MustCompile(`(?i)@font-face`)},
	}
	for _, r := range remote {
		t.Run(r.name, func(t *testing.T) {
			assert.Empty(t, r.re.FindAllString(page, 3), "the page must work offline")
		})
	}
	assert.Equal(t, 1, strings.Count(page, "<script>"), "one inline script: the filter")
}

// TestHTMLSections: a section is on the page when there is something in
// it; a run where nothing ran is a verdict alone, with no "listed no
// operation" or "every scenario that ran passed".
func TestHTMLSections(t *testing.T) {
	all := []string{"verdict", "scenarios", "coverage", "assumptions", "load", "profile"}
	tests := []struct {
		name string
		in   Input
		want []string
		says string
	}{
		{"sample", Sample(), []string{"verdict", "scenarios", "coverage", "assumptions", "load"}, ""},
		{"empty run", Input{}, []string{"verdict"}, "Nothing ran, so nothing failed."},
		{"profile alone", Input{Profile: func() *load.ProfileResult { p := sampleProfile(); p.Verdict, p.Thresholds = load.Pass, nil; return p }()},
			[]string{"verdict", "profile"}, "Every profile threshold held."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := render(t, tc.in)
			for _, id := range all {
				if slices.Contains(tc.want, id) {
					assert.Contains(t, page, `<section id="`+id+`"`, "section #%s", id)
				} else {
					assert.NotContains(t, page, `<section id="`+id+`"`, "no section #%s: nothing in it", id)
					assert.NotContains(t, page, `href="#`+id+`"`, "no link to #%s", id)
				}
			}
			assert.NotContains(t, page, "The contract listed no operation")
			if tc.says != "" {
				assert.Contains(t, page, tc.says)
				assert.NotContains(t, page, "Every scenario that ran passed", "no scenario ran")
			}
		})
	}
}

func TestHTMLVerdict(t *testing.T) {
	assert.Contains(t, render(t, Input{Scenarios: []Scenario{passed("F", "a")}}), "✓ PASS")
	page := render(t, Input{Scenarios: []Scenario{failed("F", "it broke")}})
	assert.Contains(t, page, "✗ FAIL")
	assert.Contains(t, page, `<a href="#scenario-f-it-broke">it broke</a>`, "the verdict links to the failed scenario")
	assert.Contains(t, page, `id="scenario-f-it-broke"`)
}

// TestHTMLCharts: two charts per probed operation, each with data.
func TestHTMLCharts(t *testing.T) {
	page := render(t, Sample())
	charts := regexp.MustCompile(`(?s)<svg class="chart".*?</svg>`).FindAllString(page, -1)
	require.Len(t, charts, 6, "three operations, a throughput and a latency chart each")
	data := regexp.MustCompile(`<path class="area [a-z0-9]+" d="M[0-9.]+ [0-9.]+ L|<polyline class="line [a-z0-9]+" fill="none" points="[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+`)
	for i, c := range charts {
		assert.Regexp(t, data, c, "chart %d has a data path", i)
	}
	assert.Contains(t, charts[0], `class="limit"`, "a dashed line at the documented QPS")
	assert.Contains(t, charts[0], "documented 50/s")
	assert.Contains(t, charts[1], "latency (ms)")

	noLoad := render(t, Input{})
	assert.NotContains(t, noLoad, `<svg class="chart"`)
	assert.NotContains(t, noLoad, `id="load"`, "a section of nothing is left out")
}

func TestHTMLCoverageCells(t *testing.T) {
	page := render(t, Sample())
	for _, class := range []string{"cov-reproduced", "cov-failed", "cov-skipped", "cov-not-covered"} {
		assert.Contains(t, page, `<td class="cell `+class+`"`, "a %s cell in the matrix", class)
	}
	assert.Contains(t, page, `<td class="cell na">`, "a code the operation does not document")
}

// TestHTMLEscapesExchanges: an exchange is text, never markup.
func TestHTMLEscapesExchanges(t *testing.T) {
	sc := failed("F", "hostile", "@op:X")
	sc.Exchanges = []string{
		"GET /?GroupId=<b>bold</b> HTTP/1.1",
		"HTTP/1.1 400 Bad Request\n\n{\"Message\":\"<script>alert('x')</script> & more\"}",
	}
	sc.Error = `expected "<ok/>"`
	page := render(t, Input{Scenarios: []Scenario{sc}})

	assert.NotContains(t, page, "<script>alert", "a <script> inside an exchange is escaped")
	assert.NotContains(t, page, "<b>bold</b>")
	assert.Contains(t, page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
	assert.Contains(t, page, "&lt;b&gt;bold&lt;/b&gt;")
	assert.Contains(t, page, "expected &#34;&lt;ok/&gt;&#34;")
	assert.True(t, strings.Index(page, "exchange 1 of 2") < strings.Index(page, "actual exchange (2 of 2)"),
		"earlier exchanges first, the actual one last")
}

func TestCmdline(t *testing.T) {
	assert.Equal(t, "livemsg run --tags '@op:X && ~@mock' --out 'my dir' --x 'it'\\''s'",
		cmdline([]string{"run", "--tags", "@op:X && ~@mock", "--out", "my dir", "--x", "it's"}))
}
