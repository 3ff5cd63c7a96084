package aliyun_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
)

// TestOneSecretNameList: no Go file but aliyun/secrets.go spells a list
// of the secret parameter names (a map or slice literal naming two or
// more of them): every redactor reads aliyun.SecretParams. The contract's
// CommonParams names them too, as protocol parameters an operation does
// not own, not as secrets.
func TestOneSecretNameList(t *testing.T) {
	allowed := map[string]bool{"aliyun/secrets.go": true, "contract/params.go": true}
	var found []string
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "out") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if allowed[filepath.ToSlash(rel)] {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			names := 0
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Key
				}
				if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
					if s, err := strconv.Unquote(b.Value); err == nil && aliyun.IsSecretParam(s) {
						names++
					}
				}
			}
			if names >= 2 {
				found = append(found, rel)
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	require.Empty(t, found, "a second list of secret parameter names: use aliyun.SecretParams / IsSecretParam")
}

// TestSecretParamsRedactedEverywhere: each name of the list is redacted
// by the text redactor and by the URL redactor.
func TestSecretParamsRedactedEverywhere(t *testing.T) {
	for _, p := range aliyun.SecretParams {
		require.NotContains(t, aliyun.RedactText(p+"=abc123secretvalue"), "abc123secretvalue", p)
		require.NotContains(t, aliyun.RedactURL("http://h/?"+p+"=abc123secretvalue"), "abc123secretvalue", p)
	}
}
