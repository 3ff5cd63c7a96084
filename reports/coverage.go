package reports

import "strings"

// coverage is the matrix of the contract's operations x the product codes
// each documents. A cell is reproduced when a passing scenario tagged
// @op:OP and @code:CODE exists, failed when such a scenario failed (a
// failure wins over a pass: it is what someone has to look at), error when
// none passed and some got no Alibaba answer (not judged), skipped when
// all of them were skipped, and not covered when there is none.
func coverage(ops []OperationCodes, scenarios []Scenario) []CoverageRow {
	rows := make([]CoverageRow, 0, len(ops))
	for _, op := range ops {
		row := CoverageRow{Operation: op.Operation, QPS: op.QPS, Codes: make([]CodeCoverage, 0, len(op.Codes))}
		row.Ran, row.Scenarios = ranOf(op.Operation, scenarios)
		for _, code := range op.Codes {
			row.Codes = append(row.Codes, codeCoverage(code, scenarios, func(sc Scenario) bool {
				return hasTag(sc.Tags, tagOp+op.Operation) && codeTagged(sc.Tags, code)
			}))
		}
		rows = append(rows, row)
	}
	return rows
}

// ranOf counts the scenarios tagged @op:OP and how many of them ran (were
// not skipped) on the run's target.
func ranOf(op string, scenarios []Scenario) (ran, exist int) {
	for _, sc := range scenarios {
		if !hasTag(sc.Tags, tagOp+op) {
			continue
		}
		exist++
		if scenarioResult(sc).Status != Skipped {
			ran++
		}
	}
	return ran, exist
}

// gatewayCoverage is the coverage of the codes every operation can answer:
// any scenario tagged @code:CODE covers CODE, whatever its operation. A
// code spelt with a placeholder, such as Missing{Param}, is covered by any
// code it matches (MissingGroupId).
func gatewayCoverage(codes []string, scenarios []Scenario) []CodeCoverage {
	out := make([]CodeCoverage, 0, len(codes))
	for _, code := range codes {
		out = append(out, codeCoverage(code, scenarios, func(sc Scenario) bool {
			return codeTagged(sc.Tags, code)
		}))
	}
	return out
}

// codeCoverage is the status of code over the scenarios that match.
func codeCoverage(code string, scenarios []Scenario, match func(Scenario) bool) CodeCoverage {
	cc := CodeCoverage{Code: code, Status: NotCovered, Scenarios: []string{}}
	var passed, failed, errored, skipped bool
	for _, sc := range scenarios {
		if !match(sc) {
			continue
		}
		cc.Scenarios = append(cc.Scenarios, sc.Name)
		switch scenarioResult(sc).Status {
		case Passed:
			passed = true
		case Skipped:
			skipped = true
		case Errored:
			errored = true
		default:
			failed = true
		}
	}
	switch {
	case failed:
		cc.Status = CodeFailed
	case passed:
		cc.Status = Reproduced
	case errored:
		cc.Status = CodeError
	case skipped:
		cc.Status = CodeSkip
	}
	return cc
}

// codeTagged reports whether a @code: tag names code, or a code that code's
// placeholder pattern matches.
func codeTagged(tags []string, code string) bool {
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if len(t) < len(tagCode) || !strings.EqualFold(t[:len(tagCode)], tagCode) {
			continue
		}
		if codeMatches(code, t[len(tagCode):]) {
			return true
		}
	}
	return false
}

// codeMatches compares a documented code with a reproduced one. A
// placeholder in braces ("Missing{Param}") stands for one or more
// characters.
func codeMatches(documented, got string) bool {
	if documented == got {
		return true
	}
	open := strings.IndexByte(documented, '{')
	end := strings.IndexByte(documented, '}')
	if open < 0 || end < open {
		return false
	}
	prefix, suffix := documented[:open], documented[end+1:]
	if len(got) <= len(prefix)+len(suffix) || !strings.HasPrefix(got, prefix) || !strings.HasSuffix(got, suffix) {
		return false
	}
	// The placeholder stands for a parameter name: letters and digits.
	return strings.IndexFunc(got[len(prefix):len(got)-len(suffix)], func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) < 0
}
