package reports

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/livemsg/livemsg/load"
)

// profileSection copies a profile run, every number finite so that
// summary.json always encodes. It is nil when no profile ran.
func profileSection(in *load.ProfileResult) *load.ProfileResult {
	if in == nil {
		return nil
	}
	p := *in
	p.PlannedS, p.DurationS = finite(p.PlannedS), finite(p.DurationS)
	p.Overall = finiteFigures(p.Overall)
	p.Stages = append([]load.StageFigures{}, in.Stages...)
	for i := range p.Stages {
		st := &p.Stages[i]
		st.Figures = finiteFigures(st.Figures)
		st.StartS, st.DurationS, st.FromRate, st.ToRate = finite(st.StartS), finite(st.DurationS), finite(st.FromRate), finite(st.ToRate)
		st.Thresholds = finiteThresholds(st.Thresholds)
	}
	p.Operations = append([]load.OperationFigures{}, in.Operations...)
	for i := range p.Operations {
		op := &p.Operations[i]
		op.Figures, op.Weight, op.Share = finiteFigures(op.Figures), finite(op.Weight), finite(op.Share)
		op.Timeline = finiteSeconds(op.Timeline)
	}
	p.Thresholds = finiteThresholds(in.Thresholds)
	p.Timeline = finiteSeconds(in.Timeline)
	return &p
}

func finiteFigures(f load.Figures) load.Figures {
	for _, v := range []*float64{&f.PlannedRate, &f.AchievedRate, &f.ThrottledShare, &f.ErrorShare, &f.P50ms, &f.P90ms, &f.P95ms, &f.P99ms, &f.MaxMs} {
		*v = finite(*v)
	}
	return f
}

func finiteThresholds(in []load.ThresholdResult) []load.ThresholdResult {
	out := make([]load.ThresholdResult, 0, len(in))
	for _, t := range in {
		t.Below, t.Value, t.AfterS = finite(t.Below), finite(t.Value), finite(t.AfterS)
		out = append(out, t)
	}
	return out
}

func finiteSeconds(in []load.Second) []load.Second {
	out := make([]load.Second, 0, len(in))
	for _, s := range in {
		s.T, s.P50ms, s.P95ms, s.P99ms = finite(s.T), finite(s.P50ms), finite(s.P95ms), finite(s.P99ms)
		out = append(out, s)
	}
	return out
}

// profileReasons says why a profile run fails the verdict: each broken
// threshold, and an abort.
func profileReasons(p *load.ProfileResult) []string {
	var out []string
	if p == nil {
		return out
	}
	if p.Aborted != "" {
		out = append(out, "profile stopped early: "+p.Aborted)
	}
	for _, t := range p.Thresholds {
		switch {
		case t.NoData:
			out = append(out, fmt.Sprintf("profile threshold %s (%s): not judged, no answers to judge it on", t.Threshold, t.Scope))
		case !t.Held:
			out = append(out, fmt.Sprintf("profile threshold %s (%s): broken at %s", t.Threshold, t.Scope, metricText(t.Metric, t.Value)))
		}
	}
	return out
}

func metricText(metric string, v float64) string {
	if strings.HasSuffix(metric, "_ms") {
		return num(v) + " ms"
	}
	return num(math.Round(v*1e4)/1e4*100) + "%"
}

// profile charts share the time axis: seconds since the first stage,
// each stage a band.
func profileBands(p *load.ProfileResult) []band {
	var out []band
	for _, st := range p.Stages {
		label := fmt.Sprintf("%d: %s→%s/s", st.Stage, num(st.FromRate), num(st.ToRate))
		out = append(out, band{from: st.StartS, to: st.StartS + st.DurationS, label: label})
	}
	return out
}

func profileSamples(tl []load.Second) []sample {
	out := make([]sample, 0, len(tl))
	for _, s := range tl {
		out = append(out, sample{t: s.T + 0.5, served: float64(s.Served), throttled: float64(s.Throttled), other: float64(s.Errors),
			p50: s.P50ms, p99: s.P95ms})
	}
	return out
}

// arrivalChart draws the arrivals of each second, stacked as served,
// throttled and errors, under the planned arrival rate (dashed).
func arrivalChart(p *load.ProfileResult) template.HTML {
	samples := profileSamples(p.Timeline)
	if len(samples) == 0 {
		return noTimeline
	}
	hi := 1.0
	for i, s := range samples {
		hi = math.Max(hi, math.Max(s.served+s.throttled+s.other, float64(p.Timeline[i].Planned)))
	}
	c := newChart(samples, profileBands(p), hi*1.08, "requests per second", "Arrivals per second: served, throttled, errors, and the planned rate")
	c.stackAnswers()
	planned := make([]sample, len(samples))
	for i, s := range samples {
		planned[i] = sample{t: s.t, served: float64(p.Timeline[i].Planned)}
	}
	c.samples = planned
	c.line("line limit", servedOf)
	return c.end()
}

