package load

import (
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/livemsg/livemsg/contract"
)

// Profile is a pre-release load run of the application's own traffic: an
// arrival rate in stages, a mix of operations, and the thresholds that
// judge the run. ParseProfile reads one from YAML.
type Profile struct {
	File      string  // where it was read from, for messages
	Name      string  // shown in the summary and the report
	StartRate float64 // the arrival rate at 0 s, requests per second
	Stages    []Stage
	Mix       []MixEntry // in the order the file lists them
	// Groups is how many groups are created (each with a joined member on
	// the emulator) before the first stage, so that the first sends,
	// mutes and deletes have a group to go to.
	Groups int
	// SendGroups are groups that users of the app have joined through the
	// messaging client SDK: on a real target the only groups a message can
	// be sent to (livemsg cannot join users there).
	SendGroups []string
	// SendUsers are users of the app who may receive the run's messages
	// (SendLiveMessageUser): on a real target the only receivers, as the
	// service sends only to a user who is online.
	SendUsers  []string
	Thresholds []Threshold
}

// Stage is one stage of arrival rate: it moves linearly from the rate the
// previous stage ended at (StartRate for the first) to Rate over Duration.
type Stage struct {
	Duration time.Duration
	Rate     float64
	Line     int
}

// MixEntry is one operation of the mix and its weight: it gets
// Weight / (sum of weights) of the arrivals.
type MixEntry struct {
	Operation string
	Weight    float64
	Line      int
}

// Threshold is one check of the verdict: Metric stays below Below, over
// the whole run, per operation (Per "operation") or for all of them
// together ("overall"), or for one Operation. An Abort threshold also
// stops the run once it has been broken for After.
type Threshold struct {
	Metric    string
	Below     float64
	Per       string // PerOverall or PerOperation
	Operation string // only this operation ("" = as Per says)
	Abort     bool
	After     time.Duration
	Line      int
}

// The scopes of a threshold.
const (
	PerOverall   = "overall"
	PerOperation = "operation"
)

// Metrics a threshold can hold below a value: latencies of served answers
// in milliseconds (nearest rank), and shares of the answers.
var Metrics = []string{"p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms", "error_share", "throttled_share"}

// Limits of a profile.
const (
	DefaultProfileGroups = 3
	maxProfileGroups     = 1000
	maxProfileDuration   = 24 * time.Hour
)

// ProfileError is one thing wrong with a profile: where, which field, what.
type ProfileError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *ProfileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ReadProfile reads and checks the profile in a file (see ParseProfile).
func ReadProfile(path string, c *contract.Contract) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	return ParseProfile(path, b, c)
}

// ParseProfile reads a profile from YAML and checks every field against
// the contract (c nil = contract.Default()). The error lists every problem
// found, each a *ProfileError naming the line and the field.
func ParseProfile(file string, src []byte, c *contract.Contract) (*Profile, error) {
	if c == nil {
		c = contract.Default()
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, syntaxError(file, err)
	}
	pp := &profileParser{file: file, c: c, p: &Profile{File: file, Groups: DefaultProfileGroups}}
	if len(doc.Content) == 0 {
		pp.fail(&doc, "", "the profile is empty: it needs stages, mix and thresholds")
		return nil, pp.err()
	}
	pp.top(doc.Content[0])
	if err := pp.err(); err != nil {
		return nil, err
	}
	return pp.p, nil
}

// syntaxError puts the YAML parser's message in the profile's terms: the
// file and line first.
func syntaxError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &ProfileError{File: file, Line: line, Msg: "not valid YAML: " + strings.TrimPrefix(msg, m[0])}
	}
	return &ProfileError{File: file, Msg: "not valid YAML: " + msg}
}

var lineRe = regexp.MustCompile(`^(?:\[\d+:\d+\] )?line (\d+): `)

type profileParser struct {
	file string
	c    *contract.Contract
	p    *Profile
	errs []error
}

