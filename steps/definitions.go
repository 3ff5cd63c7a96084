package steps

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v21"
)

// Definition is one step the suite understands, as `livemsg steps` lists
// it: the expression godog matches, where it is registered, and an
// example of its use.
type Definition struct {
	Expression string `json:"expression"` // the regular expression godog matches a step's text with
	Source     string `json:"source"`     // where it is registered, e.g. groups.go:17
	Keyword    string `json:"keyword"`    // Given, When or Then: how the example uses it
	Example    string `json:"example"`    // a step it matches, keyword included
	From       string `json:"from"`       // where the example is from: a built-in feature file and line, or "steps"
}

// extraExamples are examples of the steps no built-in feature uses; every
// other example is taken from the built-in features, so it is known to run.
// TestDefinitions fails when one of these is missing, stale or does not
// match its expression.
var extraExamples = map[string]string{}

// Definitions lists every registered step, in registration order, each
// with an example: the first use in the built-in features, or one from
// extraExamples. The list is godog's own (its step-definitions listing
// of what the scenario initializer registers), so it cannot drift from
// the code.
func Definitions() ([]Definition, error) {
	defs, err := registered()
	if err != nil {
		return nil, err
	}
	files, err := builtinFeatures()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		for _, use := range stepUses(f) {
			for i := range defs {
				if defs[i].Example == "" && defs[i].re.MatchString(use.text) {
					defs[i].Keyword, defs[i].Example, defs[i].From = use.keyword, use.keyword+" "+use.text, use.at
				}
			}
		}
	}
	out := make([]Definition, 0, len(defs))
	for _, d := range defs {
		if d.Example == "" {
			if ex, ok := extraExamples[d.Expression]; ok {
				d.Example, d.From = ex, "steps"
				d.Keyword, _, _ = strings.Cut(ex, " ")
			}
		}
		out = append(out, d.Definition)
	}
	return out, nil
}

type definition struct {
	Definition
	re *regexp.Regexp
}

// ansi matches the colour codes godog writes around the listing's parts.
var (
	ansi    = regexp.MustCompile("\x1b\\[[0-9;]*m")
	defLine = regexp.MustCompile(`^(\S.*?)\s+# (\S+)`)
)

// registered asks godog for the step definitions the scenario
// initializer registers (godog's --definitions listing).
func registered() ([]definition, error) {
	var b bytes.Buffer
	s := &suite{}
	godog.TestSuite{ScenarioInitializer: s.initScenario, Options: &godog.Options{
		Format: "progress", ShowStepDefinitions: true, Output: &b, NoColors: true,
	}}.Run()
	var out []definition
	for _, line := range strings.Split(ansi.ReplaceAllString(b.String(), ""), "\n") {
		m := defLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		re, err := regexp.Compile(m[1])
		if err != nil {
			return nil, fmt.Errorf("steps: step expression %q: %w", m[1], err)
		}
		out = append(out, definition{Definition: Definition{Expression: m[1], Source: m[2]}, re: re})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("steps: godog listed no step definition")
	}
	return out, nil
}

// stepUse is one step as a feature file uses it.
type stepUse struct {
	keyword, text, at string
}

// stepUses lists a feature's steps as godog runs them (outlines expanded),
// with the keyword godog matches them by (And and But resolved).
func stepUses(f featureFile) []stepUse {
	lines := map[string]int64{}
	var walk func(children []*messages.FeatureChild)
	addSteps := func(steps []*messages.Step) {
		for _, st := range steps {
			lines[st.Id] = st.Location.Line
		}
	}
	walk = func(children []*messages.FeatureChild) {
		for _, c := range children {
			switch {
			case c.Background != nil:
				addSteps(c.Background.Steps)
			case c.Scenario != nil:
				addSteps(c.Scenario.Steps)
			case c.Rule != nil:
				for _, rc := range c.Rule.Children {
					switch {
					case rc.Background != nil:
						addSteps(rc.Background.Steps)
					case rc.Scenario != nil:
						addSteps(rc.Scenario.Steps)
					}
				}
			}
		}
	}
	walk(f.doc.Feature.Children)
	var out []stepUse
	newID := (&messages.Incrementing{}).NewId
	for _, p := range gherkinPickles(f, newID) {
		for _, st := range p.Steps {
			kw := map[messages.PickleStepType]string{
				messages.PickleStepType_CONTEXT: "Given", messages.PickleStepType_ACTION: "When", messages.PickleStepType_OUTCOME: "Then",
			}[st.Type]
			if kw == "" {
				kw = "Given"
			}
			at := f.name
			if len(st.AstNodeIds) > 0 {
				at = fmt.Sprintf("features/%s:%d", f.name, lines[st.AstNodeIds[0]])
			}
			out = append(out, stepUse{keyword: kw, text: st.Text, at: at})
		}
	}
	return out
}

// Keywords in the order `livemsg steps` groups definitions.
var keywordOrder = map[string]int{"Given": 0, "When": 1, "Then": 2}

// SortByKeyword orders definitions Given, When, Then, keeping the
// registration order within each.
func SortByKeyword(defs []Definition) {
	sort.SliceStable(defs, func(i, j int) bool { return keywordOrder[defs[i].Keyword] < keywordOrder[defs[j].Keyword] })
}
