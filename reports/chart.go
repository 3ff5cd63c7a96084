package reports

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/livemsg/livemsg/load"
)

// Chart geometry, in SVG user units (the page scales the SVG to its card).
const (
	chartW, chartH             = 600.0, 270.0
	padL, padR, padT, padB     = 56.0, 18.0, 30.0, 44.0
	plotLeft, plotRight        = padL, chartW - padR
	plotTop, plotBottom        = padT, chartH - padB
	yTicks                 int = 5
)

// band is one step of a ladder laid on the time axis.
type band struct {
	from, to float64 // seconds
	label    string
}

// sample is one second of an operation's ladder, at the middle of its bucket.
type sample struct {
	t                        float64
	served, throttled, other float64
	p50, p99                 float64
}

// timeline lays an operation's steps end to end: the points in order, at the
// middle of their one-second buckets, and the band of each step. Points
// whose T restarts at 0 in each step (seconds since the step began) are
// shifted after the previous step, so either convention draws the same.
// A step's band is as wide as the step; answers to requests sent in its last
// instant (a bucket at or after its end) count in its last second, not as a
// second of their own between steps.
func timeline(op load.OperationResult) ([]sample, []band) {
	var samples []sample
	var bands []band
	cursor, prevLast := 0.0, math.Inf(-1)
	for _, st := range op.Steps {
		start := cursor
		offset := 0.0
		if n := len(st.Timeline); n > 0 {
			first, last := st.Timeline[0].T, st.Timeline[n-1].T
			if first < prevLast { // T counts from this step's start
				offset = cursor - first
			}
			start = math.Max(first+offset, cursor)
			prevLast = last + offset
		}
		end := start + st.DurationS
		inStep := 0
		for _, p := range st.Timeline {
			s := sample{
				t: p.T + offset + 0.5, served: float64(p.Served), throttled: float64(p.Throttled),
				other: float64(p.Other), p50: p.P50ms, p99: p.P99ms,
			}
			if inStep > 0 && s.t-0.5 >= end-1e-9 {
				fold(&samples[len(samples)-1], s)
				continue
			}
			samples = append(samples, s)
			inStep++
		}
		bands = append(bands, band{from: start, to: end, label: "up to " + num(st.Rate) + "/s"})
		cursor = end
	}
	return samples, bands
}

// fold adds a straggler bucket's answers to the step's last second; its
// latencies stand only when that second had none.
func fold(into *sample, s sample) {
	into.served += s.served
	into.throttled += s.throttled
	into.other += s.other
	if into.p50 == 0 && into.p99 == 0 {
		into.p50, into.p99 = s.p50, s.p99
	}
}