func (pp *profileParser) fail(n *yaml.Node, field, format string, args ...any) {
	pp.errs = append(pp.errs, &ProfileError{File: pp.file, Line: n.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (pp *profileParser) err() error { return errors.Join(pp.errs...) }

// fields walks a mapping, calling each known key's parser; an unknown or
// repeated key is refused.
func (pp *profileParser) fields(n *yaml.Node, at string, known map[string]func(v *yaml.Node, field string)) {
	if n.Kind != yaml.MappingNode {
		pp.fail(n, at, "must be a mapping of %s", strings.Join(sortedKeys(known), ", "))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := k.Value
		if at != "" {
			field = at + "." + k.Value
		}
		parse, ok := known[k.Value]
		switch {
		case !ok:
			pp.fail(k, field, "unknown field (known: %s)", strings.Join(sortedKeys(known), ", "))
		case seen[k.Value]:
			pp.fail(k, field, "given twice")
		default:
			seen[k.Value] = true
			parse(v, field)
		}
	}
}

func (pp *profileParser) top(n *yaml.Node) {
	p := pp.p
	var stagesAt, mixAt, thresholdsAt *yaml.Node
	pp.fields(n, "", map[string]func(*yaml.Node, string){
		"name":        func(v *yaml.Node, f string) { p.Name = pp.str(v, f) },
		"start_rate":  func(v *yaml.Node, f string) { p.StartRate = pp.rate(v, f) },
		"stages":      func(v *yaml.Node, f string) { stagesAt = v; pp.stages(v, f) },
		"mix":         func(v *yaml.Node, f string) { mixAt = v; pp.mix(v, f) },
		"groups":      func(v *yaml.Node, f string) { p.Groups = pp.groups(v, f) },
		"send_groups": func(v *yaml.Node, f string) { p.SendGroups = pp.ids(v, f, "group") },
		"send_users":  func(v *yaml.Node, f string) { p.SendUsers = pp.ids(v, f, "user") },
		"thresholds":  func(v *yaml.Node, f string) { thresholdsAt = v; pp.thresholds(v, f) },
	})
	if n.Kind != yaml.MappingNode {
		return
	}
	for i, at := range []*yaml.Node{stagesAt, mixAt, thresholdsAt} {
		if at == nil {
			pp.fail(n, []string{"stages", "mix", "thresholds"}[i], "missing: a profile needs stages, mix and thresholds")
		}
	}
	if stagesAt != nil && len(p.Stages) > 0 {
		total := p.Duration()
		switch {
		case total > maxProfileDuration:
			pp.fail(stagesAt, "stages", "last %s in all, more than the %s a profile may last", total, maxProfileDuration)
		case p.PlannedRequests() == 0:
			pp.fail(stagesAt, "stages", "plan no request at all: every rate is 0")
		}
	}
	for _, th := range p.Thresholds {
		if th.Operation != "" && !slices.ContainsFunc(p.Mix, func(m MixEntry) bool { return m.Operation == th.Operation }) {
			pp.fail(&yaml.Node{Line: th.Line}, "thresholds", "operation %s is not in the mix", th.Operation)
		}
		if th.Abort && th.After >= p.Duration() && len(p.Stages) > 0 {
			pp.fail(&yaml.Node{Line: th.Line}, "thresholds", "after %s is not shorter than the run (%s): it could never abort", th.After, p.Duration())
		}
	}
}

func (pp *profileParser) stages(n *yaml.Node, at string) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		pp.fail(n, at, "must be a list of {duration, rate}, at least one")
		return
	}
	for i, s := range n.Content {
		st := Stage{Line: s.Line}
		field := fmt.Sprintf("%s[%d]", at, i)
		var hasD, hasR bool
		pp.fields(s, field, map[string]func(*yaml.Node, string){
			"duration": func(v *yaml.Node, f string) { st.Duration, hasD = pp.duration(v, f, false), true },
			"rate":     func(v *yaml.Node, f string) { st.Rate, hasR = pp.rate(v, f), true },
		})
		if s.Kind == yaml.MappingNode && (!hasD || !hasR) {
			pp.fail(s, field, "needs both duration and rate")
		}
		pp.p.Stages = append(pp.p.Stages, st)
	}
}

func (pp *profileParser) mix(n *yaml.Node, at string) {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		pp.fail(n, at, "must map operations to weights, e.g. SendLiveMessageGroup: 10")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := at + "." + k.Value
		switch _, known := pp.c.Operation(k.Value); {
		case !known:
			pp.fail(k, field, "not an operation of the contract (%s)", strings.Join(pp.c.OperationNames(), ", "))
			continue
		case NotMixable[k.Value] != "":
			pp.fail(k, field, "cannot be mixed in a profile: %s", NotMixable[k.Value])
			continue
		case !slices.Contains(MixOperations, k.Value):
			pp.fail(k, field, "has no traffic model in a profile (operations that do: %s)", strings.Join(MixOperations, ", "))
			continue
		case seen[k.Value]:
			pp.fail(k, field, "given twice")
			continue
		}
		seen[k.Value] = true
		w := pp.number(v, field)
		if !(w > 0) || w > 1e6 {
			pp.fail(v, field, "a weight must be more than 0 and at most 1000000, not %s", v.Value)
			continue
		}
		pp.p.Mix = append(pp.p.Mix, MixEntry{Operation: k.Value, Weight: w, Line: k.Line})
	}
}

