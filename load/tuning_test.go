package load

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTuningDocumented: every field of Tuning is named in a comment of
// the struct (why it has its value), and DefaultTuning sets every one.
func TestTuningDocumented(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "tuning.go", nil, parser.ParseComments)
	require.NoError(t, err)
	var docs strings.Builder
	var names []string
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != "Tuning" {
			return true
		}
		for _, field := range ts.Type.(*ast.StructType).Fields.List {
			if field.Doc != nil {
				docs.WriteString(field.Doc.Text())
			}
			for _, name := range field.Names {
				names = append(names, name.Name)
			}
		}
		return false
	})
	require.NotEmpty(t, names)
	for _, name := range names {
		assert.Contains(t, docs.String(), name, "Tuning.%s is explained in a comment", name)
	}
	v := reflect.ValueOf(DefaultTuning())
	for i := range v.NumField() {
		assert.False(t, v.Field(i).IsZero(), "DefaultTuning sets %s", v.Type().Field(i).Name)
	}
}
