package steps

import (
	"context"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

func (w *World) registerErrorSteps(sc stepTable) {
	sc.Given(`^the provider fails the next "([^"]*)" with "([^"]*)"$`, func(ctx context.Context, op, code string) error {
		return w.admin.Fault(ctx, w.account, op, code, 1)
	})
	sc.When(`^I call "([^"]*)" on group "([^"]*)"$`, func(ctx context.Context, op, alias string) error {
		_, err := w.do(ctx, w.minimal(op, alias))
		return err
	})
	sc.When(`^I call "([^"]*)" on group "([^"]*)" with that key$`, func(ctx context.Context, op, alias string) error {
		_, err := w.doWith(ctx, w.otherClient(), w.minimal(op, alias))
		return err
	})
	sc.When(`^I call "([^"]*)" on group "([^"]*)" with (\w+) "([^"]*)"$`, func(ctx context.Context, op, alias, param, value string) error {
		req := w.minimal(op, alias)
		delete(req.Lists, param)
		req.Params[param] = value
		_, err := w.do(ctx, req)
		return err
	})
	sc.When(`^I call "([^"]*)" in an app that does not exist$`, func(ctx context.Context, op string) error {
		req := w.minimal(op, "g1")
		req.Params["AppId"] = w.s.prefix + "noapp"
		_, err := w.do(ctx, req)
		return err
	})
	sc.When(`^I delete group "([^"]*)" with that key$`, func(ctx context.Context, alias string) error {
		_, err := w.doWith(ctx, w.otherClient(), w.minimal(w.s.contract.Op(contract.OpDeleteLiveMessageGroup).Name, alias))
		return err
	})
	sc.When(`^I recover group "([^"]*)" with that key$`, func(ctx context.Context, alias string) error {
		_, err := w.doWith(ctx, w.otherClient(), w.minimal(contract.OpRecoverLiveMessageDeletedGroup, alias))
		return err
	})
	sc.When(`^I call "([^"]*)" without "([^"]*)"$`, func(ctx context.Context, op, param string) error {
		req := w.minimal(op, "g1")
		delete(req.Params, param)
		delete(req.Lists, param)
		_, err := w.do(ctx, req)
		return err
	})
	sc.When(`^I call the action "([^"]*)"$`, func(ctx context.Context, action string) error {
		_, err := w.do(ctx, aliyun.Request{Action: action, Params: map[string]string{"AppId": w.appID}})
		return err
	})
	sc.When(`^I call "([^"]*)" with (version|format) "([^"]*)"$`, func(ctx context.Context, op, param, value string) error {
		req := w.minimal(op, "g1")
		if param == "version" {
			req.Version = value
		} else {
			req.Format = value
		}
		_, err := w.do(ctx, req)
		return err
	})
}

// minimal builds a request of op with every required parameter filled
// from the contract (Operation.Minimal): the scenario's app and the group
// of the alias where the operation takes them.
func (w *World) minimal(op, alias string) aliyun.Request {
	o, ok := w.s.contract.Operation(op)
	if !ok {
		// An action the contract does not have: sent as asked, for the
		// gateway's answer.
		return w.op(op, map[string]string{"GroupId": w.group(alias)})
	}
	set := map[string]string{}
	if _, ok := o.Param("AppId"); ok {
		set["AppId"] = w.appID
	}
	if _, ok := o.Param("GroupId"); ok {
		set["GroupId"] = w.group(alias)
	}
	params, lists := o.Minimal(set)
	return aliyun.Request{Action: op, Params: params, Lists: lists}
}
