package parity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// Exchange is the comparison of one recorded exchange with the replay.
type Exchange struct {
	Index       int          `json:"index"`
	Op          string       `json:"op"`
	Request     string       `json:"request"` // the request as replayed, signing fields left out
	Differences []Difference `json:"differences,omitempty"`
	Error       string       `json:"error,omitempty"` // the replay could not be sent
	// NotResent says why the request was not sent again: the recording
	// shows it refused for a cause a recording does not keep (an envelope
	// code: the key, nonce, signature or rate); such a refusal changed
	// nothing, so leaving it out keeps the replay's state the recording's.
	NotResent string `json:"not_resent,omitempty"`
	// LeftOut says what of a list answer was not compared, and why: on a
	// recording of a real target, the items of resources the recording
	// neither named nor made, and the fields that counted them.
	LeftOut []string `json:"left_out,omitempty"`
	// Sent is the request as the replay sent it (ids mapped; empty when
	// none was).
	Sent aliyun.Request `json:"-"`
}

// Cassette is the comparison of one recording.
type Cassette struct {
	Meta      cassette.Meta `json:"meta"`
	Path      string        `json:"path"`
	Exchanges []Exchange    `json:"exchanges"`
	// Assumption is "confirmed" or "refuted" for an @assumption scenario
	// recorded on a real target (by that scenario's outcome there), else "".
	Assumption string `json:"assumption,omitempty"`
}

// Differs reports whether any exchange of the recording differs.
func (c *Cassette) Differs() bool {
	for _, e := range c.Exchanges {
		if len(e.Differences) > 0 || e.Error != "" {
			return true
		}
	}
	return false
}

// Provider gives a fresh emulator for each recording: a client of it and a
// function that stops it.
type Provider func(ctx context.Context) (*aliyun.Client, func(), error)

// Replay resends a recording's requests in order to a fresh emulator and
// compares every answer with the recorded one.
func Replay(ctx context.Context, f *cassette.File, fresh Provider) (Cassette, error) {
	client, stop, err := fresh(ctx)
	if err != nil {
		return Cassette{Meta: f.Livemsg, Path: f.Path, Assumption: assumption(f.Livemsg)}, err
	}
	defer stop()
	return ReplayOn(ctx, f, client, Options{Own: f.Livemsg.Target == realTarget, Provision: true, Admin: true})
}

// Options shape a replay on a given target (ReplayOn).
type Options struct {
	// Own compares list answers on the recording's own resources: the
	// recording's target, or the replay's, is a shared account.
	Own bool
	// Provision makes on the target what the recording used without
	// making it (an app): only on an emulator.
	Provision bool
	// Admin sets up again the state the recording set up through the
	// emulator's admin API: only on an emulator. Without it such a call
	// is listed as not resent.
	Admin bool
	// Pairs are values paired before the replay: a recorded value and the
	// target's counterpart (an app the recording made, and the app of the
	// account the replay works in).
	Pairs map[string]string
	// Skip says why a recorded request is not sent ("" = send it).
	Skip func(cassette.Request) string
	// Before is called before each request is sent; an error stops the
	// replay (a budget spent, the context done). It paces the replay.
	Before func(ctx context.Context, req aliyun.Request) error
	// After sees each request as sent and the target's answer.
	After func(req aliyun.Request, resp *aliyun.Response)
}

// ReplayOn resends a recording's requests in order with client and
// compares every answer with the recorded one.
func ReplayOn(ctx context.Context, f *cassette.File, client *aliyun.Client, o Options) (Cassette, error) {
	out := Cassette{Meta: f.Livemsg, Path: f.Path, Assumption: assumption(f.Livemsg)}
	r := &replayer{c: contract.Default(), client: client, cmp: NewComparer(), own: o.Own, o: o}
	for a, b := range o.Pairs {
		r.cmp.Pair(a, b)
		r.cmp.Sent([]string{a}, []string{b})
	}
	for _, in := range f.Interactions {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		if isAdmin(in) && !o.Admin {
			u, _ := url.Parse(in.Request.URL)
			out.Exchanges = append(out.Exchanges, Exchange{Index: in.ID, Op: "admin " + in.Request.Method + " " + u.Path,
				Request: in.Request.Method + " " + u.Path, NotResent: "a call of the emulator's admin API: the target has none"})
			continue
		}
		if isAdmin(in) {
			// state the recording set up through the emulator's admin API
			// (the clock, faults, members, seeded groups): set up again
			if ex, failed := r.admin(ctx, in); failed {
				out.Exchanges = append(out.Exchanges, ex)
			}
			continue
		}
		if !isAPI(in) {
			continue // the health check: not the service's
		}
		ex, err := r.exchange(ctx, in)
		if err != nil {
			return out, err
		}
		out.Exchanges = append(out.Exchanges, ex)
	}
	return out, nil
}

