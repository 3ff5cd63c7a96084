package ring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRingKeepsTheLastMaxOldestFirst(t *testing.T) {
	r := New[int](3)
	for v := 1; v <= 7; v++ {
		r.Push(v)
	}
	got := []int{}
	for i := range r.Len() {
		got = append(got, r.At(i))
	}
	assert.Equal(t, []int{5, 6, 7}, got)
	r.Clear()
	assert.Zero(t, r.Len())
	r.Push(9)
	assert.Equal(t, 9, r.At(0))
}
