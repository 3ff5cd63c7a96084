package steps

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/features"
)

// do sends a request with the scenario's client, checks the answer against
// the contract and keeps it as the last response. A departure from the
// contract fails the step whatever the step then expects.
func (w *World) do(ctx context.Context, req aliyun.Request) (*aliyun.Response, error) {
	return w.doWith(ctx, w.client, req)
}

func (w *World) doWith(ctx context.Context, c *aliyun.Client, req aliyun.Request) (*aliyun.Response, error) {
	if err := w.keepAppSettings(ctx, req.Action); err != nil {
		return nil, err
	}
	if err := w.s.pacer.Wait(ctx, req.Action); err != nil { // nil off a real target
		return nil, err
	}
	w.knownState(&req)
	sent := time.Now()
	w.lost = nil
	resp, err := c.Do(ctx, req)
	var te *aliyun.TransportError
	switch {
	case errors.As(err, &te) && te.ReadBack == aliyun.Carried:
		w.lost, w.last = te, nil // judged by what was read back (answered)
		return nil, err
	case errors.Is(err, aliyun.ErrTransport) && w.transport == nil:
		w.transport = err
	}
	if err != nil {
		return nil, err // it names the action already
	}
	w.logCall(req, w.keyOf(c), resp, sent, "")
	w.last, w.lastOp = resp, req.Action
	w.noteClosed(req, resp)
	return resp, w.answerDeparts(req, resp)
}

// keyOf says how a client's credentials differ from the scenario's own
// ("" when they do not).
func (w *World) keyOf(c *aliyun.Client) string {
	if c == w.client {
		return ""
	}
	cr := c.Credentials()
	switch {
	case cr.AccessKeyID == w.creds.AccessKeyID && cr.AccessKeySecret != w.creds.AccessKeySecret:
		return "the scenario's key with a wrong secret"
	case w.otherKey != nil && cr.AccessKeyID == w.otherKey.AccessKeyID:
		return "a second key the scenario set up through the admin API"
	case cr.AccessKeyID != w.creds.AccessKeyID:
		return "a key unknown to the target"
	}
	return ""
}

// op builds a request of the scenario's app.
func (w *World) op(action string, params map[string]string) aliyun.Request {
	p := map[string]string{}
	if _, ok := w.s.contract.Operation(action); ok {
		p["AppId"] = w.appID
	}
	for k, v := range params {
		p[k] = v
	}
	return aliyun.Request{Action: action, Params: p, Lists: map[string][]string{}}
}

// mustOK sends a request that a Given step needs to succeed.
func (w *World) mustOK(ctx context.Context, req aliyun.Request) (*aliyun.Response, error) {
	resp, err := w.do(ctx, req)
	if err != nil {
		return resp, err
	}
	if !resp.OK() {
		return resp, fmt.Errorf("%s: want success, got %d %s: %s", req.Action, resp.Status, resp.Code, resp.Message)
	}
	return resp, nil
}

// group returns the id of an alias, making a fresh unique one the first time.
func (w *World) group(alias string) string {
	if id, ok := w.groups[alias]; ok {
		return id
	}
	id := w.s.name(alias)
	w.groups[alias] = id
	return id
}

// featureOf names the feature a scenario belongs to.
func (s *suite) featureOf(sc *godog.Scenario) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.features == nil {
		s.features = map[string]string{}
		entries, _ := fs.Glob(features.FS, "*.feature")
		for _, name := range entries {
			b, err := fs.ReadFile(features.FS, name)
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(b), "\n") {
				if f, ok := strings.CutPrefix(strings.TrimSpace(line), "Feature:"); ok {
					s.features[name] = strings.TrimSpace(f)
					break
				}
			}
		}
	}
	uri := strings.TrimPrefix(sc.Uri, "./")
	if f, ok := s.features[uri]; ok {
		return f
	}
	return uri
}

func splitUsers(list string) []string {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	parts := strings.Split(list, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// settled is nil for the error of a call whose answer was lost and that
// reading back shows carried out: a step that only makes the call goes
// on (a set-up; "Then the call succeeds"), and one that judges its answer
// finds none (answered). Any other error is returned as it is.
func (w *World) settled(err error) error {
	if w.lost != nil && errors.Is(err, w.lost) {
		return nil
	}
	return err
}

// answered returns what keeps a step from judging the last call's answer:
// none was made (a failure of the scenario's own), or its answer was lost
// and only its effect is known (read back: an error, nothing to judge).
func (w *World) answered(ctx context.Context) error {
	if w.lost != nil {
		return w.lost
	}
	require.NotNil(w.t(ctx), w.last, "no call was made")
	return nil
}

// knownState marks a create or a recovery of a group with what the
// scenario knows of the group before the call (aliyun.Request): a create
// of an id it never made is Fresh, and one of a group it made already is
// Repeatable (answered AlreadyExists or AlreadyDelete again, nothing
// made); a recovery of a group it deleted is Fresh, and one of a group it
// made and did not delete Repeatable (refused again). So a lost answer is
// read back when that can tell, and resent when a resend is answered as
// the first. What the scenario does not know (a create without an
// answer, another's group) is neither.
func (w *World) knownState(req *aliyun.Request) {
	id := req.Params["GroupId"]
	if id == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	made, unsure := slices.Contains(w.created, id), slices.Contains(w.maybe, id)
	switch req.Action {
	case contract.OpCreateLiveMessageGroup:
		req.Fresh, req.Repeatable = !made && !unsure, made
	case contract.OpRecoverLiveMessageDeletedGroup:
		req.Fresh, req.Repeatable = made && w.closed[id], made && !w.closed[id]
	}
}

// noteClosed keeps which of the scenario's groups a delete closed and a
// recovery opened again, as their successful answers say.
func (w *World) noteClosed(req aliyun.Request, resp *aliyun.Response) {
	id := req.Params["GroupId"]
	if id == "" || !resp.OK() {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch req.Action {
	case contract.OpDeleteLiveMessageGroup:
		if w.closed == nil {
			w.closed = map[string]bool{}
		}
		w.closed[id] = true
	case contract.OpRecoverLiveMessageDeletedGroup:
		delete(w.closed, id)
	}
}
