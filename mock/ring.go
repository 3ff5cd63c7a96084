package mock

// ring keeps the last max values pushed; callers hold their own lock.
type ring[T any] struct {
	max    int
	oldest int // index of the oldest value once the ring is full
	buf    []T
}

func newRing[T any](max int) ring[T] { return ring[T]{max: max} }

func (r *ring[T]) push(v T) {
	if len(r.buf) < r.max {
		r.buf = append(r.buf, v)
		return
	}
	r.buf[r.oldest] = v
	r.oldest = (r.oldest + 1) % r.max
}

func (r *ring[T]) len() int { return len(r.buf) }

// at returns the i-th oldest value kept (0 = the oldest).
func (r *ring[T]) at(i int) T { return r.buf[(r.oldest+i)%len(r.buf)] }

func (r *ring[T]) clear() { r.buf, r.oldest = nil, 0 }
