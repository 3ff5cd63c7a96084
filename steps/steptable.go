package steps

import (
	"regexp"
	"sync"

	"github.com/cucumber/godog"
)

// stepTable registers step definitions with their expressions compiled
// once per process: godog compiles a string expression each time it is
// registered, and every scenario registers every step (some 90), which
// was a third of a contract run's CPU.
type stepTable struct{ sc *godog.ScenarioContext }

var compiledSteps sync.Map // expression -> *regexp.Regexp

func compiledStep(expr string) *regexp.Regexp {
	if re, ok := compiledSteps.Load(expr); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := compiledSteps.LoadOrStore(expr, regexp.MustCompile(expr))
	return re.(*regexp.Regexp)
}

// Given, When and Then register fn under expr, as godog's methods do.
func (t stepTable) Given(expr string, fn any) { t.sc.Given(compiledStep(expr), fn) }
func (t stepTable) When(expr string, fn any)  { t.sc.When(compiledStep(expr), fn) }
func (t stepTable) Then(expr string, fn any)  { t.sc.Then(compiledStep(expr), fn) }
