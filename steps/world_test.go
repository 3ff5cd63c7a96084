package steps

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReadableError(t *testing.T) {
	msg := "\n\tError Trace:\t/work/main/steps/groups.go:147\n\t            \t/usr/local/go/src/reflect/value.go:586\n\tError:      \tShould be true\n\tMessages:   \tRecover: want success, got 404 ResourceNotExist"
	got := readableError(msg)
	assert.NotContains(t, got, "groups.go")
	assert.NotContains(t, got, "Error Trace")
	assert.Contains(t, got, "got 404 ResourceNotExist")
	assert.Contains(t, got, "Should be true")
}
