package steps

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/livemsg/livemsg/aliyun"
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
	sent := time.Now()
	resp, err := c.Do(ctx, req)
	if err != nil {
		if errors.Is(err, aliyun.ErrTransport) && w.transport == nil {
			w.transport = err
		}
		return nil, err // it names the action already
	}
	w.logCall(req, w.keyOf(c), resp, sent, "")
	w.last, w.lastOp, w.lastReq = resp, req.Action, req
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
