package steps

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefinitions: every registered step is listed with an example that
// its expression matches and no other expression does (godog would call
// the step ambiguous), and extraExamples holds examples only for steps no
// built-in feature uses.
func TestDefinitions(t *testing.T) {
	defs, err := Definitions()
	require.NoError(t, err)
	require.Len(t, defs, registrationsInSource(t), "Definitions lists every sc.Given/When/Then/Step call of the steps package")
	res := make([]*regexp.Regexp, len(defs))
	for i, d := range defs {
		res[i] = regexp.MustCompile(d.Expression)
	}
	for i, d := range defs {
		if !assert.NotEmpty(t, d.Example, "step %s (%s) has no example: use it in a built-in feature or add one to extraExamples", d.Expression, d.Source) {
			continue
		}
		kw, text, ok := strings.Cut(d.Example, " ")
		require.True(t, ok)
		assert.Contains(t, []string{"Given", "When", "Then"}, kw, "example %q starts with its keyword", d.Example)
		assert.Equal(t, d.Keyword, kw)
		assert.Regexp(t, res[i], text, "the example of %s matches it", d.Expression)
		for j, other := range res {
			if j != i && other.MatchString(text) {
				t.Errorf("example %q of %s also matches %s: ambiguous", d.Example, d.Expression, defs[j].Expression)
			}
		}
		if ex, ok := extraExamples[d.Expression]; ok {
			assert.Equal(t, ex, d.Example)
			assert.Equal(t, "steps", d.From)
		} else {
			assert.Regexp(t, `\.feature:\d+$`, d.From, "an example from a built-in feature names its file and line")
		}
	}
	for expr := range extraExamples {
		found := false
		for _, d := range defs {
			if d.Expression == expr {
				found = true
				assert.Equal(t, "steps", d.From, "extraExamples[%q] is stale: a built-in feature uses the step (%s)", expr, d.From)
			}
		}
		assert.True(t, found, "extraExamples[%q] names no registered step", expr)
	}
}

// registrationsInSource counts the step registrations written in the
// package's files: calls of Given, When, Then or Step on a
// *godog.ScenarioContext named sc.
func registrationsInSource(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	n := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "sc" {
				switch sel.Sel.Name {
				case "Given", "When", "Then", "Step":
					n++
				}
			}
			return true
		})
	}
	require.Positive(t, n)
	return n
}
