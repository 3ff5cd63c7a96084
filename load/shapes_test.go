package load

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// TestProbeShapesAreTheEmulators: every shape the probe can name, but
// unclear, is a shape of the contract's vocabulary that the emulator's
// --throttle takes as it is, so a measured shape can be fed back.
func TestProbeShapesAreTheEmulators(t *testing.T) {
	named := []string{ShapeSliding, ShapeFixed, ShapeToken, ShapeEven, ShapeLong, ShapeShared}
	require.ElementsMatch(t, contract.Shapes, named)
	for _, s := range named {
		th, err := mock.ParseThrottle(s)
		require.NoError(t, err, s)
		require.Equal(t, s, th.Shape)
		require.NotEmpty(t, contract.ShapeMeaning(s), s)
	}
	require.NotContains(t, contract.Shapes, ShapeUnclear)
}
