package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWhatIsSafeToRepeat holds the contract's choices of what a client may
// resend: every read; the writes that set a state; never a create, a send
// or a recovery, whose resend is not answered as the first was.
func TestWhatIsSafeToRepeat(t *testing.T) {
	c := Default()
	for _, op := range c.Operations() {
		if op.Read {
			assert.True(t, op.Idempotent, "%s is a read: safe to repeat", op.Name)
		}
	}
	for _, tc := range []struct {
		op   string
		safe bool
	}{
		{OpDeleteLiveMessageGroup, true}, // a non-existent group answers 200
		{OpRemoveLiveMessageGroupBand, true},
		{OpUnbanLiveMessageGroup, true},
		{OpAddLiveMessageGroupBand, true},
		{OpModifyLiveMessageGroupBand, true},
		{OpKickLiveMessageGroupUser, true},
		{OpModifyLiveMessageUserInfo, true},
		{OpCreateLiveMessageApp, false},
		{OpCreateLiveMessageGroup, false}, // a resend answers AlreadyExists
		{OpRecoverLiveMessageDeletedGroup, false},
		{OpSendLiveMessageGroup, false},
		{OpSendLiveMessageUser, false},
	} {
		name := tc.op
		assert.Equal(t, tc.safe, c.Idempotent(name), "%s safe to repeat", name)
	}
	assert.False(t, c.Idempotent("NoSuchAction"), "an unknown action is never resent")
}

// TestTransientCodes: only the gateway's server errors are worth a
// retry; the product's ServerError (reproduced by the suite), throttling
// and client errors are not.
func TestTransientCodes(t *testing.T) {
	c := Default()
	var transient []string
	for _, ec := range c.Codes() {
		if ec.Transient {
			transient = append(transient, ec.Code)
			assert.True(t, ec.Gateway, "%s: a transient code is the gateway's", ec.Code)
			assert.GreaterOrEqual(t, ec.Status, 500, "%s: a transient code is a server error", ec.Code)
		}
	}
	assert.Equal(t, []string{CodeInternalError, CodeServiceUnavailable}, transient)
	for _, code := range []string{CodeServerError, CodeThrottlingUser, CodeInputInvalid, "NotInTheContract"} {
		assert.False(t, c.Transient(code), "%s is not transient", code)
	}
	ec, ok := c.Code(CodeServiceUnavailable)
	require.True(t, ok)
	assert.Equal(t, 503, ec.Status)
}

func TestIsThrottling(t *testing.T) {
	for code, want := range map[string]bool{
		CodeThrottlingUser: true, CodeThrottlingApi: true, "Throttling": true,
		CodeServiceUnavailable: false, CodeInputInvalid: false, "": false, "throttling": false,
	} {
		assert.Equal(t, want, IsThrottling(code), "%q", code)
	}
}
