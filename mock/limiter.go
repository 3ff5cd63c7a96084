package mock

import (
	"math"
	"time"
)

// A limiter decides whether one request at now is admitted, and reports the
// state the rate-limit headers carry. Time is passed in, so the algorithms
// are tested with an injected clock. Limiters are not safe for concurrent
// use: the throttle holds its lock around them.
type limiter interface {
	admit(now time.Time) (bool, quota)
}

// quota is what the rate-limit headers say after a decision: the limit per
// window, what is left of it, how long until a request would be admitted
// (0 when one would be now), and when the whole limit is back.
type quota struct {
	limit, remain int
	timeLeft      time.Duration
	reset         time.Time
}

// MaxQPS is the highest limit the emulator enforces; a higher one (from
// Go, the admin API or --qps) is this one. The emulator serves about
// 14,000 signed calls a second, so nothing above is ever reached, and a
// sliding window keeps one time per request of its limit.
const MaxQPS = 10000

// newLimiter makes the limiter of a shape at rate requests per second.
func newLimiter(t Throttle, rate int) limiter {
	rate = min(rate, MaxQPS)
	switch t.Shape {
	case ShapeFixed:
		return &fixedWindow{limit: rate, length: time.Second}
	case ShapeWindow:
		n := t.Seconds
		if n <= 0 {
			n = DefaultWindowSeconds
		}
		return &fixedWindow{limit: n * rate, length: time.Duration(n) * time.Second}
	case ShapeToken:
		size := t.burst(rate, rate)
		return &tokenBucket{rate: float64(rate), size: float64(size), tokens: float64(size)}
	case ShapeGCRA:
		b := t.burst(rate, 2)
		interval := time.Duration(float64(time.Second) / float64(rate))
		return &gcra{interval: interval, tolerance: time.Duration(b-1) * interval, burst: b}
	}
	return &slidingWindow{times: make([]time.Time, rate)}
}

// slidingWindow admits a request when fewer than limit requests were
// admitted in the second before it. The admission times are a ring of
// limit entries, oldest first, expired ones dropped as time passes.
type slidingWindow struct {
	times   []time.Time
	head, n int
}

func (w *slidingWindow) admit(now time.Time) (bool, quota) {
	limit := len(w.times)
	for w.n > 0 && now.Sub(w.times[w.head]) >= time.Second {
		w.head = (w.head + 1) % limit
		w.n--
	}
	if w.n == limit {
		oldest := w.times[w.head]
		newest := w.times[(w.head+w.n-1)%limit]
		return false, quota{limit: limit, timeLeft: oldest.Add(time.Second).Sub(now), reset: newest.Add(time.Second)}
	}
	w.times[(w.head+w.n)%limit] = now
	w.n++
	return true, quota{limit: limit, remain: limit - w.n, reset: now.Add(time.Second)}
}

// fixedWindow counts the requests admitted since the start of the current
// window of the clock (whole seconds since the Unix epoch, cut in lengths)
// and admits up to limit in each.
type fixedWindow struct {
	limit  int
	length time.Duration
	start  time.Time
	count  int
}

func (w *fixedWindow) admit(now time.Time) (bool, quota) {
	start := time.Unix(0, now.UnixNano()-now.UnixNano()%int64(w.length))
	if !start.Equal(w.start) {
		w.start, w.count = start, 0
	}
	end := start.Add(w.length)
	if w.count >= w.limit {
		return false, quota{limit: w.limit, timeLeft: end.Sub(now), reset: end}
	}
	w.count++
	return true, quota{limit: w.limit, remain: w.limit - w.count, reset: end}
}

// tokenBucket holds up to size tokens, refilled at rate per second, full at
// first; a request takes one token or is throttled.
type tokenBucket struct {
	rate, size, tokens float64
	last               time.Time
}

func (b *tokenBucket) admit(now time.Time) (bool, quota) {
	if !b.last.IsZero() && now.After(b.last) {
		b.tokens = math.Min(b.size, b.tokens+b.rate*now.Sub(b.last).Seconds())
	}
	if now.After(b.last) {
		b.last = now
	}
	q := quota{limit: int(b.rate)}
	ok := b.tokens >= 1
	if ok {
		b.tokens--
	} else {
		q.timeLeft = seconds((1 - b.tokens) / b.rate)
	}
	q.remain = int(b.tokens)
	q.reset = now.Add(seconds((b.size - b.tokens) / b.rate))
	return ok, q
}

// gcra is the generic cell rate algorithm: requests evenly spaced by
// interval, with a tolerance that lets burst requests come together. tat
// is the theoretical arrival time of the next request.
type gcra struct {
	interval, tolerance time.Duration
	burst               int
	tat                 time.Time
}

func (g *gcra) admit(now time.Time) (bool, quota) {
	tat := g.tat
	if tat.Before(now) {
		tat = now
	}
	limit := int(math.Round(float64(time.Second) / float64(g.interval)))
	if allowAt := tat.Add(-g.tolerance); now.Before(allowAt) {
		return false, quota{limit: limit, timeLeft: allowAt.Sub(now), reset: g.tat}
	}
	g.tat = tat.Add(g.interval)
	// the requests that could still come now: while tat - tolerance <= now
	remain := int((now.Sub(g.tat) + g.tolerance) / g.interval)
	return true, quota{limit: limit, remain: max(min(remain+1, g.burst-1), 0), reset: g.tat}
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
