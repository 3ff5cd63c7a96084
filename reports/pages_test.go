package reports

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderedPages renders every page the package makes, from every kind of
// run: the sample, with a baseline, with parity, a profile alone, a run
// where nothing ran, and the parity page of livemsg parity.
func renderedPages(t *testing.T) map[string]string {
	t.Helper()
	pages := map[string]string{}
	add := func(name string, write func(*bytes.Buffer) error) {
		var b bytes.Buffer
		require.NoError(t, write(&b), "render %s", name)
		pages[name] = b.String()
	}
	for name, in := range map[string]Input{
		"sample":       Sample(),
		"baseline":     sampleWithBaseline(),
		"parity":       sampleWithParity(),
		"profile only": {Target: "emulator", Profile: sampleProfile()},
		"nothing ran":  {Target: "emulator"},
	} {
		add("report.html of "+name, func(b *bytes.Buffer) error { return WriteHTML(b, Build(in)) })
	}
	add("parity.html", func(b *bytes.Buffer) error { return WriteParityHTML(b, *sampleWithParity().Parity) })
	return pages
}

var (
	scriptOrStyle = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>`)
	// verbatim is what the page quotes as it came (an exchange, an error
	// message, a command line): a JSON array there is data, not a Go value.
	verbatim = regexp.MustCompile(`(?s)<(pre|code)\b.*?</(pre|code)>`)
	anyTag   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// visibleText is what a reader sees of a page: no script, style, tag or
// attribute, entities decoded.
func visibleText(page string) string {
	page = scriptOrStyle.ReplaceAllString(page, " ")
	page = verbatim.ReplaceAllString(page, " ")
	return html.UnescapeString(anyTag.ReplaceAllString(page, " "))
}

// TestNoRawGoValues: no page shows a value as Go prints it (a slice's
// brackets, a map, a bad verb) or a Stringer's parentheses inside
// another's; values are in words and units. What the page quotes verbatim
// (<pre>, <code>) is data and is not read.
func TestNoRawGoValues(t *testing.T) {
	for name, page := range renderedPages(t) {
		t.Run(name, func(t *testing.T) {
			text := visibleText(page)
			for _, raw := range []string{"[", "map[", "%!", "<nil>", "&{"} {
				if i := strings.Index(text, raw); i >= 0 {
					t.Errorf("visible text shows %q, a raw Go value: …%s…", raw, text[max(i-80, 0):min(i+80, len(text))])
				}
			}
			depth := 0
			for i, r := range text {
				switch r {
				case '(':
					if depth++; depth > 1 {
						t.Errorf("visible text nests parentheses: …%s…", text[max(i-80, 0):min(i+80, len(text))])
					}
				case ')':
					depth = max(depth-1, 0)
				case '\n':
					depth = 0
				}
			}
		})
	}
}

// TestEveryPolylineUnfilled: a polyline is a line; SVG fills one black
// unless told not to, which blacked out the profile's arrival chart.
func TestEveryPolylineUnfilled(t *testing.T) {
	polyline := regexp.MustCompile(`<polyline\b[^>]*>`)
	for name, page := range renderedPages(t) {
		t.Run(name, func(t *testing.T) {
			for _, p := range polyline.FindAllString(page, -1) {
				assert.Contains(t, p, `fill="none"`, "every polyline is unfilled")
			}
		})
	}
}
