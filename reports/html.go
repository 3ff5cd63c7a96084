package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
)

//go:embed templates/report.html.tmpl
var reportTemplate string

//go:embed templates/style.css
var reportCSS string

var reportHTML = template.Must(template.New("report").Funcs(template.FuncMap{
	"throughput":  throughputChart,
	"latency":     latencyChart,
	"arrivals":    arrivalChart,
	"opLatency":   latencyByOpChart,
	"opThrottled": throttledByOpChart,
	"opColor":     opColor,
	"addf":        func(a, b float64) float64 { return a + b },
	"pct100":      func(f float64) string { return num(math.Round(f*1e4) / 100) },
	"dur":         humanDuration,
	"num":         num,
	"when":        func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"pass":        isPass,
	"verdict":     verdictClass,
	"tagClass":    tagClass,
	"statusIcon":  statusIcon,
	"codeClass":   func(status string) string { return "cov-" + strings.ReplaceAll(status, " ", "-") },
	"pillClass":   pillClass,
	"add":         func(a, b int) int { return a + b },
	"errors":      func(n int) string { return plural(n, "error", "errors") },
	"pct":         pct,
	"plus1":       func(i int) int { return i + 1 },
	"isLast":      func(i int, list []string) bool { return i == len(list)-1 },
	"join":        strings.Join,
	"anchor":      anchor,
	"cmdline":     cmdline,
	"lower":       strings.ToLower,
	"causeOf":     func(ScenarioResult) causeInfo { return causeInfo{} }, // set per page in WriteHTML
	"deref":       func(b *bool) bool { return b != nil && *b },
	"counted":     countedText,
	"floors":      LatencyFloors,
}).Parse(reportTemplate))

// WriteHTML renders s as report.html: one self-contained page (styles
// inline, charts as inline SVG, no outside reference) that works offline.
// A small inline script filters the scenarios; without it the page reads
// the same, unfiltered.
func WriteHTML(w io.Writer, s Summary) error {
	p := newPage(s)
	if s.Parity != nil {
		sec, err := ParitySection(*s.Parity)
		if err != nil {
			return err
		}
		p.ParityHTML = sec
	}
	t := template.Must(reportHTML.Clone()).Funcs(template.FuncMap{
		"causeOf": func(r ScenarioResult) causeInfo { return p.causeOf[anchor(r)] },
	})
	if err := t.Execute(w, p); err != nil {
		return fmt.Errorf("write report.html: %w", err)
	}
	return nil
}

// page is what the template renders: the summary, the stylesheet and the
// coverage matrix laid out as a grid.
type page struct {
	Summary
	CSS     template.CSS
	Columns []string // every product code, in the order the contract lists them
	Matrix  []matrixRow
	// Failures links the verdict to each failed scenario, Errors to each
	// that got no Alibaba answer.
	Failures []scenarioLink
	Errors   []scenarioLink
	// Causes groups the failures by cause; causeOf finds a failed
	// scenario's cause by its anchor.
	Causes  []cause
	causeOf map[string]causeInfo
	Tags    []string // every tag of the scenarios, for the filter
	// ParityHTML is the parity section (run --parity), rendered as
	// livemsg parity renders it.
	ParityHTML template.HTML
	// PassText says what held, of what ran, when the verdict is pass.
	PassText string
}

// causeInfo is what a failed scenario's row says of its cause.
type causeInfo struct {
	Count                  int  // scenarios that failed with it
	First                  bool // this row shows the cause in full
	FirstName, FirstAnchor string
}

// scenarioLink names a scenario and the id of its row in the page.
type scenarioLink struct{ Name, Anchor string }

type matrixRow struct {
	Operation      string
	QPS            int
	Ran, Scenarios int
	Cells          []matrixCell
}

type matrixCell struct {
	Documented bool // false: the operation's page does not list the code
	CodeCoverage
}

