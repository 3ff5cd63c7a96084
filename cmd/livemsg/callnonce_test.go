package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// TestCallNonceReruns: --nonce signs with the nonce given, so the two
// lines of a nonce reuse that explore prints rerun it: the second call is
// refused with SignatureNonceUsed, in v1 and in v3.
func TestCallNonceReruns(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	list := contract.OpListLiveMessageApps
	for _, sign := range []string{"v1", "v3"} {
		nonce := "explore-nonce-" + sign
		code, stdout, stderr := run(t, "call", "--endpoint", srv.URL, "--sign", sign, "--nonce", nonce, list, "SortType=1")
		require.Equal(t, exitOK, code, "%s %s", stdout, stderr)
		code, stdout, _ = run(t, "call", "--endpoint", srv.URL, "--sign", sign, "--nonce", nonce, list, "SortType=1")
		assert.Equal(t, exitFailed, code, "%s: the nonce reused is refused", sign)
		assert.Contains(t, stdout, contract.CodeSignatureNonceUsed, sign)
	}
}
