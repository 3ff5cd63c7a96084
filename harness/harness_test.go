package harness

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestStatus: nil is 0, an ExitError its code (wrapped or not), any
// other error 2.
func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, StatusOK},
		{"failed", failed("a verdict is not a pass"), StatusFailed},
		{"could not run", couldNotRun("groups are left"), StatusCouldNotRun},
		{"wrapped", fmt.Errorf("run: %w", failed("x")), StatusFailed},
		{"any other", errors.New("boom"), StatusCouldNotRun},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Status(tc.err))
		})
	}
}

// TestFailfPrintsOnceAndCarriesTheMessage: the line is on stderr, the
// same text is the error's.
func TestFailfPrintsOnceAndCarriesTheMessage(t *testing.T) {
	var errb bytes.Buffer
	err := Failf(Output{Stderr: &errb}, StatusCouldNotRun, "cannot listen on %s", "x")
	assert.Equal(t, "livemsg: cannot listen on x\n", errb.String())
	assert.EqualError(t, err, "cannot listen on x")
	assert.Equal(t, StatusCouldNotRun, Status(err))
}
