package steps

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPlainWriterStripsColours: godog's colour sequences go, whole or cut
// between writes at any byte; the rest, a lone ESC included, stays.
func TestPlainWriterStripsColours(t *testing.T) {
	in := "\x1b[32m.\x1b[0m\x1b[31mF\x1b[0m 12 steps\n\x1b[1;33mwarn\x1b[0m\x1bx"
	want := ".F 12 steps\nwarn\x1bx"
	for cut := 0; cut <= len(in); cut++ {
		var b bytes.Buffer
		w := &plainWriter{w: &b}
		n, err := w.Write([]byte(in[:cut]))
		assert.NoError(t, err)
		assert.Equal(t, cut, n)
		n, err = w.Write([]byte(in[cut:]))
		assert.NoError(t, err)
		assert.Equal(t, len(in)-cut, n)
		assert.Equal(t, want, b.String(), "cut at %d", cut)
	}
}
