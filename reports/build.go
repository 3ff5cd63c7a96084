package reports

import (
	"fmt"
	"strings"
)

// Tags with a meaning for the report.
const (
	tagAssumption = "@assumption"
	tagOp         = "@op:"
	tagCode       = "@code:"
)

// Build computes the Summary of a run: the overall verdict, the counts, the
// scenarios by feature with the @assumption ones apart, the error-code
// coverage and the load section. It never fails: missing data is reported as
// missing (an uncovered code, an empty section).
func Build(in Input) Summary {
	s := Summary{
		Reasons:      []string{},
		Target:       in.Target,
		Livemsg:      in.Build,
		Args:         append([]string{}, in.Args...),
		StartedAt:    in.StartedAt.UTC(),
		DurationS:    in.Duration.Seconds(),
		Features:     []Feature{},
		Assumptions:  []ScenarioResult{},
		Coverage:     coverage(in.Operations, in.Scenarios),
		GatewayCodes: gatewayCoverage(in.GatewayCodes, in.Scenarios),
		Load:         loadSummary(in.Load),
		Profile:      profileSection(in.Profile),
		Parity:       in.Parity,
		Retries:      in.Retries,
	}
	s.groupScenarios(in.Scenarios)
	s.count()
	if in.Parity != nil {
		s.attachEvidence(in.Parity)
	}
	s.judge()
	if in.Baseline != nil {
		s.Baseline = Compare(s, *in.Baseline)
	}
	return s
}

// groupScenarios puts each scenario in its feature, in the order features
// first ran, or among the assumptions.
func (s *Summary) groupScenarios(scenarios []Scenario) {
	index := map[string]int{}
	for _, sc := range scenarios {
		r := scenarioResult(sc)
		if hasTag(sc.Tags, tagAssumption) {
			s.Assumptions = append(s.Assumptions, r)
			continue
		}
		i, ok := index[sc.Feature]
		if !ok {
			i = len(s.Features)
			index[sc.Feature] = i
			s.Features = append(s.Features, Feature{Name: sc.Feature, Scenarios: []ScenarioResult{}})
		}
		f := &s.Features[i]
		f.Scenarios = append(f.Scenarios, r)
		f.Counts.add(r.Status)
	}
}

// count fills in the totals.
func (s *Summary) count() {
	c := &s.Counts
	for _, f := range s.Features {
		for _, r := range f.Scenarios {
			c.Documented.add(r.Status)
			c.Scenarios.add(r.Status)
		}
	}
	for _, r := range s.Assumptions {
		c.Assumptions.add(r.Status)
		c.Scenarios.add(r.Status)
	}
	for _, row := range s.Coverage {
		for _, cc := range row.Codes {
			c.Coverage.add(cc.Status)
		}
	}
	for _, cc := range s.GatewayCodes {
		c.Gateway.add(cc.Status)
	}
	if s.Load != nil {
		for _, op := range s.Load.Operations {
			c.Load.Operations++
			if isPass(op.Verdict) {
				c.Load.Passed++
			} else {
				c.Load.Failed++
			}
		}
	}
}

// judge sets the verdict: pass only when no scenario failed or got no
// Alibaba answer (error), every load verdict is pass and no recording
// differs or refutes (--parity).
func (s *Summary) judge() {
	if n := s.Counts.Documented.Failed; n > 0 {
		s.Reasons = append(s.Reasons, plural(n, "scenario", "scenarios")+" of documented behaviour failed")
	}
	if n := s.Counts.Assumptions.Failed; n > 0 {
		s.Reasons = append(s.Reasons, plural(n, "@assumption scenario", "@assumption scenarios")+" failed")
	}
	if n := s.Counts.Scenarios.Errors; n > 0 {
		s.Reasons = append(s.Reasons, plural(n, "scenario", "scenarios")+" could not run: no Alibaba answer (errors, not judged)")
	}
	if t := s.Counts.Parity; t != nil {
		if t.Different > 0 {
			s.Reasons = append(s.Reasons, fmt.Sprintf("parity: %d of %s differ from the emulator", t.Different, plural(t.Recordings, "recording", "recordings")))
		}
		if t.Refuted > 0 {
			s.Reasons = append(s.Reasons, fmt.Sprintf("parity: %s refuted by a recording on a real target", plural(t.Refuted, "@assumption", "@assumptions")))
		}
	}
	if s.Load != nil {
		for _, op := range s.Load.Operations {
			if !isPass(op.Verdict) {
				s.Reasons = append(s.Reasons, fmt.Sprintf("load probe of %s: %s", op.Operation, verdictText(op.Verdict)))
			}
		}
		if s.Counts.Load.Failed == 0 {
			s.Load.Verdict = Pass
		}
	}
	s.Reasons = append(s.Reasons, profileReasons(s.Profile)...)
	if r := s.Retries.reason(); r != "" {
		s.Reasons = append(s.Reasons, r)
	}
	s.Verdict = Pass
	if len(s.Reasons) > 0 {
		s.Verdict = Fail
	}
}

// scenarioResult copies a scenario, its status normalised to passed,
// failed, error or skipped: an unknown status (pending, undefined) is a
// failure, so that an unknown outcome never passes.
func scenarioResult(sc Scenario) ScenarioResult {
	r := ScenarioResult{
		Feature:    sc.Feature,
		Name:       sc.Name,
		Tags:       append([]string{}, sc.Tags...),
		Status:     strings.ToLower(strings.TrimSpace(sc.Status)),
		SkipReason: sc.SkipReason,
		FailedStep: sc.FailedStep,
		Error:      sc.Error,
		Exchanges:  append([]string(nil), sc.Exchanges...),
		DurationS:  sc.Duration.Seconds(),
	}
	switch r.Status {
	case Passed, Skipped, Failed, Errored:
	default:
		if r.Error == "" {
			r.Error = fmt.Sprintf("scenario ended with status %q", sc.Status)
		}
		r.Status = Failed
	}
	return r
}

func (t *Tally) add(status string) {
	t.Total++
	switch status {
	case Passed:
		t.Passed++
	case Skipped:
		t.Skipped++
	case Errored:
		t.Errors++
	default:
		t.Failed++
	}
}

func (t *CoverageTally) add(status string) {
	t.Total++
	switch status {
	case Reproduced:
		t.Reproduced++
	case CodeFailed:
		t.Failed++
	case CodeError:
		t.Errors++
	case CodeSkip:
		t.Skipped++
	default:
		t.NotCovered++
	}
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(strings.TrimSpace(t), tag) {
			return true
		}
	}
	return false
}

func isPass(verdict string) bool { return strings.EqualFold(strings.TrimSpace(verdict), Pass) }

func verdictText(v string) string {
	if strings.TrimSpace(v) == "" {
		return "no verdict"
	}
	return v
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
