package steps

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
)

// Selected is a scenario a tag expression selects.
type Selected struct {
	ID      string // the pickle id, as the run sees it
	Feature string
	Name    string
	Tags    []string
}

// tagTerm is one term of godog's tag expressions: @tag or ~@tag.
var tagTerm = regexp.MustCompile(`^~?@[^\s,&|()~@!]+$`)

// CheckTags parses a godog tag expression: terms @tag or ~@tag (not),
// joined by "," (or) inside groups joined by "&&" (and). godog itself
// accepts anything and selects nothing (or panics) on what it cannot read.
func CheckTags(expr string) error {
	if strings.TrimSpace(expr) == "" {
		return nil
	}
	for _, and := range strings.Split(expr, "&&") {
		for _, term := range strings.Split(and, ",") {
			t := strings.TrimSpace(term)
			if t == "" {
				return fmt.Errorf("%w: --tags %q does not parse: an empty term (around %q); write @tag or ~@tag joined by && (and) and , (or)", ErrSelection, expr, strings.TrimSpace(and))
			}
			if !tagTerm.MatchString(t) {
				return fmt.Errorf("%w: --tags %q does not parse at %q: write @tag or ~@tag joined by && (and) and , (or); parentheses, not, and, or are not understood", ErrSelection, expr, t)
			}
		}
	}
	return nil
}

// Select lists the scenarios a tag expression selects, in file order. An
// expression that does not parse or selects nothing is an ErrSelection.
func Select(expr string) ([]Selected, error) {
	files, err := builtinFeatures()
	if err != nil {
		return nil, err
	}
	return selectIn(expr, files)
}

// selectIn lists the scenarios of files that expr selects, with the pickle
// ids the run gives them: godog parses FeatureContents in order with one
// incrementing id generator, and so does this.
func selectIn(expr string, files []featureFile) ([]Selected, error) {
	if err := CheckTags(expr); err != nil {
		return nil, err
	}
	newID := (&messages.Incrementing{}).NewId
	type feature struct {
		name    string
		pickles []*messages.Pickle
	}
	var feats []feature
	for _, f := range files {
		doc, err := gherkin.ParseGherkinDocumentForLanguage(bytes.NewReader(f.contents), gherkin.DefaultDialect, newID)
		if err != nil {
			return nil, fmt.Errorf("steps: read %s: %w", f.name, err)
		}
		var picked []*messages.Pickle
		for _, p := range gherkin.Pickles(*doc, f.name, newID) {
			if matchTags(expr, p.Tags) {
				picked = append(picked, p)
			}
		}
		feats = append(feats, feature{name: strings.TrimSpace(doc.Feature.Name), pickles: picked})
	}
	var out []Selected
	for _, f := range feats {
		for _, p := range f.pickles {
			sel := Selected{ID: p.Id, Feature: f.name, Name: p.Name}
			for _, t := range p.Tags {
				sel.Tags = append(sel.Tags, t.Name)
			}
			out = append(out, sel)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: --tags %q selects no scenario", ErrSelection, expr)
	}
	return out, nil
}

// ordered returns the recorded results in the order of the selection;
// a selected scenario that left no result (the run stopped first) is
// skipped with that reason.
func (s *suite) ordered(selected []Selected) []ScenarioResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	byID := map[string]ScenarioResult{}
	for _, r := range s.results {
		byID[r.id] = r
	}
	out := make([]ScenarioResult, 0, len(selected))
	for _, sel := range selected {
		r, ok := byID[sel.ID]
		if !ok {
			r = ScenarioResult{Feature: sel.Feature, Name: sel.Name, Tags: sel.Tags, Status: StatusSkipped, SkipReason: "not run: the run stopped first"}
		}
		delete(byID, sel.ID)
		out = append(out, r)
	}
	var rest []ScenarioResult
	for _, r := range byID {
		rest = append(rest, r)
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Feature+rest[i].Name < rest[j].Feature+rest[j].Name })
	return append(out, rest...)
}

// matchTags is godog's tag filter: groups joined by "&&" must all hold; in
// a group, terms joined by "," any; "~@tag" holds when the tag is absent.
func matchTags(expr string, tags []*messages.PickleTag) bool {
	if strings.TrimSpace(expr) == "" {
		return true
	}
	has := func(name string) bool {
		for _, t := range tags {
			if strings.TrimPrefix(t.Name, "@") == name {
				return true
			}
		}
		return false
	}
	for _, and := range strings.Split(expr, "&&") {
		held := false
		for _, raw := range strings.Split(and, ",") {
			t := strings.TrimSpace(raw)
			name := strings.TrimPrefix(strings.TrimPrefix(t, "~"), "@")
			if strings.HasPrefix(t, "~") {
				held = held || !has(name)
			} else {
				held = held || has(name)
			}
		}
		if !held {
			return false
		}
	}
	return true
}
