package mock

import (
	"path"
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
	return out
}

// nonceCache remembers nonces per key for as long as a timestamp is valid,
// so a replay within that time is refused.
type nonceCache struct {
	mu   sync.Mutex
	ttl  time.Duration
	seen map[string]time.Time
	last time.Time // last sweep
}

func newNonceCache(ttl time.Duration) *nonceCache {
	return &nonceCache{ttl: 2 * ttl, seen: map[string]time.Time{}}
}

// use records a nonce and reports whether it was new.
func (n *nonceCache) use(keyID, nonce string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if now.Sub(n.last) > time.Minute {
		for k, t := range n.seen {
			if now.Sub(t) > n.ttl {
				delete(n.seen, k)
			}
		}
		n.last = now
	}
	k := keyID + "\x00" + nonce
	if t, ok := n.seen[k]; ok && now.Sub(t) <= n.ttl {
		return false
	}
	n.seen[k] = now
	return true
}

func (n *nonceCache) reset() {
	n.mu.Lock()
	n.seen = map[string]time.Time{}
	n.mu.Unlock()
}
