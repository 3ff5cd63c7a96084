package harness

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLineProgressHeartbeat: a long step still shows a line every
// heartbeat, and pieces become whole lines.
func TestLineProgressHeartbeat(t *testing.T) {
	var buf syncBuffer
	p := newLineProgress(&buf, 20*time.Millisecond)
	_, _ = p.Write([]byte("step 1/2: 50 rps for 1m ..."))
	assert.Eventually(t, func() bool { return strings.Contains(buf.String(), "step 1/2: 50 rps for 1m ... (running, ") },
		2*time.Second, 5*time.Millisecond, "a heartbeat line while the step runs")
	_, _ = p.Write([]byte(" served 50\nstep 2/2 ..."))
	require.NoError(t, p.Close())
	got := buf.String()
	assert.Contains(t, got, "step 1/2: 50 rps for 1m ... served 50\n", "the step's line once it ends")
	assert.True(t, strings.HasSuffix(got, "step 2/2 ...\n"), "Close ends the last piece with a newline: %q", got)
	for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		assert.NotEmpty(t, l)
	}
}

// syncBuffer is a bytes.Buffer safe for the heartbeat goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
