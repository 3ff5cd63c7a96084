package contract

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// generateOps is the source of ops_gen.go: a constant for every operation
// of the contract, named Op and the operation's name.
func generateOps(c *Contract) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated from livemessage.graphql by TestOpsGenerated; DO NOT EDIT.\n")
	b.WriteString("// Regenerate: go test ./contract -run TestOpsGenerated -update\n\npackage contract\n\n")
	b.WriteString("// The operations of the contract (type Query), by their wire names: code\n// names an operation with these, never with a string of its own.\nconst (\n")
	for _, op := range c.Operations() {
		fmt.Fprintf(&b, "\tOp%s = %q\n", op.Name, op.Name)
	}
	b.WriteString(")\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		panic(err)
	}
	return out
}

// TestOpsGenerated holds ops_gen.go to the contract: an operation added,
// renamed or removed in the SDL fails here until the file is regenerated.
func TestOpsGenerated(t *testing.T) {
	want := generateOps(Default())
	if *update {
		require.NoError(t, os.WriteFile("ops_gen.go", want, 0o644))
	}
	got, err := os.ReadFile("ops_gen.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "ops_gen.go is stale: go test ./contract -run TestOpsGenerated -update")
}

// TestGeneratedOpsCatchARename shows the check failing when the SDL
// renames an operation.
func TestGeneratedOpsCatchARename(t *testing.T) {
	src := strings.Replace(SDL(), "ListLiveMessageGroups(", "ListLiveMessageGroupsX(", 1)
	require.NotEqual(t, SDL(), src)
	c, err := Parse("renamed.graphql", src)
	require.NoError(t, err)
	assert.NotEqual(t, string(generateOps(Default())), string(generateOps(c)))
}
