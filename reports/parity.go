package reports

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

// Parity is the parity section as plain data: what recordings of a target
// were replayed against, each recording with its date and differences, and
// the counts per operation.
type Parity struct {
	Against    string            `json:"against"`
	Differs    bool              `json:"differs"`
	Recordings []ParityRecording `json:"recordings"`
	Ops        []ParityOp        `json:"ops"` // the last one is the total
}

// ParityRecording is one cassette's comparison.
type ParityRecording struct {
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	Target      string    `json:"target"`
	Endpoint    string    `json:"endpoint"`
	Livemsg     string    `json:"livemsg"`
	Recorded    time.Time `json:"recorded"`
	Outcome     string    `json:"outcome"`              // on the recorded target
	Assumption  string    `json:"assumption,omitempty"` // confirmed, refuted or ""
	Differs     bool      `json:"differs"`
	Differences []string  `json:"differences,omitempty"`
	NotResent   []string  `json:"not_resent,omitempty"` // exchanges refused in the recording for an envelope cause, with why
	// LeftOut says what of a list answer was not compared and why (a
	// recording of a real target: what others made in the same account).
	LeftOut []string `json:"left_out,omitempty"`
}

// ParityOp counts the exchanges of one operation: its parity score.
type ParityOp struct {
	Op        string `json:"op"`
	Compared  int    `json:"compared"`
	Identical int    `json:"identical"`
	Different int    `json:"different"`
	NotResent int    `json:"not_resent,omitempty"` // refused in the recording for an envelope cause (key, nonce, signature, rate)
	// Score is the share of the compared exchanges that were identical
	// (0 when none was).
	Score float64 `json:"score"`
	// LatestReal is the date of the newest recording on a real account
	// with an exchange of the operation compared; nil: NeverReal.
	LatestReal *time.Time `json:"latest_real_evidence"`
}

// NeverReal is what the score of an operation no recording on a real
// account had says (as parity.NeverReal in livemsg parity's text).
const NeverReal = "never seen on a real account"

// Evidence is a recording that confirms or refutes an @assumption
// scenario: the scenario's outcome on a real target, as recorded.
type Evidence struct {
	Verdict  string    `json:"verdict"` // confirmed or refuted
	Recorded time.Time `json:"recorded"`
	Endpoint string    `json:"endpoint"`
}

// ParityTally counts the recordings of the parity section.
type ParityTally struct {
	Recordings int `json:"recordings"`
	Identical  int `json:"identical"`
	Different  int `json:"different"`
	Confirmed  int `json:"confirmed"` // @assumption scenarios a recording confirmed
	Refuted    int `json:"refuted"`
}

// attachEvidence gives each @assumption scenario the recordings that
// confirm or refute it (matched by name) and counts the recordings.
func (s *Summary) attachEvidence(p *Parity) {
	t := &ParityTally{}
	for _, r := range p.Recordings {
		t.Recordings++
		if r.Differs {
			t.Different++
		} else {
			t.Identical++
		}
		if r.Assumption == "" {
			continue
		}
		for i := range s.Assumptions {
			if a := &s.Assumptions[i]; a.Name == r.Name {
				a.Evidence = append(a.Evidence, Evidence{Verdict: r.Assumption, Recorded: r.Recorded.UTC(), Endpoint: r.Endpoint})
			}
		}
		switch r.Assumption {
		case Confirmed:
			t.Confirmed++
		case Refuted:
			t.Refuted++
		}
	}
	s.Counts.Parity = t
}

// What a recording on a real target says of an @assumption scenario.
const (
	Confirmed = "confirmed"
	Refuted   = "refuted"
)

var parityHTML = template.Must(template.New("parity").Funcs(template.FuncMap{
	"when":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"day":     func(t *time.Time) string { return t.UTC().Format(time.DateOnly) },
	"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"never":   func() string { return NeverReal },
	"upper":   strings.ToUpper,
}).Parse(`<section id="parity">
<h2>Parity: recordings replayed against the emulator</h2>
<p>Replayed against {{.Against}}. {{if .Differs}}<strong>Differences found.</strong>{{else}}Every exchange identical after masking.{{end}}</p>
<p>Parity score per operation: of the exchanges compared, how many were identical, and when a recording on a real account last showed the operation.</p>
<div class="card flush"><table class="parity-ops"><thead><tr><th>operation</th><th class="num">compared</th><th class="num">identical</th><th class="num">different</th><th class="num" title="refused in the recording for a cause a recording does not keep (the key, nonce, signature or rate): not sent again">not resent</th><th class="num">score</th><th>latest real evidence</th></tr></thead><tbody>
{{range .Ops}}<tr><td>{{.Op}}</td><td class="num">{{.Compared}}</td><td class="num">{{.Identical}}</td><td class="num{{if .Different}} c-fail{{end}}">{{.Different}}</td><td class="num">{{.NotResent}}</td><td class="num">{{if .Compared}}{{percent .Score}}{{else}}&ndash;{{end}}</td><td>{{if .LatestReal}}{{day .LatestReal}}{{else}}<span class="muted">{{never}}</span>{{end}}</td></tr>
{{end}}</tbody></table></div>
{{range .Recordings}}<article class="parity-recording">
<h3>{{.Kind}}: {{.Name}}</h3>
<p>Recorded {{when .Recorded}} on {{.Target}} ({{.Endpoint}}) by livemsg {{.Livemsg}}; outcome there: {{.Outcome}}.
{{if .Assumption}}<strong>@assumption {{upper .Assumption}}</strong> by this recording.{{end}}
{{if .Differs}}Differs from the emulator:{{else}}Identical to the emulator.{{end}}</p>
{{if .Differences}}<ul>{{range .Differences}}<li><code>{{.}}</code></li>{{end}}</ul>{{end}}
{{if .NotResent}}<p>Not sent again:</p><ul>{{range .NotResent}}<li><code>{{.}}</code></li>{{end}}</ul>{{end}}
{{if .LeftOut}}<p>Left out of the comparison:</p><ul>{{range .LeftOut}}<li>{{.}}</li>{{end}}</ul>{{end}}
</article>
{{end}}</section>`))

// ParitySection renders the parity section alone, for a page of its own or
// for the main report.
func ParitySection(p Parity) (template.HTML, error) {
	var b strings.Builder
	if err := parityHTML.Execute(&b, p); err != nil {
		return "", fmt.Errorf("parity section: %w", err)
	}
	return template.HTML(b.String()), nil // #nosec: rendered by html/template
}

// WriteParityHTML writes a self-contained page with the parity section.
func WriteParityHTML(w io.Writer, p Parity) error {
	sec, err := ParitySection(p)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>livemsg parity</title><style>%s</style></head><body><main>%s</main></body></html>\n",
		reportCSS, sec)
	if err != nil {
		return fmt.Errorf("write parity.html: %w", err)
	}
	return nil
}