func (pp *profileParser) thresholds(n *yaml.Node, at string) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		pp.fail(n, at, "must be a list of {metric, below, ...}, at least one: they are the run's verdict")
		return
	}
	for i, t := range n.Content {
		th := Threshold{Per: PerOverall, Line: t.Line}
		field := fmt.Sprintf("%s[%d]", at, i)
		var hasMetric, hasBelow, hasAfter bool
		var belowNode *yaml.Node
		pp.fields(t, field, map[string]func(*yaml.Node, string){
			"metric": func(v *yaml.Node, f string) {
				hasMetric = true
				if th.Metric = pp.str(v, f); !slices.Contains(Metrics, th.Metric) {
					pp.fail(v, f, "unknown metric %q (metrics: %s)", th.Metric, strings.Join(Metrics, ", "))
				}
			},
			"below": func(v *yaml.Node, f string) { th.Below, hasBelow, belowNode = pp.number(v, f), true, v },
			"per": func(v *yaml.Node, f string) {
				if th.Per = pp.str(v, f); th.Per != PerOverall && th.Per != PerOperation {
					pp.fail(v, f, "must be %s or %s, not %q", PerOperation, PerOverall, th.Per)
				}
			},
			"operation": func(v *yaml.Node, f string) { th.Operation = pp.str(v, f) },
			"abort":     func(v *yaml.Node, f string) { th.Abort = pp.boolean(v, f) },
			"after":     func(v *yaml.Node, f string) { th.After, hasAfter = pp.duration(v, f, true), true },
		})
		if t.Kind != yaml.MappingNode {
			continue
		}
		switch {
		case !hasMetric || !hasBelow:
			pp.fail(t, field, "needs a metric and a value it stays below")
		case strings.HasSuffix(th.Metric, "_share") && (!(th.Below > 0) || th.Below > 1):
			pp.fail(belowNode, field+".below", "a share is a fraction: more than 0 and at most 1, not %s", belowNode.Value)
		case strings.HasSuffix(th.Metric, "_ms") && !(th.Below > 0):
			pp.fail(belowNode, field+".below", "a latency bound must be more than 0 ms, not %s", belowNode.Value)
		}
		if th.Operation != "" && th.Per == PerOperation {
			pp.fail(t, field, "per: operation and operation: %s contradict each other: give one", th.Operation)
		}
		if hasAfter && !th.Abort {
			pp.fail(t, field+".after", "only applies with abort: true")
		}
		pp.p.Thresholds = append(pp.p.Thresholds, th)
	}
}

func (pp *profileParser) str(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode {
		pp.fail(n, field, "must be a single value")
		return ""
	}
	return n.Value
}

func (pp *profileParser) number(n *yaml.Node, field string) float64 {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		pp.fail(n, field, "must be a number, not %q", n.Value)
		return math.NaN()
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		pp.fail(n, field, "must be a finite number, not %q", n.Value)
		return math.NaN()
	}
	return f
}

func (pp *profileParser) rate(n *yaml.Node, field string) float64 {
	r := pp.number(n, field)
	if math.IsNaN(r) {
		return 0
	}
	if r < 0 || r > maxRate {
		pp.fail(n, field, "a rate is from 0 to %d requests per second, not %s", maxRate, n.Value)
		return 0
	}
	return r
}

func (pp *profileParser) duration(n *yaml.Node, field string, zeroOK bool) time.Duration {
	s := pp.str(n, field)
	d, err := time.ParseDuration(s)
	switch {
	case n.Kind != yaml.ScalarNode:
	case err != nil:
		pp.fail(n, field, "must be a duration such as 30s, 2m or 1m30s, not %q", s)
	case d < 0 || (d == 0 && !zeroOK):
		pp.fail(n, field, "must be more than 0, not %s", s)
	default:
		return d
	}
	return 0
}

func (pp *profileParser) boolean(n *yaml.Node, field string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		pp.fail(n, field, "must be true or false, not %q", n.Value)
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

func (pp *profileParser) groups(n *yaml.Node, field string) int {
	f := pp.number(n, field)
	if math.IsNaN(f) {
		return DefaultProfileGroups
	}
	if f != math.Trunc(f) || f < 1 || f > maxProfileGroups {
		pp.fail(n, field, "must be a whole number from 1 to %d, not %s", maxProfileGroups, n.Value)
		return DefaultProfileGroups
	}
	return int(f)
}

// ids reads a list of group or user ids (what: "group", "user").
func (pp *profileParser) ids(n *yaml.Node, field, what string) []string {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		pp.fail(n, field, "must be a list of %s ids, at least one", what)
		return nil
	}
	var out []string
	for i, v := range n.Content {
		f := fmt.Sprintf("%s[%d]", field, i)
		if id := pp.str(v, f); !groupIDRe.MatchString(id) {
			pp.fail(v, f, "a %s id is 1 to 64 letters and digits, not %q", what, id)
		} else {
			out = append(out, id)
		}
	}
	return out
}

var groupIDRe = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)

// Duration is how long the stages last in all.
func (p *Profile) Duration() time.Duration {
	var d time.Duration
	for _, s := range p.Stages {
		d += s.Duration
	}
	return d
}

// Schedule returns a fresh schedule of the profile's stages.
func (p *Profile) Schedule() *Stages { return NewStages(p.StartRate, p.Stages) }

// PlannedRequests is how many requests the stages send.
func (p *Profile) PlannedRequests() int { return p.Schedule().Total() }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
