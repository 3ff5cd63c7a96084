package aliyun

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"
)

// RetryRules say which calls a client may send again and which answers
// are worth it. The contract knows both (contract.Default().Idempotent,
// .Transient); aliyun imports nothing of the project, so they come in as
// functions. A nil function answers false: nothing is resent.
type RetryRules struct {
	// Idempotent reports an action that is safe to repeat: a second call
	// is answered as the first was and changes nothing more.
	Idempotent func(action string) bool
	// Transient reports an error code that says the provider failed for a
	// while (ServiceUnavailable), not that the request was wrong.
	Transient func(code string) bool
	// Settle reads back whether a call not safe to repeat, whose answer
	// was lost, was carried out (with c, the same client: a read is safe
	// to repeat and is resent as any). NotCarried: nothing was done, and
	// the call is sent again as a resend (within the per-call bound and
	// the budget); Carried: the call fails with a *TransportError whose
	// ReadBack says so; MaybeCarried, or a nil Settle: its outcome stays
	// unknown.
	Settle func(ctx context.Context, c *Client, req Request) Fate
}

// WithRetries resends a call that is safe to repeat (rules.Idempotent)
// when it got no Alibaba answer (a *TransportError: reset, timeout, an
// answer cut short or not Alibaba's) or a transient one, as the official
// SDKs do: at most perCall times (0 = never), each resend built and
// signed afresh (a new nonce) after an exponential backoff with full
// jitter (WithBackoff), and each taken from budget, which every call of
// the run shares (nil = no run-wide bound, nothing counted). The last
// answer is the one returned, and judged: an API error that is not
// transient is returned at once. A call not safe to repeat is sent once;
// when it got no answer its error says the outcome is unknown.
func WithRetries(perCall int, budget *RetryBudget, rules RetryRules) Option {
	return func(c *Client) {
		c.retry.perCall, c.retry.budget, c.retry.rules = max(perCall, 0), budget, rules
	}
}

// WithBackoff sets the backoff of WithRetries: before the nth resend the
// client waits a random time from 0 to min(ceiling, base×2ⁿ⁻¹) ("full
// jitter": calls that failed together do not come back together).
func WithBackoff(base, ceiling time.Duration) Option {
	return func(c *Client) { c.retry.base, c.retry.ceiling = base, ceiling }
}

// The default backoff: 0-200 ms before the first resend, 0-400 ms before
// the second, 0-800 ms before the third, never more than 5 s; a few round
// trips of a distant endpoint, short beside the 10 s a call may take.
const (
	DefaultBackoffBase    = 200 * time.Millisecond
	DefaultBackoffCeiling = 5 * time.Second
)

// RetryThrottled resends a call answered with a throttling code (throttled
// reports one: contract.IsThrottling) up to tries times, wait after each:
// a throttled request changed nothing, so any call may be resent, a create
// included. It is for setup and cleanup calls that must get through a
// window a burst has just filled; these resends do not spend the run's
// retry budget. A call still throttled after tries resends returns its
// throttled answer.
func RetryThrottled(tries int, wait time.Duration, throttled func(code string) bool) Option {
	return RetryThrottledDoubling(tries, wait, wait, throttled)
}

// RetryThrottledDoubling is RetryThrottled with a wait that doubles after
// each throttled resend, from wait up to most: a caller that does not know
// the window's length finds its end soon and then knocks once per most
// (a journal's read-back: 250 ms doubling up to 1 s).
func RetryThrottledDoubling(tries int, wait, most time.Duration, throttled func(code string) bool) Option {
	return func(c *Client) {
		c.retry.throttledTries, c.retry.throttled = max(tries, 0), throttled
		c.retry.throttledWait, c.retry.throttledMost = wait, max(most, wait)
	}
}

// BeforeSend calls f before every request the client sends, resends
// included; an error from f stops the call unsent and is returned. A run
// that caps its requests counts them here (load profiles'
// --max-requests).
func BeforeSend(f func(action string) error) Option {
	return func(c *Client) { c.retry.beforeSend = f }
}

// retryPolicy is what the retry options set.
type retryPolicy struct {
	perCall        int
	budget         *RetryBudget
	rules          RetryRules
	base, ceiling  time.Duration
	throttledTries int
	throttledWait  time.Duration // before the first throttled resend
	throttledMost  time.Duration // the wait doubles up to this
	throttled      func(code string) bool
	beforeSend     func(action string) error
}

// safe reports a request that may be resent: its action is idempotent and
// it does not pin its nonce (a resend of a pinned nonce would be refused
// for the nonce itself, SignatureNonceUsed, and answer something else).
func (p *retryPolicy) safe(req Request) bool {
	return (req.Repeatable || p.rules.Idempotent != nil && p.rules.Idempotent(req.Action)) && !pinsNonce(req)
}

