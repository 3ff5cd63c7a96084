package contract

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite codes_gen.go from the contract")

// generateCodes is the source of codes_gen.go: a constant for every error
// code of the contract whose wire code is fixed (the templated
// Missing{Param} and Invalid{Param} are built by Missing and InvalidCommon).
func generateCodes(c *Contract) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated from livemessage.graphql by TestCodesGenerated; DO NOT EDIT.\n")
	b.WriteString("// Regenerate: go test ./contract -run TestCodesGenerated -update\n\npackage contract\n\n")
	b.WriteString("// The wire codes of the contract's error codes (enum ErrorCode). Err panics on\n// a code the contract does not have, so use these.\nconst (\n")
	for _, ec := range c.Codes() {
		if _, ok := ec.param(ec.Code); ok || bytes.Contains([]byte(ec.Code), []byte(paramHole)) {
			continue
		}
		fmt.Fprintf(&b, "\tCode%s = %q\n", ec.Name, ec.Code)
	}
	b.WriteString(")\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		panic(err)
	}
	return out
}

// TestCodesGenerated holds codes_gen.go to the contract: a code added,
// renamed or removed in the SDL fails here until the file is regenerated.
func TestCodesGenerated(t *testing.T) {
	want := generateCodes(Default())
	if *update {
		require.NoError(t, os.WriteFile("codes_gen.go", want, 0o644))
	}
	got, err := os.ReadFile("codes_gen.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "codes_gen.go is stale: go test ./contract -run TestCodesGenerated -update")
}

// TestGeneratedCodesCatchARename shows the check failing when the SDL
// renames a code.
func TestGeneratedCodesCatchARename(t *testing.T) {
	src := strings.Replace(SDL(), `ServerError @error(code: "ServerError"`, `ServerFault @error(code: "ServerFault"`, 1)
	require.NotEqual(t, SDL(), src)
	src = strings.ReplaceAll(src, "ServerError])", "ServerFault])")
	c, err := Parse("renamed.graphql", src)
	require.NoError(t, err)
	assert.NotEqual(t, string(generateCodes(Default())), string(generateCodes(c)))
}

// TestErrPanicsOnUnknownCode: a code the contract does not have is a
// programming error that fails loudly, never a silent ServerError.
func TestErrPanicsOnUnknownCode(t *testing.T) {
	assert.PanicsWithValue(t, `contract: error code "NoSuchCode" is not in the contract`, func() { Default().Err("NoSuchCode", "") })
	assert.Equal(t, 403, Default().Err(CodeNoAuth, "").Status)
}
