package mock

import (
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// TestNonceCacheRemembersForTheWholeWindow: a nonce is refused for 2*skew
// after its first use, whatever the rotations in between, per key, and is
// accepted again once that time has passed.
func TestNonceCacheRemembersForTheWholeWindow(t *testing.T) {
	const skew = 15 * time.Minute
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	n := newNonceCache(skew)
	assert.True(t, n.use("k", "a", t0))
	assert.False(t, n.use("k", "a", t0), "replay")
	assert.True(t, n.use("other", "a", t0), "nonces are per key")
	for _, at := range []time.Duration{time.Minute, 29 * time.Minute, 30 * time.Minute} {
		assert.False(t, n.use("k", "a", t0.Add(at)), "replay after %v", at)
	}
	// b is first used just before a rotation and must survive it.
	assert.True(t, n.use("k", "b", t0.Add(29*time.Minute)))
	assert.True(t, n.use("k", "c", t0.Add(31*time.Minute)), "rotates")
	assert.False(t, n.use("k", "b", t0.Add(58*time.Minute)), "b is remembered across the rotation")
	assert.True(t, n.use("k", "a", t0.Add(31*time.Minute)), "a expired after 30 minutes")
	assert.True(t, n.use("k", "b", t0.Add(59*time.Minute+time.Second)), "b expired after 30 minutes")
	// After a long idle time both generations are gone.
	assert.True(t, n.use("k", "c", t0.Add(3*time.Hour)))
	assert.Nil(t, n.prev)
	n.reset()
	assert.True(t, n.use("k", "c", t0.Add(3*time.Hour)), "reset forgets")
}

// TestNonceCacheDoesNotKeepTheRequest: the remembered nonce is a copy, not
// a slice of the request's query string.
func TestNonceCacheDoesNotKeepTheRequest(t *testing.T) {
	n := newNonceCache(time.Minute)
	query := "SignatureNonce=abc&x=1"
	nonce := query[len("SignatureNonce=") : len("SignatureNonce=")+3]
	now := time.Now()
	n.use("k", nonce, now)
	for k := range n.cur {
		assert.Equal(t, "abc", k.nonce)
		assert.NotSame(t, unsafeData(query[len("SignatureNonce="):]), unsafeData(k.nonce))
	}
}

func unsafeData(s string) *byte { return unsafe.StringData(s) }
