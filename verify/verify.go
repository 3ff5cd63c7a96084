// Package verify replays what an application sent to the emulator
// (livemsg mock --record) on a real account, and tells for each exchange
// whether the real answer matches the one the application was tested
// against, with parity's masking: Pact's provider verification, for a
// provider nobody controls. It spends at most a budget of requests, paces
// each operation under its documented limit, never touches the account's
// apps (every app of the recording is the account's --app-id there),
// journals each group before creating it, and deletes what it created.
package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/parity"
)

// Journal records the groups the replay creates and deletes (a
// steps.Journal), written ahead: Intended before the create is sent.
type Journal interface {
	Intended(app, group string) error
	Created(app, group string)
	NotCreated(app, group string)
	Deleted(app, group string)
}

// Config is what a verification needs.
type Config struct {
	Client *aliyun.Client
	// AppID is the account's app: every app of the recordings is it.
	AppID string
	// MaxRequests caps every request, the cleanup's included; a plan
	// over it is refused before anything is sent.
	MaxRequests int
	// Pace is the share of each operation's documented limit the replay
	// stays under (0 = DefaultPace).
	Pace    float64
	Journal Journal // nil = none
}

// DefaultPace keeps each operation at half its documented limit.
const DefaultPace = 0.5

// Result is a verification: the comparison of every exchange, the
// requests sent, and the groups the cleanup could not delete ("app/group").
type Result struct {
	Report *parity.Report
	Sent   int
	Left   []string
}

// Plan is how many requests verifying files may send at most: each
// exchange that is sent, and a delete for each group created.
func Plan(files []*cassette.File) int {
	n := 0
	for _, f := range files {
		for _, in := range f.Interactions {
			req, err := cassette.Decode(in)
			if err != nil || req.Action == "" || skip(req) != "" {
				continue
			}
			n++
			if creates(req.Action) {
				n++
			}
		}
	}
	return n
}

// Run verifies each recording in order on cfg.Client. It refuses to start
// without an app or a budget, or when Plan exceeds the budget. Whatever
// happens, it deletes the groups the replay created (or may have).
func Run(ctx context.Context, cfg Config, files []*cassette.File) (*Result, error) {
	switch plan := Plan(files); {
	case cfg.AppID == "":
		return nil, errors.New("verify: an app of the account to work in is needed (--app-id): a verification never creates apps")
	case cfg.MaxRequests <= 0:
		return nil, fmt.Errorf("verify: a budget of requests is needed (--max-requests N): this verification may send %d", plan)
	case plan > cfg.MaxRequests:
		return nil, fmt.Errorf("verify: the recordings may send %d requests (the cleanup's deletes included), over --max-requests %d", plan, cfg.MaxRequests)
	}
	if cfg.Pace <= 0 {
		cfg.Pace = DefaultPace
	}
	v := &verifier{cfg: cfg, pacer: aliyun.NewPacer(cfg.Pace, contract.Default().QPS), groups: map[string]bool{}}
	res := &Result{Report: &parity.Report{Against: "the real account"}}
	var err error
	for _, f := range files {
		var c parity.Cassette
		c, err = parity.ReplayOn(ctx, f, cfg.Client, parity.Options{Own: true, Pairs: apps(f, cfg.AppID),
			Skip: skip, Before: v.before, After: v.after})
		res.Report.Add(c)
		if err != nil {
			break
		}
	}
	res.Left = v.cleanup(context.WithoutCancel(ctx))
	res.Sent = v.sent
	return res, err
}

// skip says why a recorded request is never sent to a real account: it
// makes or changes an app, which the account's other users share.
func skip(req cassette.Request) string {
	switch req.Action {
	case contract.OpCreateLiveMessageApp, contract.OpModifyLiveMessageAppDisable, contract.OpModifyLiveMessageAppAudit,
		contract.OpModifyLiveMessageAppCallback:
		return "makes or changes an app: never sent to a real account (the recording's apps are --app-id there)"
	}
	return ""
}

// creates reports an operation that makes a group exist.
func creates(op string) bool {
	return op == contract.OpCreateLiveMessageGroup || op == contract.OpRecoverLiveMessageDeletedGroup
}

// apps pairs every app of a recording (sent, or made by
// CreateLiveMessageApp) with the account's.
func apps(f *cassette.File, app string) map[string]string {
	out := map[string]string{}
	for _, in := range f.Interactions {
		req, err := cassette.Decode(in)
		if err != nil {
			continue
		}
		if id := req.Params.Get("AppId"); id != "" {
			out[id] = app
		}
		if req.Action == contract.OpCreateLiveMessageApp {
			if id := fieldOf([]byte(in.Response.Body), "AppId"); id != "" {
				out[id] = app
			}
		}
	}
	return out
}

// verifier paces and counts the replay's requests and keeps the groups
// it made.
type verifier struct {
	cfg    Config
	sent   int
	pacer  *aliyun.Pacer
	groups map[string]bool // "app\x00group" the replay created, or may have
}

// before spends one request of the budget, waits out the operation's
// pace and journals a create.
func (v *verifier) before(ctx context.Context, req aliyun.Request) error {
	if v.sent >= v.cfg.MaxRequests {
		return fmt.Errorf("the budget of %d requests (--max-requests) is spent", v.cfg.MaxRequests)
	}
	if err := v.pacer.Wait(ctx, req.Action); err != nil {
		return err
	}
	if app, group := req.Params["AppId"], req.Params["GroupId"]; creates(req.Action) && group != "" {
		if v.cfg.Journal != nil {
			if err := v.cfg.Journal.Intended(app, group); err != nil {
				return fmt.Errorf("journal %s: not sent: %w", group, err)
			}
		}
		v.groups[app+"\x00"+group] = true // made, or maybe: deleted at the end
	}
	v.sent++
	return nil
}

// after resolves a create or a delete by its answer.
func (v *verifier) after(req aliyun.Request, resp *aliyun.Response) {
	app, group := req.Params["AppId"], req.Params["GroupId"]
	if group == "" || v.cfg.Journal == nil {
		return
	}
	switch {
	case creates(req.Action) && resp.OK():
		v.cfg.Journal.Created(app, group)
	case creates(req.Action) && resp.Status >= 400 && resp.Status < 500:
		v.cfg.Journal.NotCreated(app, group)
	case req.Action == contract.OpDeleteLiveMessageGroup && resp.OK():
		v.cfg.Journal.Deleted(app, group)
	}
}

// cleanup deletes every group the replay created or may have (deleting
// one that is not there is answered with success), and returns those it
// could not delete. Its deletes count in the budget, which Plan kept for
// them.
func (v *verifier) cleanup(ctx context.Context) []string {
	var left []string
	for _, key := range slices.Sorted(maps.Keys(v.groups)) {
		app, group, _ := strings.Cut(key, "\x00")
		if v.pacer.Wait(ctx, contract.OpDeleteLiveMessageGroup) != nil {
			left = append(left, app+"/"+group)
			continue
		}
		resp, err := v.cfg.Client.Do(ctx, aliyun.Request{Action: contract.OpDeleteLiveMessageGroup, Params: map[string]string{"AppId": app, "GroupId": group}})
		v.sent++
		if err != nil || !resp.OK() {
			left = append(left, app+"/"+group)
			continue
		}
		if v.cfg.Journal != nil {
			v.cfg.Journal.Deleted(app, group)
		}
	}
	return left
}

// fieldOf is a string field of a JSON answer ("" when absent).
func fieldOf(body []byte, name string) string {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	if dec.Decode(&m) != nil {
		return ""
	}
	v, _ := m[name].(string)
	return v
}
