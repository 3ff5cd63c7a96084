package mock

import (
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// throttle limits each (account, operation) to its QPS, in the shape chosen
// for the operation (sliding unless told otherwise). The operations
// throttled shared:rate=R share one bucket per account and rate instead.
type throttle struct {
	mu        sync.Mutex
	limits    map[string]int      // operation -> QPS (0 = none)
	shapes    map[string]Throttle // operation -> shape; absent = all
	all       Throttle            // the shape of every operation not in shapes
	limiters  map[string]limiter  // by account and operation (or shared bucket)
	overrides map[string]int
}

// The rate-limit headers the official SDKs read (darabonba-openapi's
// GetThrottlingTimeLeft): per user and API, and per user (account-wide).
const (
	HeaderUserAPI = "X-Ratelimit-User-Api"
	HeaderUser    = "X-Ratelimit-User"
)

func newThrottle(c *contract.Contract, overrides map[string]int, all Throttle, shapes map[string]Throttle) *throttle {
	t := &throttle{limits: map[string]int{}, overrides: map[string]int{}, shapes: map[string]Throttle{}, limiters: map[string]limiter{}, all: all}
	for _, op := range c.Operations() {
		t.limits[op.Name] = op.QPS
	}
	for op, n := range overrides {
		t.limits[op] = n
		t.overrides[op] = n
	}
	maps.Copy(t.shapes, shapes)
	return t
}

// decision is the outcome of admit: whether the request may proceed, and
// the header (name and value) that says how much is left.
type decision struct {
	ok            bool
	header, value string
}

// admit decides whether a request of account on op may proceed at now.
func (t *throttle) admit(account, op string, now time.Time) decision {
	t.mu.Lock()
	defer t.mu.Unlock()
	limit := t.limits[op]
	if limit <= 0 {
		return decision{ok: true}
	}
	shape, ok := t.shapes[op]
	if !ok {
		shape = t.all
	}
	key, header, rate := account+"\x00"+op, HeaderUserAPI, limit
	if shape.Shape == ShapeShared {
		rate = shape.Rate
		if rate <= 0 {
			rate = limit
		}
		key, header = account+"\x00shared\x00"+strconv.Itoa(rate), HeaderUser
	}
	l := t.limiters[key]
	if l == nil {
		l = newLimiter(shape, rate)
		t.limiters[key] = l
	}
	admitted, q := l.admit(now)
	return decision{ok: admitted, header: header, value: q.header()}
}

// header writes a quota as the gateway's rate-limit headers are valued:
// Limit:50,Remain:0,TimeLeft:400,Reset:1767225600 (TimeLeft in
// milliseconds, rounded up; Reset in Unix seconds, rounded up).
func (q quota) header() string {
	left := (q.timeLeft + time.Millisecond - 1) / time.Millisecond
	reset := (q.reset.UnixMilli() + 999) / 1000
	b := make([]byte, 0, 64)
	b = append(b, "Limit:"...)
	b = strconv.AppendInt(b, int64(q.limit), 10)
	b = append(b, ",Remain:"...)
	b = strconv.AppendInt(b, int64(q.remain), 10)
	b = append(b, ",TimeLeft:"...)
	b = strconv.AppendInt(b, int64(left), 10)
	b = append(b, ",Reset:"...)
	b = strconv.AppendInt(b, reset, 10)
	return string(b)
}

// set overrides one operation's limit; its buckets start afresh.
func (t *throttle) set(op string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.limits[op] = n
	t.overrides[op] = n
	for key := range t.limiters {
		if strings.HasSuffix(key, "\x00"+op) {
			delete(t.limiters, key)
		}
	}
}

// setShape throttles op in a shape ("" = every operation without a shape
// of its own); every bucket starts afresh.
func (t *throttle) setShape(op string, s Throttle) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if op == "" {
		t.all = s
	} else {
		t.shapes[op] = s
	}
	t.limiters = map[string]limiter{}
}

// snapshot returns every operation's limit.
func (t *throttle) snapshot() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return maps.Clone(t.limits)
}

// shapeSnapshot returns the shape every operation is throttled in.
func (t *throttle) shapeSnapshot() map[string]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]string, len(t.limits))
	for op := range t.limits {
		s, ok := t.shapes[op]
		if !ok {
			s = t.all
		}
		out[op] = s.String()
	}
	return out
}

func (t *throttle) reset() {
	t.mu.Lock()
	t.limiters = map[string]limiter{}
	t.mu.Unlock()
}
