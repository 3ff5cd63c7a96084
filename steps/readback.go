package steps

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Presence is what reading a group back found on the account.
type Presence int

// The presences of a group. A deleted group stays recoverable for the
// contract's recover window and is described and listed with a deleted
// status meanwhile, but it holds no place among the app's active groups
// and is purged on its own: it is off the account. Only an active group
// is left over.
const (
	PresenceUnknown Presence = iota // the read-back got no answer: it may be there
	PresenceActive                  // there and not deleted: left on the account
	PresenceDeleted                 // there, deleted
	PresenceAbsent                  // no such group: never made, or purged
)

func (p Presence) String() string {
	return [...]string{"unknown", "active", "deleted", "absent"}[p]
}

// ReadBack describes a group and says what it found. Lost answers and
// throttling are retried (a read is safe to repeat); an error says why
// the presence stayed unknown.
func ReadBack(ctx context.Context, c *aliyun.Client, app, group string) (Presence, error) {
	return readBack(ctx, &settler{c: c, pacer: newPacer()}, app, group)
}

func readBack(ctx context.Context, s *settler, app, group string) (Presence, error) {
	resp, err := s.call(ctx, aliyun.Request{Action: contract.OpDescribeLiveMessageGroup,
		Params: map[string]string{"AppId": app, "GroupId": group}})
	switch {
	case err != nil:
		return PresenceUnknown, fmt.Errorf("read back %s/%s: %w", app, group, err)
	case resp.Code == contract.CodeResourceNotExist:
		return PresenceAbsent, nil
	case !resp.OK():
		return PresenceUnknown, fmt.Errorf("read back %s/%s: %d %s", app, group, resp.Status, resp.Code)
	case isTrue(resp.Fields["Delete"]):
		return PresenceDeleted, nil
	}
	return PresenceActive, nil
}

// isTrue reads a boolean field, JSON true or the text "true".
func isTrue(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		return strings.EqualFold(b, "true")
	}
	return false
}

// settler makes the calls that settle a journal: reads and deletes, both
// safe to repeat, paced under each operation's limit, each retried when
// its answer is lost or throttled.
//
// Exactly one layer resends a lost answer. With more than one try (a
// read-back, livemsg cleanup) it is the settler: its calls go out on a
// copy of the client whose own resends (WithRetries) are off, so a try is
// one request, settleTries lost in a row cost settleTries requests (not
// that many times the client's --retries, each after its backoff), and
// the run's retry budget is not spent on them. With one try (the deletes
// after a scenario) it is the client's, as for any call of the run:
// within --retries and the budget, counted in the retries line. Either
// way a throttle is waited out by the client (RetryThrottledDoubling).
type settler struct {
	c     *aliyun.Client
	pacer *pacer // nil: no pacing (an emulator with its own accounts)
	// tries bounds the tries of a call whose answers are lost (0 =
	// settleTries).
	tries int
	// lost counts tries in a row, across calls, that got no answer: at
	// settleTries the target is taken as down and nothing more is sent,
	// so a dead link costs settleTries calls, not that many per group.
	lost int
	// sender is c as the settler sends with (client), made on first use.
	sender *aliyun.Client
}

// The budget of a settling call.
const (
	// settleTries: on a link that loses 30% of answers, 8 tries in a row
	// are all lost once in 15,000.
	settleTries = 8
	// settleThrottled: throttled answers waited out per call, 250 ms
	// doubling up to 1 s (about 6 s in all), before the throttle is the
	// answer.
	settleThrottled = 8
	settleWait      = 250 * time.Millisecond
	settleWaitMost  = time.Second
)

var errTargetDown = errors.New("the target stopped answering")

// client is c as the settler sends with: waiting out throttles, and
// sending each try once when the settler resends lost answers itself.
func (s *settler) client() *aliyun.Client {
	if s.sender == nil {
		k := contract.Default()
		opts := []aliyun.Option{aliyun.RetryThrottledDoubling(settleThrottled, settleWait, settleWaitMost, contract.IsThrottling)}
		if cmp.Or(s.tries, settleTries) > 1 {
			opts = append(opts, aliyun.WithRetries(0, nil, aliyun.RetryRules{Idempotent: k.Idempotent, Transient: k.Transient}))
		}
		s.sender = s.c.With(opts...)
	}
	return s.sender
}

// call sends req until an Alibaba answer comes, or its tries run out: then
// the error of the last lost answer. A throttled answer is resent by the
// client (settleThrottled times) and then returned.
func (s *settler) call(ctx context.Context, req aliyun.Request) (*aliyun.Response, error) {
	if s.lost >= settleTries {
		return nil, fmt.Errorf("%s: not sent: %w", req.Action, errTargetDown)
	}
	op, _ := contract.Default().Operation(req.Action)
	tries := cmp.Or(s.tries, settleTries)
	c := s.client()
	for lost := 0; ; {
		if s.pacer != nil {
			if err := s.pacer.wait(ctx, req.Action, op.QPS); err != nil {
				return nil, err
			}
		}
		resp, err := c.Do(ctx, req)
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("%s: %w", req.Action, context.Cause(ctx))
		case errors.Is(err, aliyun.ErrTransport), err == nil && resp.Resent && !resp.OK():
			// no answer, or only the refusal of a copy net/http resent
			s.lost++
			if lost++; lost >= tries || s.lost >= settleTries {
				return resp, err
			}
			continue
		case err != nil:
			return nil, err
		}
		s.lost = 0
		return resp, nil
	}
}
