package contract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestWrittenOnce holds the client-side concerns issue 22 found written
// several times to their one place, by what their copies looked like:
//   - the throttling codes are told by contract.IsThrottling: no string
//     literal starting "Throttling" outside contract/;
//   - the emulator's admin API is called by mock.Admin: outside mock/, no
//     literal "/reset" and no http.NewRequest to a URL built from an
//     admin base;
//   - calls are paced by aliyun.Pacer: no type named pacer outside aliyun/
//     (load's vegeta pacers are load generators, named otherwise).
//
// The secret parameter names have their own test (aliyun's
// TestOneSecretNameList).
func TestWrittenOnce(t *testing.T) {
	var found []string
	moduleSources(t, func(path, rel string) error {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		at := func(n ast.Node, what string) {
			found = append(found, fset.Position(n.Pos()).String()+": "+what)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BasicLit:
				s, err := strconv.Unquote(x.Value)
				if err != nil || x.Kind != token.STRING {
					return true
				}
				if strings.HasPrefix(s, "Throttling") && !strings.HasPrefix(rel, "contract/") {
					at(x, "a throttling code spelt out: use contract.IsThrottling")
				}
				if s == "/reset" && !strings.HasPrefix(rel, "mock/") {
					at(x, "an admin call of its own: use mock.Admin")
				}
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if !ok || !strings.HasPrefix(sel.Sel.Name, "NewRequest") || strings.HasPrefix(rel, "mock/") {
					return true
				}
				for _, arg := range x.Args {
					if mentionsAdmin(arg) {
						at(x, "a request to the admin API of its own: use mock.Admin")
					}
				}
			case *ast.TypeSpec:
				if strings.EqualFold(x.Name.Name, "pacer") && !strings.HasPrefix(rel, "aliyun/") {
					at(x, "a pacer of its own: use aliyun.Pacer")
				}
			}
			return true
		})
		return nil
	})
	assert.Empty(t, found)
}

// mentionsAdmin reports an expression that names an admin base URL.
func mentionsAdmin(e ast.Expr) bool {
	hit := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			hit = hit || strings.Contains(strings.ToLower(x.Name), "admin")
		case *ast.SelectorExpr:
			hit = hit || strings.Contains(strings.ToLower(x.Sel.Name), "admin")
		}
		return !hit
	})
	return hit
}

// maxFuncLines is the longest a function of the module may be (issue 22:
// "no function over 80 lines").
const maxFuncLines = 80

// TestNoFunctionOver80Lines: every function and method of the module's
// non-test Go files, from its signature to its closing brace, fits in
// maxFuncLines lines.
func TestNoFunctionOver80Lines(t *testing.T) {
	var long []string
	moduleSources(t, func(path, rel string) error {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > maxFuncLines {
					long = append(long, fmt.Sprintf("%s: %s, %d lines", rel, fd.Name.Name, n))
				}
			}
		}
		return nil
	})
	assert.Empty(t, long, "functions over %d lines", maxFuncLines)
}
