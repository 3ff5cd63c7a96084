package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walkThrough is the operation docs/adding-an-operation.md adds, the one
// issue 22 measured at 21 files.
const walkThrough = OpModifyLiveMessageUserInfo

// namingFiles lists, per operation, the non-test Go files outside
// contract/ that name it (its generated constant, or its name as a
// literal).
func namingFiles(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	moduleSources(t, func(path, rel string) error {
		// internal/breakage is test support, as a _test.go file is: its
		// catalogue breaks each operation in turn, so it names every one.
		if strings.HasPrefix(rel, "contract/") || strings.HasPrefix(rel, "internal/breakage/") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok && id.Name == "contract" && strings.HasPrefix(x.Sel.Name, "Op") {
					seen[strings.TrimPrefix(x.Sel.Name, "Op")] = true
				}
			case *ast.BasicLit:
				if s, err := strconv.Unquote(x.Value); err == nil && x.Kind == token.STRING {
					if _, ok := Default().Operation(s); ok {
						seen[s] = true
					}
				}
			}
			return true
		})
		for op := range seen {
			out[op] = append(out[op], rel)
		}
		return nil
	})
	return out
}

// TestAddingAnOperationTouchesFourFiles counts the places adding the
// walk-through operation takes, besides tests, docs and feature files: its
// SDL, its entry in the emulator's route table, the file of what it acts on
// that holds its handler and answer, and the store's file of the same
// name. Nothing else names it: the steps, explore and the load profiles
// read it from the contract (a profile gives it the generic traffic
// model). The test fails when a fifth file is needed.
func TestAddingAnOperationTouchesFourFiles(t *testing.T) {
	naming := namingFiles(t)
	assert.Equal(t, []string{"mock/handlers.go"}, naming[walkThrough], "files naming %s besides the contract", walkThrough)

	root := ".."
	routes, err := os.ReadFile(filepath.Join(root, "mock", "handlers.go"))
	require.NoError(t, err)
	m := regexp.MustCompile(`contract\.Op` + walkThrough + `:\s*route\(\(\*Emulator\)\.(\w+)\)`).FindSubmatch(routes)
	require.NotNil(t, m, "no route of %s in mock/handlers.go", walkThrough)
	handler := string(m[1])
	hfile, body := declaringFile(t, filepath.Join(root, "mock"), `func \(e \*Emulator\) `+handler+`\(`)
	answer := regexp.MustCompile(`func \(e \*Emulator\) ` + handler + `\(c call\) \((\w+),`).FindStringSubmatch(body)[1]
	afile, _ := declaringFile(t, filepath.Join(root, "mock"), `type `+answer+` struct`)
	assert.Equal(t, hfile, afile, "the handler and its answer sit together")
	store := regexp.MustCompile(`e\.store\.(\w+)\(`).FindAllStringSubmatch(handlerBody(body, handler), -1)
	require.NotEmpty(t, store, "the handler calls the store")
	places := map[string]bool{"contract/livemessage.graphql": true, "mock/handlers.go": true, "mock/" + hfile: true}
	for _, s := range store {
		sfile, _ := declaringFile(t, filepath.Join(root, "mock", "store"), `func \(s \*Store\) `+s[1]+`\(`)
		places["mock/store/"+sfile] = true
	}
	var list []string
	for p := range places {
		list = append(list, p)
	}
	sort.Strings(list)
	assert.LessOrEqual(t, len(list), 4, "adding %s touches %v", walkThrough, list)
	t.Logf("adding %s: %s", walkThrough, strings.Join(list, ", "))
	for _, op := range Default().OperationNames() {
		t.Logf("%-32s named in %v", op, naming[op])
	}
}

// declaringFile returns the non-test file of dir whose text matches
// pattern, and that text.
func declaringFile(t *testing.T, dir, pattern string) (string, string) {
	t.Helper()
	re := regexp.MustCompile(pattern)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		if re.Match(b) {
			return e.Name(), string(b)
		}
	}
	t.Fatalf("nothing in %s matches %s", dir, pattern)
	return "", ""
}

// handlerBody is the text of the handler's function.
func handlerBody(src, handler string) string {
	i := strings.Index(src, "func (e *Emulator) "+handler+"(")
	j := strings.Index(src[i:], "\n}\n")
	return src[i : i+j]
}
