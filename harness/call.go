package harness

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/target"
)

// Call sends one signed call and prints the exchange, redacted, as
// livemsg call does.
type Call struct {
	Target   target.Spec
	Deadline time.Duration  // the whole job's (0: none)
	Request  aliyun.Request // BuildCall's, its envelope set
	Output   string         // what to print: OutputText, OutputJSON or OutputExchangeJSON
	Skew     time.Duration  // sign with a time this far from now
	Nonce    string         // sign with this SignatureNonce ("" a fresh one): a nonce reused
	Record   string         // a folder to record the exchange in, as a cassette ("" none)
}

// Run sends the call: exit 0 on a 2xx answer, 1 on an API error answer,
// 2 when no Alibaba answer came.
func (c Call) Run(ctx context.Context, e Output) error {
	ctx, t, stop, err := start(ctx, e, c.Target, c.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	req := c.Request
	if c.Skew != 0 {
		at := time.Now().Add(c.Skew).UTC().Format("2006-01-02T15:04:05Z")
		req.Overrides = map[string]string{"Timestamp": at}
		if req.Signature == aliyun.SignV3Version {
			req.Overrides = map[string]string{"x-acs-date": at}
		}
	}
	if c.Nonce != "" {
		if req.Overrides == nil {
			req.Overrides = map[string]string{}
		}
		if req.Signature == aliyun.SignV3Version {
			req.Overrides["x-acs-signature-nonce"] = c.Nonce
		} else {
			req.Overrides["SignatureNonce"] = c.Nonce
		}
	}
	client, finish := t.Client, func(string, string) {}
	if c.Record != "" {
		client, finish = recordCall(t, c.Record, req.Action)
	}
	resp, err := client.Do(ctx, req)
	if err != nil {
		finish("error", err.Error())
		if why := stopped(ctx); why != "" {
			return fail(e, StatusCouldNotRun, "%s: %s at %s not answered", why, req.Action, t.Endpoint)
		}
		return fail(e, StatusCouldNotRun, "could not run: %v", err)
	}
	if err := printResponse(e.Stdout, c.Output, resp); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	if n := t.Retries.Spent(); n > 0 {
		// the exchange printed is the last; say there were others
		fmt.Fprintf(e.Stderr, "livemsg: %s answered after %d %s (%s)\n", req.Action, n, plural(n, "resend", "resends"), t.Client.Faults().Diagnosis())
	}
	finish(outcomeOf(resp.OK()), resp.Code)
	if !resp.OK() {
		return failed("the API answered " + resp.Code)
	}
	return nil
}

// BuildCall turns "Operation Param=Value..." into a request, refusing before
// anything is sent a parameter the contract does not know or a missing
// required one.
func BuildCall(c *contract.Contract, action string, pairs []string, unchecked bool) (aliyun.Request, error) {
	op, ok := c.Operation(action)
	if !ok {
		return aliyun.Request{}, fmt.Errorf("%s", UnknownOperation(c, action))
	}
	req := aliyun.Request{Action: action, Params: map[string]string{}, Lists: map[string][]string{}}
	for _, kv := range pairs {
		name, val, ok := strings.Cut(kv, "=")
		if !ok {
			return req, fmt.Errorf("argument %q is not Param=Value", kv)
		}
		p, known := op.Param(name)
		if !known && unchecked {
			req.Params[name] = val
			continue
		}
		if !known {
			return req, fmt.Errorf("%s has no parameter %q; it takes %s", action, name, paramNames(op))
		}
		if p.List {
			req.Lists[name] = strings.Split(val, ",")
		} else {
			req.Params[name] = val
		}
	}
	for _, p := range op.Params {
		_, s := req.Params[p.Name]
		_, l := req.Lists[p.Name]
		if p.Required && !s && !l && !unchecked {
			return req, fmt.Errorf("%s needs the parameter %s (%s=VALUE)", action, p.Name, p.Name)
		}
	}
	return req, nil
}

func paramNames(op *contract.Operation) string {
	names := make([]string, 0, len(op.Params))
	for _, p := range op.Params {
		n := p.Name
		if p.Required {
			n += " (required)"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}
