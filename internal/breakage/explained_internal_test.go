package breakage

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExplainedNamesProviders: every explanation belongs to a provider of
// the catalogue (a renamed provider does not leave one behind).
func TestExplainedNamesProviders(t *testing.T) {
	names := map[string]bool{}
	for _, p := range Catalogue() {
		names[p.Name] = true
	}
	for name := range explained {
		assert.True(t, names[name], "the explanation of %q names no provider", name)
	}
}
