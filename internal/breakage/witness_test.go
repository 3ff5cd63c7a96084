package breakage_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/internal/breakage"
)

// TestWitnesses proves the catalogue real: on each provider's witness the
// faithful emulator (behind the same proxy, unbroken) answers as the
// witness says, and the provider does not.
func TestWitnesses(t *testing.T) {
	t.Parallel()
	faithful := breakage.Provider{Name: "faithful"}.Start(breakage.Unthrottled()...)
	defer faithful.Close()
	for _, p := range breakage.Catalogue() {
		t.Run(p.Name, func(t *testing.T) {
			require.NotEmpty(t, p.Witness.Calls, "every provider has a witness")
			ctx := context.Background()
			prev, last, err := p.Witness.Run(ctx, faithful)
			require.NoError(t, err)
			require.NoError(t, p.Witness.Faithful.Verify(prev, last), "the faithful emulator answers the witness as written:\n%s", last.Body)
			srv := p.Start(breakage.Unthrottled()...)
			defer srv.Close()
			prev, last, err = p.Witness.Run(ctx, srv)
			require.NoError(t, err)
			assert.Error(t, p.Witness.Faithful.Verify(prev, last), "the provider answers the witness as the emulator does: the break is a no-op:\n%d %s", last.Status, last.Body)
		})
	}
}

// TestCatalogueCovers: at least 60 providers, every operation of the
// contract and every class, each named once, each with a class.
func TestCatalogueCovers(t *testing.T) {
	ps := breakage.Catalogue()
	assert.GreaterOrEqual(t, len(ps), 60)
	ops, classes, names := map[string]bool{}, map[breakage.Class]bool{}, map[string]bool{}
	for _, p := range ps {
		assert.False(t, names[p.Name], "%q named twice", p.Name)
		names[p.Name] = true
		assert.NotEmpty(t, p.Class, "%q has a class", p.Name)
		if p.Op != "" {
			_, ok := contract.Default().Operation(p.Op)
			assert.True(t, ok, "%q breaks %s, an operation of the contract", p.Name, p.Op)
		}
		ops[p.Op] = true
		classes[p.Class] = true
	}
	for _, op := range contract.Default().OperationNames() {
		assert.True(t, ops[op], "no provider breaks %s", op)
	}
	for _, c := range breakage.Classes() {
		assert.True(t, classes[c], "no provider of the class %s", c)
	}
	assert.Len(t, breakage.All(), 7, "All stays the providers explore and parity are tested against")
}
