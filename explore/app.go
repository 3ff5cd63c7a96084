package explore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// appInfo is the app a real target is explored in, as read before the
// run: the oracle's app of each sequence is made like it, and the app is
// set back to it after every sequence that sent an app-level write.
type appInfo struct {
	dataCenter string
	disabled   bool
	// create makes the oracle's app: the parameters of the app-making
	// operation named like the fields the app's description gives.
	create map[string]string
	// settings are the app's settings as read: the parameters of the
	// app-level writes, by name.
	settings map[string]string
	// unread: the app could not be read; its settings are never written.
	unread bool
}

// readApp describes the app of a real target (no app is ever made there).
func (x *explorer) readApp(ctx context.Context) error {
	op := x.c.Op(contract.OpDescribeLiveMessageApp)
	if op == nil {
		return nil
	}
	resp, err := x.send(ctx, x.cfg.Target, aliyun.Request{Action: op.Name, Params: map[string]string{"AppId": x.cfg.AppID}})
	if err != nil {
		return fmt.Errorf("read the app: %w", err)
	}
	if !resp.OK() || resp.Fields == nil {
		return fmt.Errorf("read the app %s: %s answered %d %s", x.cfg.AppID, op.Name, resp.Status, resp.Code)
	}
	a := appInfo{create: map[string]string{}, settings: map[string]string{}}
	value := func(name string) (string, bool) {
		switch v := resp.Fields[name].(type) {
		case string:
			return v, true
		case float64:
			return strconv.FormatInt(int64(v), 10), true
		case bool:
			return strconv.FormatBool(v), true
		}
		return "", false
	}
	a.dataCenter, _ = value("DataCenter")
	if d, _ := value("Disable"); d == "true" {
		a.disabled = true
	}
	if gen := generatorOf(x.c); gen != nil {
		for _, p := range gen.Params {
			if v, ok := value(p.Name); ok && v != "" {
				a.create[p.Name] = v
			}
		}
	}
	for _, name := range appWrites {
		w := x.c.Op(name)
		if w == nil {
			continue
		}
		for _, p := range w.Params {
			if v, ok := value(p.Name); ok && p.Name != "AppId" {
				a.settings[p.Name] = v
			}
		}
	}
	x.app = a
	return nil
}

// appWrites are the app-level writes, in the order the app is set back
// (enabled last, so that a disabled app's settings can still be set).
var appWrites = []string{contract.OpModifyLiveMessageAppAudit, contract.OpModifyLiveMessageAppCallback, contract.OpModifyLiveMessageAppDisable}

// restoreApp sets the app back as it was read.
func (x *explorer) restoreApp(ctx context.Context) {
	for _, name := range appWrites {
		op := x.c.Op(name)
		if op == nil {
			continue
		}
		params := map[string]string{"AppId": x.cfg.AppID}
		for _, p := range op.Params {
			v, ok := x.app.settings[p.Name]
			if !ok || v == "" || p.Name == "DataCenter" {
				continue
			}
			if p.RequiredWhen != nil && x.app.settings[p.RequiredWhen.Param] != p.RequiredWhen.Value {
				continue
			}
			params[p.Name] = v
		}
		if op.Name == contract.OpModifyLiveMessageAppDisable {
			params["Disable"] = strconv.FormatBool(x.app.disabled)
		}
		resp, err := x.send(ctx, x.cfg.Target, aliyun.Request{Action: op.Name, Params: params})
		if x.cfg.Log != nil && (err != nil || !resp.OK()) {
			fmt.Fprintf(x.cfg.Log, "explore: could not set the app back (%s): %v\n", op.Name, errOrCode(resp, err))
		}
	}
}

func errOrCode(resp *aliyun.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%d %s", resp.Status, resp.Code)
}

// generatorOf is the operation that makes apps.
func generatorOf(c *contract.Contract) *contract.Operation {
	return c.Op(contract.OpCreateLiveMessageApp)
}
