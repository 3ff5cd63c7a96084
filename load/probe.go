// Package load drives operations of the API at constant rates with vegeta,
// classifies every answer (served, throttled, other), and infers the QPS
// limit a provider enforces, judged against the contract's documented one.
package load

import (
	"context"
	"fmt"

	"github.com/livemsg/livemsg/aliyun"
)

// Probe is a harmless request of one operation, with what it needs set up
// first and torn down after.
type Probe struct {
	Operation string
	// Request builds the request; called once per target, so every target
	// is signed afresh by the client.
	Request func() aliyun.Request
	// Served lists the error codes that count as a served business answer
	// (e.g. ResourceNotExist when recovering a group never created).
	Served []string
	// Setup and Teardown create and delete what the probe needs.
	Setup, Teardown func(ctx context.Context, c *aliyun.Client) error
}

// Env is what probes are built in.
type Env struct {
	AppID   string // the app the probes work in
	GroupID string // a group the probe may create (unmute) or name (delete)
	Prefix  string // unique prefix for names
}

// NewProbe returns the harmless probe of an operation:
//   - DeleteLiveMessageGroup deletes a group that does not exist (the
//     service answers with its id: "deleted or non-existent group");
//   - RecoverLiveMessageDeletedGroup recovers a group never created
//     (ResourceNotExist, a served business answer);
//   - RemoveLiveMessageGroupBand unmutes a user who is not muted, in a group
//     the probe creates first and deletes after;
//   - DescribeLiveMessageGroup and DescribeLiveMessageGroupBand read that
//     same probe group.
func NewProbe(op string, env Env) (*Probe, error) {
	p := &Probe{Operation: op}
	params := map[string]string{"AppId": env.AppID}
	ghost := env.Prefix + "absent"
	switch op {
	case "DeleteLiveMessageGroup":
		params["GroupId"] = ghost
		p.Served = []string{"ResourceNotExist"}
	case "RecoverLiveMessageDeletedGroup":
		params["GroupId"] = ghost
		p.Served = []string{"ResourceNotExist"}
	case "RemoveLiveMessageGroupBand", "DescribeLiveMessageGroup", "DescribeLiveMessageGroupBand":
		params["GroupId"] = env.GroupID
		p.Setup, p.Teardown = groupSetup(env), groupTeardown(env)
	default:
		return nil, fmt.Errorf("load: no harmless probe for %s", op)
	}
	p.Request = func() aliyun.Request {
		req := aliyun.Request{Action: op, Params: params}
		if op == "RemoveLiveMessageGroupBand" {
			req.Lists = map[string][]string{"UnbannedUsers": {"probeuser"}}
		}
		return req
	}
	return p, nil
}

func groupSetup(env Env) func(context.Context, *aliyun.Client) error {
	return func(ctx context.Context, c *aliyun.Client) error {
		resp, err := c.Do(ctx, aliyun.Request{Action: "CreateLiveMessageGroup", Params: map[string]string{
			"AppId": env.AppID, "GroupId": env.GroupID, "CreatorId": "livemsgprobe"}})
		if err != nil {
			return fmt.Errorf("probe setup: %w", err)
		}
		if !resp.OK() {
			return fmt.Errorf("probe setup: create group %s: %d %s: %s", env.GroupID, resp.Status, resp.Code, resp.Message)
		}
		return nil
	}
}

func groupTeardown(env Env) func(context.Context, *aliyun.Client) error {
	return func(ctx context.Context, c *aliyun.Client) error {
		_, err := c.Do(ctx, aliyun.Request{Action: "DeleteLiveMessageGroup", Params: map[string]string{
			"AppId": env.AppID, "GroupId": env.GroupID}})
		return err
	}
}
