// Package load drives operations of the API at constant rates with vegeta,
// classifies every answer (served, throttled, other), and infers the QPS
// limit a provider enforces, judged against the contract's documented one.
package load

import (
	"context"
	"fmt"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Probe is a harmless request of one operation, with what it needs set up
// first and torn down after.
type Probe struct {
	Operation string
	// Request builds the request; called once per target, so every target
	// is signed afresh by the client. It must be safe for concurrent use.
	Request func() aliyun.Request
	// Served lists the error codes that count as a served business answer
	// (e.g. ResourceNotExist when recovering a group never created).
	Served []string
	// Setup and Teardown create and delete what the probe needs; nil when
	// it needs nothing.
	Setup, Teardown func(ctx context.Context, c *aliyun.Client) error
}

// Env is what probes are built in.
type Env struct {
	AppID   string  // the app the probes work in
	GroupID string  // a group the probe creates and deletes (unmute, describe)
	Prefix  string  // unique prefix for names the probe only mentions
	Journal Journal // records that group's creation and deletion (nil = none), for livemsg cleanup
}

// ProbeOperations lists the operations that have a harmless probe: those
// the contract marks @probe, the brief ones first.
var ProbeOperations = probeNames(false)

// probeNames is the names of the contract's probe operations (only the
// brief ones when brief).
func probeNames(brief bool) []string {
	var out []string
	for _, op := range contract.Default().ProbeOperations() {
		if !brief || op.Probe.Brief {
			out = append(out, op.Name)
		}
	}
	return out
}

// probeUser is the user the unmute probe names; nobody mutes it.
const probeUser = "livemsgprobeuser"

// NewProbe returns the harmless probe of an operation, as its @probe in
// the contract says, with the contract's minimal request:
//   - target ABSENT_GROUP names a group that does not exist (deleting one
//     answers 200 with its id, "deleted or non-existent group"; recovering
//     one answers ResourceNotExist); the @probe's served codes count as
//     served business answers;
//   - target PROBE_GROUP works on a group the probe creates in Setup and
//     deletes in Teardown; a required user list names a user nobody mutes
//     (unmuting them changes nothing).
func NewProbe(op string, env Env) (*Probe, error) {
	o, ok := contract.Default().Operation(op)
	if !ok || o.Probe == nil {
		return nil, fmt.Errorf("load: no harmless probe for %s (probes exist for %v)", op, ProbeOperations)
	}
	p := &Probe{Operation: op, Served: o.Probe.Served}
	group := env.GroupID
	if o.Probe.Target == contract.ProbeAbsentGroup {
		group = env.Prefix + "absent"
	} else {
		p.Setup, p.Teardown = createGroup(env), deleteGroup(env)
	}
	params, lists := o.Minimal(map[string]string{"AppId": env.AppID, "GroupId": group})
	for name := range lists {
		lists[name] = []string{probeUser}
	}
	// Build only reads the maps, so the workers may share them.
	p.Request = func() aliyun.Request {
		return aliyun.Request{Action: op, Params: params, Lists: lists}
	}
	return p, nil
}

// setUp runs the probe's Setup and returns its Teardown, to be called with
// a context that outlives the run's cancellation.
func (p *Probe) setUp(ctx context.Context, c *aliyun.Client) (teardown func(), err error) {
	if p.Setup != nil {
		if err := p.Setup(ctx, c); err != nil {
			return nil, err
		}
	}
	return func() {
		if p.Teardown != nil {
			_ = p.Teardown(context.WithoutCancel(ctx), c)
		}
	}, nil
}

// setupRequests is how many calls Setup and Teardown make.
func (p *Probe) setupRequests() int {
	if p.Setup == nil {
		return 0
	}
	return 2
}

func createGroup(env Env) func(context.Context, *aliyun.Client) error {
	return func(ctx context.Context, c *aliyun.Client) error {
		if env.Journal != nil {
			// before: a lost answer may still have created it
			if err := env.Journal.Intended(env.AppID, env.GroupID); err != nil {
				return fmt.Errorf("probe setup: create group %s: not sent: %w", env.GroupID, err)
			}
		}
		resp, err := patiently(c).Do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageGroup, Params: map[string]string{
			"AppId": env.AppID, "GroupId": env.GroupID, "CreatorId": "livemsgprobe"}})
		if env.Journal != nil {
			switch aliyun.FateOf(resp, err) {
			case aliyun.Carried:
				env.Journal.Created(env.AppID, env.GroupID)
			case aliyun.NotCarried:
				env.Journal.NotCreated(env.AppID, env.GroupID)
			}
		}
		if err != nil {
			return fmt.Errorf("probe setup: create group %s: %w", env.GroupID, err)
		}
		if !resp.OK() {
			return fmt.Errorf("probe setup: create group %s: %d %s: %s", env.GroupID, resp.Status, resp.Code, resp.Message)
		}
		return nil
	}
}

func deleteGroup(env Env) func(context.Context, *aliyun.Client) error {
	return func(ctx context.Context, c *aliyun.Client) error {
		resp, err := patiently(c).Do(ctx, aliyun.Request{Action: contract.OpDeleteLiveMessageGroup, Params: map[string]string{
			"AppId": env.AppID, "GroupId": env.GroupID}})
		if err != nil {
			return fmt.Errorf("probe teardown: delete group %s: %w", env.GroupID, err)
		}
		if !resp.OK() {
			return fmt.Errorf("probe teardown: delete group %s: %d %s: %s", env.GroupID, resp.Status, resp.Code, resp.Message)
		}
		if env.Journal != nil {
			env.Journal.Deleted(env.AppID, env.GroupID)
		}
		return nil
	}
}

// patiently is c for a setup or teardown call: it waits out a throttling
// window (a ladder of the same operation may just have filled it) up to
// three times, a window and a little each.
func patiently(c *aliyun.Client) *aliyun.Client {
	return c.With(aliyun.RetryThrottled(setupThrottledTries, setupThrottledWait, contract.IsThrottling))
}

// A setup or cleanup call is resent this many times after a throttle,
// this long after each: one second's window and a margin.
const (
	setupThrottledTries = 3
	setupThrottledWait  = time.Second + 100*time.Millisecond
)
