package reports

import (
	"bytes"
	"regexp"
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