// opColors tell the operations apart in the per-operation charts.
var opColors = []string{"#2563eb", "#16a34a", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#dc2626", "#475569", "#a16207"}

// latencyByOpChart draws each operation's p95 latency per second, and a
// line for each latency threshold.
func latencyByOpChart(p *load.ProfileResult) template.HTML {
	return perOpChart(p, "p95 latency (ms)", "p95 latency of served answers per second, per operation",
		func(s load.Second) (float64, bool) { return s.P95ms, s.Served > 0 }, nil,
		func(metric string) bool { return strings.HasSuffix(metric, "_ms") }, 1)
}

// throttledByOpChart draws each operation's throttled share per second,
// the error share of all of them (dashed red), and a line for each share
// threshold.
func throttledByOpChart(p *load.ProfileResult) template.HTML {
	return perOpChart(p, "share of answers (%)", "throttled share per second per operation, and the error share",
		func(s load.Second) (float64, bool) {
			if s.Sent == 0 {
				return 0, false
			}
			return 100 * float64(s.Throttled) / float64(s.Sent), true
		},
		func(s load.Second) (float64, bool) {
			if s.Sent == 0 {
				return 0, false
			}
			return 100 * float64(s.Errors) / float64(s.Sent), true
		},
		func(metric string) bool { return strings.HasSuffix(metric, "_share") }, 100)
}

// perOpChart draws value per second for each operation (and extra of the
// whole run, dashed, when not nil), with a line for each threshold whose
// metric is drawn.
func perOpChart(p *load.ProfileResult, yTitle, title string, value, extra func(load.Second) (float64, bool), drawn func(string) bool, scale float64) template.HTML {
	samples := profileSamples(p.Timeline)
	if len(samples) == 0 {
		return noTimeline
	}
	hi := 0.0
	for _, op := range p.Operations {
		for _, s := range op.Timeline {
			if v, ok := value(s); ok {
				hi = math.Max(hi, v)
			}
		}
	}
	// one line per threshold as written: a per-operation one is drawn once
	var limits []load.ThresholdResult
	index := map[string]int{}
	for _, t := range p.Thresholds {
		if !drawn(t.Metric) {
			continue
		}
		key := fmt.Sprintf("%d %s", t.Line, t.Threshold)
		if i, ok := index[key]; ok {
			limits[i].Scope = "each operation"
			continue
		}
		index[key] = len(limits)
		limits = append(limits, t)
		hi = math.Max(hi, t.Below*scale)
	}
	if extra != nil {
		for _, s := range p.Timeline {
			if v, ok := extra(s); ok {
				hi = math.Max(hi, v)
			}
		}
	}
	c := newChart(samples, profileBands(p), math.Max(hi, 1e-3)*1.1, yTitle, title)
	for i, op := range p.Operations {
		var pts []string
		for _, s := range op.Timeline {
			v, ok := value(s)
			if !ok {
				if len(pts) > 0 {
					c.polyline(pts, opColors[i%len(opColors)])
					pts = nil
				}
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", c.x.px(s.T+0.5), c.y.px(v)))
		}
		c.polyline(pts, opColors[i%len(opColors)])
	}
	if extra != nil {
		var pts []string
		for _, s := range p.Timeline {
			if v, ok := extra(s); ok {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", c.x.px(s.T+0.5), c.y.px(v)))
			}
		}
		c.polyline(pts, "#ef4444;stroke-dasharray:4 3")
	}
	for _, t := range limits {
		y := c.y.px(t.Below * scale)
		fmt.Fprintf(&c.b, `<line class="limit" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, plotLeft, y, plotRight, y)
		fmt.Fprintf(&c.b, `<text class="limit-label" x="%.1f" y="%.1f">%s (%s)</text>`, plotLeft+6, y-5, esc(t.Threshold), esc(t.Scope))
	}
	return c.end()
}

func (c *chart) polyline(pts []string, color string) {
	if len(pts) == 0 {
		return
	}
	fmt.Fprintf(&c.b, `<polyline class="line" fill="none" style="stroke:%s" points="%s"/>`, color, strings.Join(pts, " "))
}

// opColor is the color of the i-th operation's line, for the legend.
func opColor(i int) template.CSS {
	return template.CSS("background:" + opColors[i%len(opColors)]) //nolint:gosec // a constant of this file
}
