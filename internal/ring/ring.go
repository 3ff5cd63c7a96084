// Package ring keeps the last n values pushed, oldest first: the
// emulator's request and event logs.
package ring

// Ring keeps the last max values pushed; callers hold their own lock.
type Ring[T any] struct {
	max    int
	oldest int // index of the oldest value once the ring is full
	buf    []T
}

// New makes a ring that keeps max values.
func New[T any](max int) Ring[T] { return Ring[T]{max: max} }

// Push adds v, dropping the oldest value when the ring is full.
func (r *Ring[T]) Push(v T) {
	if len(r.buf) < r.max {
		r.buf = append(r.buf, v)
		return
	}
	r.buf[r.oldest] = v
	r.oldest = (r.oldest + 1) % r.max
}

// Len is how many values the ring holds.
func (r *Ring[T]) Len() int { return len(r.buf) }

// At is the i-th value held, 0 the oldest.
func (r *Ring[T]) At(i int) T { return r.buf[(r.oldest+i)%len(r.buf)] }

// Clear drops every value.
func (r *Ring[T]) Clear() { r.buf, r.oldest = nil, 0 }
