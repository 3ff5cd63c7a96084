package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// namedOnlyIn are the places allowed to spell an operation name or an error
// code as a string literal (issue 14: "grep finds no operation name, limit
// or error code outside contract/, the handlers and features/, excepting
// tests and docs"). Everything else, the emulator's route table included,
// names an operation by its generated constant (contract.OpX) and a code
// by contract.CodeX.
func namedOnlyIn(rel string) bool {
	return strings.HasPrefix(rel, "contract/") // the contract itself
}

// literalAllowed lists, with the reason, the few literals that must stay
// outside the contract. Keyed by "file: literal"; keep it short.
var literalAllowed = map[string]string{}

// TestNoOperationNameOrCodeOutsideContract scans every non-test Go file of
// the module outside contract/ for a string literal that
// is exactly an operation name or a wire error code of the contract.
// Comments and help text that mention a name inside a sentence are not
// literals of the name and pass.
func TestNoOperationNameOrCodeOutsideContract(t *testing.T) {
	banned := bannedNames(Default())
	require.NotEmpty(t, banned)

	var found []string
	scanned := moduleSources(t, func(path, rel string) error {
		if namedOnlyIn(rel) {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, hit := range bannedLiterals(fset, f, banned) {
			if _, ok := literalAllowed[rel+": "+hit.value]; !ok {
				found = append(found, hit.String())
			}
		}
		return nil
	})
	require.Greater(t, scanned, 50, "the scan must reach the module's packages")
	assert.Empty(t, found, "operation names and error codes belong to the contract (contract.OpX, contract.CodeX)")
}

// moduleSources calls fn on every non-test Go file of the module (not
// under testdata, vendor or a hidden folder), with its path relative to
// the module's root, and returns how many files there were; fn returns
// nil to go on.
func moduleSources(t *testing.T, fn func(path, rel string) error) int {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	n := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		n++
		return fn(path, filepath.ToSlash(rel))
	})
	require.NoError(t, err)
	return n
}

// bannedNames maps each operation name and each single-spelling wire code
// of c to what to use instead.
func bannedNames(c *Contract) map[string]string {
	banned := map[string]string{}
	for _, op := range c.Operations() {
		banned[op.Name] = "operation name (use its generated constant, contract.OpX)"
	}
	for _, ec := range c.Codes() {
		if !strings.Contains(ec.Code, "{") { // templated gateway codes have no single spelling
			banned[ec.Code] = "error code (use contract.Code*)"
		}
	}
	return banned
}

type literalHit struct {
	pos        token.Position
	value, why string
}

func (h literalHit) String() string {
	return h.pos.String() + ": " + strconv.Quote(h.value) + " is an " + h.why
}

// bannedLiterals returns the string literals of f that are exactly a
// banned name.
func bannedLiterals(fset *token.FileSet, f *ast.File, banned map[string]string) []literalHit {
	var hits []literalHit
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		if v, err := strconv.Unquote(lit.Value); err == nil {
			if why, bad := banned[v]; bad {
				hits = append(hits, literalHit{fset.Position(lit.Pos()), v, why})
			}
		}
		return true
	})
	return hits
}

// TestGrepRuleCatchesALiteral shows the scan's matcher finds what it must:
// a literal operation name, a literal code (also as a raw string or a map
// key), and not a comment or a sentence that mentions one.
func TestGrepRuleCatchesALiteral(t *testing.T) {
	src := "package p\nvar a = \"DeleteLiveMessageGroup\"\nvar b = `ResourceNotExist`\n// DescribeLiveMessageGroup in a comment\nvar c = \"e.g. ListLiveMessageGroups: 10\"\nvar d = map[string]int{\"Throttling.User\": 1}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	var got []string
	for _, h := range bannedLiterals(fset, f, bannedNames(Default())) {
		got = append(got, h.value)
		assert.Contains(t, h.String(), "p.go:")
	}
	assert.Equal(t, []string{"DeleteLiveMessageGroup", "ResourceNotExist", "Throttling.User"}, got)
}