// pinsNonce reports a request that sets its own nonce: a copy of it would
// be refused for the nonce (SignatureNonceUsed), not answered as it was.
func pinsNonce(req Request) bool {
	for k := range req.Overrides {
		if strings.EqualFold(k, "SignatureNonce") || strings.EqualFold(k, "x-acs-signature-nonce") {
			return true
		}
	}
	return false
}

// unsafe reports an action known not to be safe to repeat (rules given,
// and they say no).
func (p *retryPolicy) unsafe(action string) bool {
	return p.rules.Idempotent != nil && !p.rules.Idempotent(action)
}

// backoff is the wait before the nth resend (n from 1): full jitter under
// an exponential bound.
func (p *retryPolicy) backoff(n int) time.Duration {
	base, ceiling := p.base, p.ceiling
	if base <= 0 {
		base = DefaultBackoffBase
	}
	if ceiling <= 0 {
		ceiling = DefaultBackoffCeiling
	}
	bound := base
	for i := 1; i < n && bound < ceiling; i++ {
		bound *= 2
	}
	bound = min(bound, ceiling)
	return time.Duration(rand.Int64N(int64(bound) + 1))
}

// attempts is one call's retry state.
type attempts struct {
	p         *retryPolicy
	action    string
	safe      bool
	resent    int  // resends after no answer or a transient one
	throttled int  // resends after a throttling answer
	refused   bool // the run's budget had no retry left
}

// next decides, from the last attempt's outcome, whether to send again and
// after how long.
func (a *attempts) next(resp *Response, err error) (time.Duration, bool) {
	var te *TransportError
	switch {
	case err != nil && errors.As(err, &te):
		return a.resend()
	case err != nil:
		return 0, false // build, cancellation, BeforeSend: nothing to retry
	case resp.Resent && !resp.OK():
		// net/http resent the same signed message and the refusal may be
		// the copy's, for its nonce: the first copy's answer was lost. A
		// call safe to repeat is resent as after a lost answer; any other
		// is not, not even after a throttle: the first copy may have been
		// carried out (FateOf says maybe)
		return a.resend()
	case resp.Code != "" && a.p.rules.Transient != nil && a.p.rules.Transient(resp.Code):
		return a.resend()
	case resp.Code != "" && a.p.throttled != nil && a.p.throttled(resp.Code) && a.throttled < a.p.throttledTries:
		a.throttled++
		return a.p.throttledBackoff(a.throttled), true
	}
	return 0, false
}

// throttledBackoff is the wait before the nth throttled resend (n from 1):
// the wait doubled n-1 times, never past the most.
func (p *retryPolicy) throttledBackoff(n int) time.Duration {
	d := p.throttledWait
	for i := 1; i < n && d < p.throttledMost; i++ {
		d *= 2
	}
	return min(d, max(p.throttledMost, p.throttledWait))
}

func (a *attempts) resend() (time.Duration, bool) {
	if !a.safe {
		return 0, false
	}
	return a.spend()
}

// spend takes one resend of the call's and the run's.
func (a *attempts) spend() (time.Duration, bool) {
	if a.resent >= a.p.perCall {
		return 0, false
	}
	if !a.p.budget.take(a.action) {
		a.refused = true
		return 0, false
	}
	a.resent++
	return a.p.backoff(a.resent), true
}

// settle reads back a call not safe to repeat whose answer was lost
// (rules.Settle): carried out, its fault says so; not, it is sent again
// as a resend. It reports whether to send again and after how long.
func (a *attempts) settle(ctx context.Context, c *Client, req Request, err error) (time.Duration, bool) {
	var te *TransportError
	if a.p.rules.Settle == nil || !errors.As(err, &te) || !te.OutcomeUnknown {
		return 0, false
	}
	switch a.p.rules.Settle(ctx, c, req) {
	case Carried:
		te.ReadBack, te.OutcomeUnknown = Carried, false
	case NotCarried:
		te.ReadBack, te.OutcomeUnknown = NotCarried, false
		if pinsNonce(req) {
			return 0, false
		}
		return a.spend()
	}
	return 0, false
}

// final notes on the last transport fault how many resends came before
// it and whether the budget stopped them.
func (a *attempts) final(err error) error {
	var te *TransportError
	if errors.As(err, &te) {
		te.Resent, te.BudgetSpent = a.resent, a.refused
	}
	return err
}

// Sleep waits d, or until ctx ends (its cause then): the one wait of
// the client's resends, the pacer and the load probes' set-up.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