// isAdmin reports a call of the emulator's admin API.
func isAdmin(in *vcr.Interaction) bool {
	u, err := url.Parse(in.Request.URL)
	return err == nil && mock.IsAdminPath(u.Path)
}

// admin sends a recorded admin call to the emulator of the replay: the
// app ids in its path mapped to the replay's, the account it named left
// out (the replay signs as the emulator's default account). An admin call
// that the emulator answers otherwise than the recording says is an
// exchange that could not be replayed.
func (r *replayer) admin(ctx context.Context, in *vcr.Interaction) (Exchange, bool) {
	u, _ := url.Parse(in.Request.URL)
	segs := strings.Split(u.Path, "/")
	for i, seg := range segs {
		if m, ok := r.cmp.Map(seg); ok {
			segs[i] = url.PathEscape(m)
		}
	}
	path := strings.Join(segs, "/")
	ex := Exchange{Index: in.ID, Op: "admin " + in.Request.Method + " " + path, Request: in.Request.Method + " " + path}
	body := in.Request.Body
	var fields map[string]any
	if body != "" && json.Unmarshal([]byte(body), &fields) == nil {
		if _, ok := fields["account"]; ok {
			fields["account"] = ""
		}
		b, _ := json.Marshal(fields)
		body = string(b)
	}
	req, err := http.NewRequestWithContext(ctx, in.Request.Method, strings.TrimSuffix(r.client.Endpoint(), "/")+path, strings.NewReader(body))
	if err != nil {
		ex.Error = err.Error()
		return ex, true
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.client.HTTPClient().Do(req)
	if err != nil {
		ex.Error = "the admin call could not be replayed: " + err.Error()
		return ex, true
	}
	resp.Body.Close()
	if resp.StatusCode != in.Response.Code {
		ex.Differences = []Difference{{Where: "status", What: "admin call", A: fmt.Sprint(in.Response.Code), B: fmt.Sprint(resp.StatusCode)}}
		return ex, true
	}
	return ex, false
}

func isAPI(in *vcr.Interaction) bool {
	u, err := url.Parse(in.Request.URL)
	return err != nil || !mock.IsOwnPath(u.Path)
}

func assumption(m cassette.Meta) string {
	if m.Target != "real" || !m.HasTag("@assumption") {
		return ""
	}
	switch m.Outcome {
	case "passed":
		return "confirmed"
	case "failed":
		return "refuted"
	}
	return ""
}

type replayer struct {
	c      *contract.Contract
	client *aliyun.Client
	cmp    *Comparer
	// own: the recording is of a real target, whose lists hold what others
	// made; they are compared on the recording's own resources (CompareOwn).
	own bool
	o   Options
}

// exchange replays one recorded exchange; an error stops the replay.
func (r *replayer) exchange(ctx context.Context, in *vcr.Interaction) (Exchange, error) {
	rec, err := cassette.Decode(in)
	ex := Exchange{Index: in.ID, Op: rec.Action}
	if err != nil {
		ex.Error = err.Error()
		return ex, nil
	}
	if tree, _ := decodeBody([]byte(in.Response.Body)); in.Response.Code >= 400 {
		if ec, ok := r.c.Code(codeOf(tree)); ok && ec.Envelope {
			ex.Request = describe(rec)
			ex.NotResent = "refused with " + ec.Code + " in the recording, for a cause a recording does not keep (the key, nonce, signature or rate); the refusal changed nothing"
			return ex, nil
		}
	}
	if r.o.Skip != nil {
		if why := r.o.Skip(rec); why != "" {
			ex.Request, ex.NotResent = describe(rec), why
			return ex, nil
		}
	}
	return r.resend(ctx, in, rec, ex)
}

// resend sends a recorded request again and compares the answers.
func (r *replayer) resend(ctx context.Context, in *vcr.Interaction, rec cassette.Request, ex Exchange) (Exchange, error) {
	// An app the recording used without making it is made on the emulator
	// when the recording shows it existed (a success). After another
	// refusal its existence is unknown: the request goes as it is, and
	// only when the emulator answers 404 where the recording did not is it
	// made and the request sent again (a 404 changed nothing). Made on a
	// guess, an app the recording never had (an absent AppId refused there
	// on another parameter first) would be found later where the recording
	// has ResourceNotExist.
	recorded := in.Response.Code
	served := recorded/100 == 2
	if served && r.o.Provision {
		if _, err := r.provision(ctx, rec); err != nil {
			ex.Error = err.Error()
			return ex, nil
		}
	}
	ex.Request = describe(rec)
	resp, err := r.send(ctx, rec, &ex)
	if err == nil && r.o.Provision && !served && recorded != http.StatusNotFound && resp.Status == http.StatusNotFound {
		var made int
		if made, err = r.provision(ctx, rec); err == nil && made > 0 {
			resp, err = r.send(ctx, rec, &ex)
		}
	}
	if errors.Is(err, errStopped) {
		return ex, err
	}
	if err != nil {
		ex.Error = err.Error()
		return ex, nil
	}
	want := Answer{Status: in.Response.Code, Header: in.Response.Headers, Body: []byte(in.Response.Body)}
	ex.Differences, ex.LeftOut = r.compare(rec, want, Answer{Status: resp.Status, Header: resp.Header, Body: resp.Body})
	return ex, nil
}

// errStopped wraps what Options.Before refused with.
var errStopped = errors.New("replay stopped")

// compare compares a recorded answer with the emulator's: whole, or for a
// recording of a real target, its lists on the recording's own resources.
func (r *replayer) compare(rec cassette.Request, want, got Answer) ([]Difference, []string) {
	if !r.own {
		return r.cmp.Compare(want, got), nil
	}
	op, _ := r.c.Operation(rec.Action)
	params := map[string]string{}
	for k, vs := range rec.Params {
		params[k] = firstOf(vs)
	}
	return r.cmp.CompareOwn(ScopeOf(r.c, op).ForRequest(params), want, got)
}

// translate builds the emulator's request: the recorded parameters with
// every value the recording's provider generated replaced by the
// emulator's counterpart.
func (r *replayer) translate(rec cassette.Request) (aliyun.Request, []string, []string) {
	req := aliyun.Request{Action: rec.Action, Version: rec.Version, Method: rec.Method, Format: rec.Format,
		Form: rec.Form, Params: map[string]string{}}
	if rec.V3 {
		req.Signature = aliyun.SignV3Version
	}
	if rec.Timestamp != "" {
		key := cassette.TimestampParam
		if rec.V3 {
			key = strings.ToLower(cassette.DateHeader)
		}
		req.Overrides = map[string]string{key: cassette.ResolveTime(rec.Timestamp, time.Now())}
	}
	var sentA, sentB []string
	for k, vs := range rec.Params {
		v := firstOf(vs)
		mapped := r.mapValue(v)
		req.Params[k] = mapped
		sentA, sentB = append(sentA, items(v)...), append(sentB, items(mapped)...)
	}
	return req, sentA, sentB
}

// mapValue maps a whole value, or each item of a comma-separated or JSON
// list.
func (r *replayer) mapValue(v string) string {
	if m, ok := r.cmp.Map(v); ok {
		return m
	}
	if strings.HasPrefix(strings.TrimSpace(v), "[") {
		var list []string
		if json.Unmarshal([]byte(v), &list) == nil {
			for i, it := range list {
				if m, ok := r.cmp.Map(it); ok {
					list[i] = m
				}
			}
			b, _ := json.Marshal(list)
			return string(b)
		}
		return v
	}
	if strings.Contains(v, ",") {
		parts := strings.Split(v, ",")
		for i, it := range parts {
			if m, ok := r.cmp.Map(it); ok {
				parts[i] = m
			}
		}
		return strings.Join(parts, ",")
	}
	return v
}

func items(v string) []string {
	out := []string{v}
	if strings.Contains(v, ",") {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}

// send translates a recorded request and sends it to the target.
func (r *replayer) send(ctx context.Context, rec cassette.Request, ex *Exchange) (*aliyun.Response, error) {
	req, sentA, sentB := r.translate(rec)
	r.cmp.Sent(sentA, sentB)
	ex.Sent = req
	if r.o.Before != nil {
		if err := r.o.Before(ctx, req); err != nil {
			return nil, fmt.Errorf("%w: %w", errStopped, err)
		}
	}
	resp, err := r.client.Do(ctx, req)
	if err == nil && r.o.After != nil {
		r.o.After(req, resp)
	}
	return resp, err
}

// provision creates on the emulator what the recording used without
// creating it: a parameter value that an operation of the contract
// generates (AppId, from CreateLiveMessageApp) and that the recording did
// not see generated is made on the emulator and paired. A value that breaks
// the parameter's constraints is left as it is. It returns how many it made.
func (r *replayer) provision(ctx context.Context, rec cassette.Request) (made int, err error) {
	op, _ := r.c.Operation(rec.Action)
	names := make([]string, 0, len(rec.Params))
	for k := range rec.Params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		v := rec.Params.Get(name)
		if _, ok := r.cmp.Map(v); ok || v == "" {
			continue
		}
		gen := Generator(r.c, name)
		if gen == nil || gen.Name == rec.Action || !plausible(op, name, v) {
			continue
		}
		params := ExampleParams(gen)
		if dc := rec.Params.Get("DataCenter"); dc != "" {
			if _, ok := gen.Param("DataCenter"); ok {
				params["DataCenter"] = dc
			}
		}
		resp, err := r.client.Do(ctx, aliyun.Request{Action: gen.Name, Params: params})
		if err != nil {
			return made, fmt.Errorf("make %s %s on the emulator: %w", name, v, err)
		}
		id, _ := resp.Fields[name].(string)
		if !resp.OK() || id == "" {
			return made, fmt.Errorf("make %s %s on the emulator: %s answered %d %s", name, v, gen.Name, resp.Status, resp.Code)
		}
		r.cmp.Pair(v, id)
		r.cmp.Sent([]string{v}, []string{id})
		made++
	}
	return made, nil
}

// plausible reports a value the operation's parameter accepts.
func plausible(op *contract.Operation, name, v string) bool {
	if op == nil {
		return false
	}
	p, ok := op.Param(name)
	if !ok {
		return false
	}
	if p.MaxLength > 0 && len(v) > p.MaxLength || len(v) < p.MinLength {
		return false
	}
	return p.Pattern == nil || p.Pattern.MatchString(v)
}

// Generator returns the operation that makes up values of a parameter: one
// whose result has a field of that name it does not take as a parameter
// (CreateLiveMessageApp for AppId), or nil.
func Generator(c *contract.Contract, param string) *contract.Operation {
	for _, op := range c.Operations() {
		if op.Read {
			continue
		}
		if _, takes := op.Param(param); takes {
			continue
		}
		for _, f := range op.Result {
			if f.Name == param && f.Kind == contract.KindString {
				return op
			}
		}
	}
	return nil
}

// ExampleParams gives valid values for the required parameters of an
// operation, from their constraints.
func ExampleParams(op *contract.Operation) map[string]string {
	out := map[string]string{}
	for _, p := range op.Params {
		if p.Required {
			out[p.Name] = ExampleValue(p)
		}
	}
	return out
}

// ExampleValue is a valid value of a parameter by its constraints.
func ExampleValue(p *contract.Param) string {
	switch {
	case len(p.OneOf) > 0:
		return p.OneOf[0]
	case p.Kind == contract.KindBool:
		return "false"
	case p.Kind == contract.KindInt || p.Kind == contract.KindLong:
		n := int64(1)
		if p.Min != nil {
			n = *p.Min
		}
		if p.Max != nil && n > *p.Max {
			n = *p.Max
		}
		return fmt.Sprint(n)
	}
	v := "livemsg"
	for len(v) < p.MinLength {
		v += "x"
	}
	if p.MaxLength > 0 && len(v) > p.MaxLength {
		v = v[:p.MaxLength]
	}
	return v
}

// describe prints a recorded request: method, operation and parameters.
func describe(rec cassette.Request) string {
	v := url.Values{}
	for k, vs := range rec.Params {
		v[k] = vs
	}
	s := rec.Method + " " + rec.Action
	if rec.Format != "" && rec.Format != "JSON" {
		s += " Format=" + rec.Format
	}
	if rec.V3 {
		s += " (v3)"
	}
	if rec.Timestamp != "" {
		s += " Timestamp=" + rec.Timestamp
	}
	if q := v.Encode(); q != "" {
		s += " " + q
	}
	return s
}
