package reports

import (
	"regexp"
	"strings"
)

// cause is one reason several scenarios failed for: nine "connection
// refused" failures are one cause with a count, not nine boxes.
type cause struct {
	Text      string
	Scenarios []scenarioLink
}

// transportCauses are phrases that name a failure whatever the operation,
// port or id around them.
var transportCauses = []string{
	"connection refused", "connection reset", "no such host", "i/o timeout",
	"context deadline exceeded", "unexpected EOF", "EOF", "TLS handshake",
}

var (
	runNames = regexp.MustCompile(`\blm[a-z]{6}\d+\w*`)   // the suite's unique resource names
	hexIDs   = regexp.MustCompile(`\b[0-9A-Fa-f-]{8,}\b`) // request ids, nonces
	numbers  = regexp.MustCompile(`\d+(\.\d+)?`)          // ports, counts, durations
	spaces   = regexp.MustCompile(`\s+`)
)

// causeKey is what two failures with one cause share: a transport phrase
// when there is one, else the error's first line with names, ids and
// numbers blanked.
func causeKey(err string) string {
	for _, c := range transportCauses {
		if strings.Contains(err, c) {
			return c
		}
	}
	line, _, _ := strings.Cut(strings.TrimSpace(err), "\n")
	line = runNames.ReplaceAllString(line, "…")
	line = hexIDs.ReplaceAllString(line, "…")
	line = numbers.ReplaceAllString(line, "N")
	return spaces.ReplaceAllString(line, " ")
}

// causes groups failed scenarios and errors (no Alibaba answer) by
// causeKey, in order of first appearance; a cause of one scenario is
// listed too.
func causes(s Summary) ([]cause, map[string]int) {
	var out []cause
	index := map[string]int{}
	byAnchor := map[string]int{}
	add := func(r ScenarioResult) {
		if r.Status != Failed && r.Status != Errored {
			return
		}
		k := causeKey(r.Error)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, cause{Text: k})
		}
		out[i].Scenarios = append(out[i].Scenarios, scenarioLink{Name: r.Name, Anchor: anchor(r)})
		byAnchor[anchor(r)] = i
	}
	for _, f := range s.Features {
		for _, r := range f.Scenarios {
			add(r)
		}
	}
	for _, r := range s.Assumptions {
		add(r)
	}
	return out, byAnchor
}
