package mock

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRequestLogNewestFirstAfterWrapping: once the log is full it keeps the
// newest entries and lists them newest first.
func TestRequestLogNewestFirstAfterWrapping(t *testing.T) {
	l := newRequestLog(3)
	for i := 1; i <= 5; i++ {
		l.add(LoggedRequest{Action: fmt.Sprint("A", i), query: fmt.Sprint("n=", i)})
	}
	got := []string{}
	for _, r := range l.recent(10) {
		got = append(got, r.Action+"/"+r.Params["n"])
	}
	assert.Equal(t, []string{"A5/5", "A4/4", "A3/3"}, got)
	assert.Len(t, l.recent(2), 2)
	assert.Empty(t, l.recent(0))
}