// throughputChart draws served, throttled and other answers per second,
// stacked, with a dashed line at the documented QPS.
func throughputChart(op load.OperationResult) template.HTML {
	samples, bands := timeline(op)
	if len(samples) == 0 {
		return noTimeline
	}
	hi := float64(op.DocumentedQPS)
	for _, s := range samples {
		hi = math.Max(hi, s.served+s.throttled+s.other)
	}
	c := newChart(samples, bands, hi*1.08, "requests per second",
		fmt.Sprintf("%s: served and throttled requests per second", op.Operation))
	c.stackAnswers()
	c.line("line served", servedOf)
	if op.DocumentedQPS > 0 {
		y := c.y.px(float64(op.DocumentedQPS))
		fmt.Fprintf(&c.b, `<line class="limit" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, plotLeft, y, plotRight, y)
		fmt.Fprintf(&c.b, `<text class="limit-label" x="%.1f" y="%.1f">documented %s/s</text>`,
			plotLeft+6, y-5, num(float64(op.DocumentedQPS)))
	}
	return c.end()
}

// stackAnswers draws each second's answers stacked, as stepped areas
// (served, then throttled, then other errors), with a line on their total.
func (c *chart) stackAnswers() {
	withThrottled := func(s sample) float64 { return s.served + s.throttled }
	total := func(s sample) float64 { return s.served + s.throttled + s.other }
	zero := func(sample) float64 { return 0 }
	c.stepped = true
	c.area("area other", withThrottled, total)
	c.area("area throttled", servedOf, withThrottled)
	c.area("area served", zero, servedOf)
	c.line("line total", total)
}

func servedOf(s sample) float64 { return s.served }

// latencyChart draws the p50 and p99 latency of each second.
func latencyChart(op load.OperationResult) template.HTML {
	samples, bands := timeline(op)
	if len(samples) == 0 {
		return noTimeline
	}
	hi := 0.0
	for _, s := range samples {
		hi = math.Max(hi, math.Max(s.p50, s.p99))
	}
	c := newChart(samples, bands, hi*1.1, "latency (ms)",
		fmt.Sprintf("%s: latency p50 and p99 per second", op.Operation))
	// a second with no served answer has no latency: a gap, not 0 ms
	c.skip = func(s sample) bool { return s.p50 == 0 && s.p99 == 0 }
	p50 := func(s sample) float64 { return s.p50 }
	p99 := func(s sample) float64 { return s.p99 }
	c.area("area p99", p50, p99)
	c.line("line p99", p99)
	c.line("line p50", p50)
	return c.end()
}

const noTimeline = template.HTML(`<p class="muted">No per-second timeline was recorded.</p>`)

// chart is an SVG being written: frame, axes and step bands first, then the
// series, then end closes it.
type chart struct {
	b       strings.Builder
	samples []sample
	x, y    axis
	stepped bool              // draw each sample across its whole second
	skip    func(sample) bool // samples not drawn (nil: none)
}

func newChart(samples []sample, bands []band, hi float64, yTitle, title string) *chart {
	span := samples[len(samples)-1].t + 0.5
	if n := len(bands); n > 0 {
		span = math.Max(span, bands[n-1].to)
	}
	c := &chart{samples: samples, x: newAxis(span, 5, plotLeft, plotRight), y: newAxis(hi, yTicks, plotBottom, plotTop)}
	c.x.max = span // the time axis ends with the data, ticks stay round
	fmt.Fprintf(&c.b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s"><title>%s</title>`,
		chartW, chartH, esc(title), esc(title))
	c.bands(bands)
	c.axes(yTitle)
	return c
}

func (c *chart) bands(bands []band) {
	for i, b := range bands {
		x0, x1 := c.x.px(b.from), c.x.px(b.to)
		if i%2 == 1 {
			fmt.Fprintf(&c.b, `<rect class="band" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`,
				x0, plotTop, x1-x0, plotBottom-plotTop)
		}
		if i > 0 {
			fmt.Fprintf(&c.b, `<line class="band-edge" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, x0, plotTop-14, x0, plotBottom)
		}
		fmt.Fprintf(&c.b, `<text class="band-label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`,
			(x0+x1)/2, plotTop-10, esc(b.label))
	}
}

func (c *chart) axes(yTitle string) {
	for _, v := range c.y.ticks() {
		y := c.y.px(v)
		fmt.Fprintf(&c.b, `<line class="grid" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, plotLeft, y, plotRight, y)
		fmt.Fprintf(&c.b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, plotLeft-6, y+4, num(v))
	}
	for _, v := range c.x.ticks() {
		if v > c.x.max+1e-9 {
			break
		}
		x := c.x.px(v)
		fmt.Fprintf(&c.b, `<line class="axis" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, x, plotBottom, x, plotBottom+4)
		fmt.Fprintf(&c.b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%ss</text>`, x, plotBottom+17, num(v))
	}
	fmt.Fprintf(&c.b, `<line class="axis" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, plotLeft, plotBottom, plotRight, plotBottom)
	fmt.Fprintf(&c.b, `<line class="axis" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, plotLeft, plotTop, plotLeft, plotBottom)
	fmt.Fprintf(&c.b, `<text class="axis-title" x="%.1f" y="%.1f" text-anchor="middle">time since the first step (s)</text>`,
		(plotLeft+plotRight)/2, chartH-6)
	fmt.Fprintf(&c.b, `<text class="axis-title" transform="translate(14 %.1f) rotate(-90)" text-anchor="middle">%s</text>`,
		(plotTop+plotBottom)/2, esc(yTitle))
}

// xs are the times a sample is drawn at: the middle of its second, or, for
// counts (stepped), the whole second, so that each second reads as one flat
// segment.
func (c *chart) xs(s sample) []float64 {
	if c.stepped {
		return []float64{s.t - 0.5, s.t + 0.5}
	}
	return []float64{s.t}
}

// runs splits the samples where the series break: across a gap between
// steps (more than a second between samples) and at skipped samples, so
// that nothing is drawn where nothing was measured.
func (c *chart) runs() [][]sample {
	var out [][]sample
	var cur []sample
	for _, s := range c.samples {
		if c.skip != nil && c.skip(s) {
			if len(cur) > 0 {
				out, cur = append(out, cur), nil
			}
			continue
		}
		if n := len(cur); n > 0 && s.t-cur[n-1].t > 1+1e-6 {
			out, cur = append(out, cur), nil
		}
		cur = append(cur, s)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// area fills between two series, lo below hi, one shape per run.
func (c *chart) area(class string, lo, hi func(sample) float64) {
	var d strings.Builder
	for _, run := range c.runs() {
		cmd := "M"
		for _, s := range run {
			for _, x := range c.xs(s) {
				fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, c.x.px(x), c.y.px(hi(s)))
				cmd = "L"
			}
		}
		for i := len(run) - 1; i >= 0; i-- {
			s := run[i]
			xs := c.xs(s)
			for j := len(xs) - 1; j >= 0; j-- {
				fmt.Fprintf(&d, "L%.1f %.1f ", c.x.px(xs[j]), c.y.px(lo(s)))
			}
		}
		d.WriteString("Z")
	}
	fmt.Fprintf(&c.b, `<path class="%s" d="%s"/>`, class, d.String())
}

// line draws one series as a polyline per run. Each is unfilled in its
// own markup, not only by the stylesheet: SVG fills a polyline black by
// default, and a class the stylesheet misses (the profile's planned rate
// was "limit") blacked out a whole chart.
func (c *chart) line(class string, f func(sample) float64) {
	for _, run := range c.runs() {
		var pts []string
		for _, s := range run {
			for _, x := range c.xs(s) {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", c.x.px(x), c.y.px(f(s))))
			}
		}
		fmt.Fprintf(&c.b, `<polyline class="%s" fill="none" points="%s"/>`, class, strings.Join(pts, " "))
	}
}

func (c *chart) end() template.HTML {
	c.b.WriteString(`</svg>`)
	return template.HTML(c.b.String()) //nolint:gosec // every text in it went through esc
}

func esc(s string) string { return html.EscapeString(s) }
