package mock

import (
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// Key is an access key of an account. A Policy, when set, is a RAM-style
// allow list: a call whose action on its resource no statement allows is
// NoAuth.
type Key struct {
	ID       string  `json:"id"`
	Secret   string  `json:"secret,omitempty"`
	Account  string  `json:"account"`
	Inactive bool    `json:"inactive,omitempty"`
	Policy   *Policy `json:"policy,omitempty"`
}

// Policy allows actions on resources. Patterns may use * (path.Match).
type Policy struct {
	Allow []Statement `json:"allow"`
}

// Statement allows its actions (e.g. "live:DeleteLiveMessageGroup",
// "live:*") on its resources (e.g. "acs:live::1234:rtc/myapp", "*").
type Statement struct {
	Actions   []string `json:"actions"`
	Resources []string `json:"resources"`
}

// Allows reports whether the policy allows action on resource.
func (p *Policy) Allows(action, resource string) bool {
	if p == nil {
		return true
	}
	for _, st := range p.Allow {
		if matchAny(st.Actions, action) && matchAny(st.Resources, resource) {
			return true
		}
	}
	return false
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if p == "*" || p == s {
			return true
		}
		if ok, err := path.Match(p, s); err == nil && ok {
			return true
		}
	}
	return false
}

type keyring struct {
	mu   sync.RWMutex
	keys map[string]Key
}

func newKeyring(keys []Key) *keyring {
	k := &keyring{keys: map[string]Key{}}
	for _, key := range keys {
		k.put(key)
	}
	return k
}

func (k *keyring) get(id string) (Key, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	key, ok := k.keys[id]
	return key, ok
}

func (k *keyring) put(key Key) {
	if key.Account == "" {
		key.Account = DefaultAccount
	}
	k.mu.Lock()
	k.keys[key.ID] = key
	k.mu.Unlock()
}

func (k *keyring) remove(id string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	_, ok := k.keys[id]
	delete(k.keys, id)
	return ok
}

func (k *keyring) list() []Key {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make([]Key, 0, len(k.keys))
	for _, key := range k.keys {
		key.Secret = ""
		out = append(out, key)
	}
	slices.SortFunc(out, func(a, b Key) int { return strings.Compare(a.ID, b.ID) }) // the same list reads the same
	return out
}

// nonceCache remembers nonces per key for as long as a timestamp is valid,
// so a replay within that time is refused. It keeps two generations of
// maps and drops the older one whole each ttl, instead of sweeping entry by
// entry: a nonce is remembered for at least ttl and at most 2*ttl, and no
// request waits for a sweep of a large map.
type nonceCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	cur     map[nonceKey]int64 // unix nanoseconds of first use
	prev    map[nonceKey]int64
	rotated time.Time
}

type nonceKey struct{ keyID, nonce string }

func newNonceCache(skew time.Duration) *nonceCache {
	// A timestamp is valid from skew before to skew after now: a nonce must
	// be remembered for the whole 2*skew.
	return &nonceCache{ttl: 2 * skew, cur: map[nonceKey]int64{}}
}

// use records a nonce and reports whether it was new.
func (n *nonceCache) use(keyID, nonce string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.rotated.IsZero() {
		n.rotated = now
	}
	if since := now.Sub(n.rotated); since >= n.ttl {
		n.prev, n.cur = n.cur, make(map[nonceKey]int64, len(n.cur))
		if since >= 2*n.ttl {
			n.prev = nil
		}
		n.rotated = now
	}
	k := nonceKey{keyID, nonce}
	at := now.UnixNano()
	for _, m := range []map[nonceKey]int64{n.cur, n.prev} {
		if t, ok := m[k]; ok && at-t <= int64(n.ttl) {
			return false
		}
	}
	// Cloned: the nonce is a slice of the request's query, which the cache
	// must not keep alive.
	n.cur[nonceKey{strings.Clone(keyID), strings.Clone(nonce)}] = at
	return true
}

func (n *nonceCache) reset() {
	n.mu.Lock()
	n.cur, n.prev, n.rotated = map[nonceKey]int64{}, nil, time.Time{}
	n.mu.Unlock()
}
