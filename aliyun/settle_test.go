package aliyun_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/target"
)

// settling is the contract's rules with its read-backs (target.Settle).
var settling = aliyun.RetryRules{Idempotent: contract.Default().Idempotent, Transient: contract.Default().Transient, Settle: target.Settle}

// TestLostCreateSettledByReadBack: a create whose first copy got no answer
// is read back (DescribeLiveMessageGroup). Dropped before the provider
// made anything, the group is absent and the create is sent again, as a
// resend counted in the budget, and succeeds. Made and its answer lost or
// cut short, the create is not sent again and its error says it was
// carried out; FateOf says so too, so a journal names the group.
func TestLostCreateSettledByReadBack(t *testing.T) {
	srv, app := emulatorWithApp(t)
	mk, read := contract.OpCreateLiveMessageGroup, contract.OpDescribeLiveMessageGroup
	for _, tc := range []struct {
		name    string
		first   fate
		carried bool
	}{{"request dropped", drop, false}, {"answer lost", lose, true}, {"answer cut short", cutOff, true}} {
		t.Run(tc.name, func(t *testing.T) {
			link := newFlaky(t, srv.URL, func(action string, n int) fate {
				if action == mk && n == 1 {
					return tc.first
				}
				return pass
			})
			budget := aliyun.NewRetryBudget(20)
			c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, budget, settling), fastBackoff)
			req := create(app, "settled"+strings.ReplaceAll(tc.name, " ", ""))
			req.Fresh = true // a new id: a group found was made by this call
			resp, err := c.Do(context.Background(), req)
			assert.Equal(t, 1, link.count(read), "read back once")
			if !tc.carried {
				require.NoError(t, err)
				assert.True(t, resp.OK(), "%s", resp.Body)
				assert.Equal(t, 2, link.count(mk), "sent again: the group was not there")
				assert.Equal(t, map[string]int{mk: 1}, budget.ByOperation(), "the second create is a counted resend; the read went through at once")
				assert.Equal(t, aliyun.Carried, aliyun.FateOf(resp, err))
				return
			}
			var te *aliyun.TransportError
			require.True(t, errors.As(err, &te), "%v", err)
			assert.Equal(t, aliyun.Carried, te.ReadBack)
			assert.False(t, te.OutcomeUnknown)
			assert.Contains(t, err.Error(), "read back, it was carried out: only its answer was lost")
			assert.Equal(t, 1, link.count(mk), "made already: never sent again")
			assert.Equal(t, aliyun.Carried, aliyun.FateOf(resp, err))
		})
	}
}

// TestLostCreateStaysUnknown: a create whose answer was lost stays
// unknown, and is not sent again, when the read-back gets no answer either,
// or when it finds the group but the create was not Fresh (the group may
// have been there before).
func TestLostCreateStaysUnknown(t *testing.T) {
	srv, app := emulatorWithApp(t)
	mk := contract.OpCreateLiveMessageGroup
	for _, tc := range []struct {
		name  string
		fresh bool
		plan  func(action string, n int) fate
	}{
		{"the read is lost too", true, func(action string, n int) fate { return map[bool]fate{true: pass, false: lose}[action == mk && n > 1] }},
		{"found maybe there before", false, func(action string, n int) fate { return map[bool]fate{true: lose, false: pass}[action == mk && n == 1] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			link := newFlaky(t, srv.URL, tc.plan)
			c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, aliyun.NewRetryBudget(20), settling), fastBackoff)
			req := create(app, "unsettled"+strings.ReplaceAll(tc.name, " ", ""))
			req.Fresh = tc.fresh
			_, err := c.Do(context.Background(), req)
			var te *aliyun.TransportError
			require.True(t, errors.As(err, &te), "%v", err)
			assert.True(t, te.OutcomeUnknown)
			assert.Equal(t, aliyun.MaybeCarried, aliyun.FateOf(nil, err))
			assert.Equal(t, 1, link.count(mk), "never sent again")
		})
	}
}

// TestRepeatableCreateResent: a create the caller knows is a repeat (its
// group made already: Repeatable) is resent after a lost answer, as a
// call safe to repeat, and answered as a repeat is: AlreadyExists.
func TestRepeatableCreateResent(t *testing.T) {
	srv, app := emulatorWithApp(t)
	mk := contract.OpCreateLiveMessageGroup
	link := newFlaky(t, srv.URL, func(action string, n int) fate { return map[bool]fate{true: lose, false: pass}[action == mk && n == 2] })
	budget := aliyun.NewRetryBudget(20)
	c := aliyun.NewClient(link.URL, emuCreds, aliyun.WithRetries(3, budget, settling), fastBackoff)
	_, err := c.Do(context.Background(), create(app, "again"))
	require.NoError(t, err)
	req := create(app, "again")
	req.Repeatable = true
	resp, err := c.Do(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, true, resp.Fields["AlreadyExists"], "%s", resp.Body)
	assert.Equal(t, 3, link.count(mk), "the repeat resent once")
	assert.Zero(t, link.count(contract.OpDescribeLiveMessageGroup), "nothing to read back: resent")
	assert.Equal(t, 1, budget.Spent())
}
