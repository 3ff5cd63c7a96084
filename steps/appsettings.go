package steps

import (
	"context"
	"errors"
	"fmt"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// appSettings is the app's moderation, callback and disabled state as the
// scenario found it on a real target, set back afterwards: the scenarios
// that change an app's settings run in the app --app-id names, which is
// the user's.
type appSettings struct {
	auditType, auditURL, callbackURL, disable string
}

// keepAppSettings reads the app's settings before the scenario's first
// call that changes the app, on a real target (on an emulator each
// scenario has an app of its own).
func (w *World) keepAppSettings(ctx context.Context, action string) error {
	op, ok := w.s.contract.Operation(action)
	if w.admin != nil || w.settings != nil || !ok || !op.AppLevel || op.Read || action == contract.OpCreateLiveMessageApp {
		return nil
	}
	resp, err := w.mustOK(ctx, w.op(contract.OpDescribeLiveMessageApp, nil))
	if err != nil {
		return fmt.Errorf("read the app's settings to set them back afterwards: %w", err)
	}
	str := func(k string) string {
		if v, ok := resp.Fields[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	w.settings = &appSettings{auditType: str("AuditType"), auditURL: str("AuditUrl"), callbackURL: str("EventCallbackUrl"), disable: str("Disable")}
	return nil
}

// restoreAppSettings sets the app's settings back as keepAppSettings found
// them; an answer that is not a success is reported, not retried.
func (w *World) restoreAppSettings(ctx context.Context) error {
	if w.settings == nil {
		return nil
	}
	st := w.settings
	audit := map[string]string{"AuditType": st.auditType}
	if st.auditURL != "" {
		audit["AuditUrl"] = st.auditURL
	}
	w.settings = nil
	var errs []error
	for _, req := range []aliyun.Request{
		w.op(contract.OpModifyLiveMessageAppAudit, audit),
		w.op(contract.OpModifyLiveMessageAppCallback, map[string]string{"EventCallbackUrl": st.callbackURL}),
		w.op(contract.OpModifyLiveMessageAppDisable, map[string]string{"Disable": st.disable}),
	} {
		resp, err := w.do(ctx, req)
		if err == nil && !resp.OK() {
			err = fmt.Errorf("%s: %d %s: %s", req.Action, resp.Status, resp.Code, resp.Message)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("set the app's settings back: %w", err))
		}
	}
	return errors.Join(errs...)
}