func newPage(s Summary) page {
	p := page{Summary: s, CSS: template.CSS(reportCSS)} //nolint:gosec // our own embedded file
	for _, f := range s.Features {
		p.Failures = appendStatus(p.Failures, f.Scenarios, Failed)
		p.Errors = appendStatus(p.Errors, f.Scenarios, Errored)
	}
	p.Failures = appendStatus(p.Failures, s.Assumptions, Failed)
	p.Errors = appendStatus(p.Errors, s.Assumptions, Errored)
	var byAnchor map[string]int
	p.Causes, byAnchor = causes(s)
	p.causeOf = map[string]causeInfo{}
	for a, i := range byAnchor {
		c := p.Causes[i]
		p.causeOf[a] = causeInfo{Count: len(c.Scenarios), First: c.Scenarios[0].Anchor == a,
			FirstName: c.Scenarios[0].Name, FirstAnchor: c.Scenarios[0].Anchor}
	}
	p.Tags = allTags(s)
	p.PassText = passText(s)
	seen := map[string]bool{}
	for _, row := range s.Coverage {
		for _, c := range row.Codes {
			if !seen[c.Code] {
				seen[c.Code] = true
				p.Columns = append(p.Columns, c.Code)
			}
		}
	}
	for _, row := range s.Coverage {
		byCode := map[string]CodeCoverage{}
		for _, c := range row.Codes {
			byCode[c.Code] = c
		}
		mr := matrixRow{Operation: row.Operation, QPS: row.QPS, Ran: row.Ran, Scenarios: row.Scenarios}
		for _, code := range p.Columns {
			c, ok := byCode[code]
			mr.Cells = append(mr.Cells, matrixCell{Documented: ok, CodeCoverage: c})
		}
		p.Matrix = append(p.Matrix, mr)
	}
	return p
}

// humanDuration writes seconds as people read them: 850 ms, 12.3 s, 1 min 32 s.
func humanDuration(sec float64) string {
	switch {
	case sec < 1:
		return fmt.Sprintf("%.0f ms", sec*1000)
	case sec < 60:
		return fmt.Sprintf("%.1f s", sec)
	default:
		d := time.Duration(math.Round(sec)) * time.Second
		return fmt.Sprintf("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
	}
}

func verdictClass(v string) string {
	if isPass(v) {
		return "pass"
	}
	return "fail"
}

// tagClass colours a tag by kind: the operation, the error code, the rest.
func tagClass(tag string) string {
	switch {
	case strings.HasPrefix(tag, tagOp):
		return "tag-op"
	case strings.HasPrefix(tag, tagCode):
		return "tag-code"
	default:
		return "tag"
	}
}

// pillClass colours a scenario's status.
func pillClass(status string) string {
	switch status {
	case Passed:
		return "pass"
	case Skipped:
		return "skip"
	case Errored:
		return "err"
	}
	return "fail"
}

func statusIcon(status string) string {
	switch status {
	case Passed, Reproduced:
		return "✓"
	case Skipped:
		return "–"
	case NotCovered:
		return "○"
	case Errored:
		return "⚠"
	default:
		return "✗"
	}
}

// pct is part of whole as a whole percentage, 0 when whole is 0.
func pct(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return int(math.Round(100 * float64(part) / float64(whole)))
}

func appendStatus(links []scenarioLink, scenarios []ScenarioResult, status string) []scenarioLink {
	for _, r := range scenarios {
		if r.Status == status {
			links = append(links, scenarioLink{Name: r.Name, Anchor: anchor(r)})
		}
	}
	return links
}

// anchor is the id of a scenario's row: its feature and name, lower case,
// runs of anything but letters and digits as one dash.
func anchor(r ScenarioResult) string {
	var b strings.Builder
	b.WriteString("scenario")
	dash := true
	for _, c := range strings.ToLower(r.Feature + " " + r.Name) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if dash {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// passText says what held, naming only what ran: a profile alone is not
// "every scenario that ran passed".
func passText(s Summary) string {
	var held []string
	if s.Counts.Scenarios.Total > 0 {
		held = append(held, "every scenario that ran passed")
	}
	if s.Load != nil {
		held = append(held, "every load probe met its documented limit")
	}
	if s.Profile != nil {
		held = append(held, "every profile threshold held")
	}
	if len(held) == 0 {
		return "Nothing ran, so nothing failed."
	}
	text := held[0]
	if len(held) > 1 {
		text = strings.Join(held[:len(held)-1], ", ") + " and " + held[len(held)-1]
	}
	return strings.ToUpper(text[:1]) + text[1:] + "."
}

// countedText says what a probe counted in words: "cycles, served in
// each: 50, 49 and 50", not the Go slice [50 49 50].
func countedText(method string, counts []int) string {
	if len(counts) == 0 {
		return method + ": nothing counted"
	}
	words := make([]string, len(counts))
	for i, n := range counts {
		words[i] = fmt.Sprint(n)
	}
	list := words[0]
	if len(words) > 1 {
		list = strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
	}
	return method + ", served in each: " + list
}

// cmdline writes a command line as a shell would take it back: an argument
// with a space or a shell character in single quotes.
func cmdline(args []string) string {
	parts := []string{"livemsg"}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`!&|;<>()*?[]{}~#") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

func allTags(s Summary) []string {
	seen := map[string]bool{}
	var out []string
	add := func(rs []ScenarioResult) {
		for _, r := range rs {
			for _, t := range r.Tags {
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	for _, f := range s.Features {
		add(f.Scenarios)
	}
	add(s.Assumptions)
	sort.Strings(out)
	return out
}
