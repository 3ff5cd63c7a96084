package explore

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/parity"
)

// side is one provider during a sequence.
type side struct {
	client *aliyun.Client
	app    string
}

// sequence is one run of a drawn sequence on both sides.
type sequence struct {
	x       *explorer
	target  side
	oracle  side
	cmp     *parity.Comparer
	pool    map[string]bool
	created map[string]bool // groups the target made, to delete on a real one
	order   []string
	maybe   []string // groups whose create got no answer: deleted on a real target too
	done    []Step
	groups  []string
}

// runSequence runs steps (and the read-back) on the target and the oracle
// and returns the first divergence, or nil.
func (x *explorer) runSequence(ctx context.Context, n int, groups []string, steps []Step) (div *Divergence, err error) {
	return x.runNamed(ctx, fmt.Sprintf("%s sequence %d", x.prefix, n), !x.failing(), groups, steps)
}

// runNamed runs a sequence, recorded under name when record is set and
// the run records.
func (x *explorer) runNamed(ctx context.Context, name string, record bool, groups []string, steps []Step) (div *Divergence, err error) {
	q := &sequence{x: x, cmp: parity.NewComparer(), pool: map[string]bool{}, created: map[string]bool{}, groups: groups}
	for _, g := range groups {
		q.pool[g] = true
	}
	target := x.cfg.Target
	finish := func(string, string) {}
	if x.cfg.Record != nil && record {
		rt, f := x.cfg.Record(name, target.HTTPClient().Transport)
		if rt != nil {
			target, finish = target.With(aliyun.WithHTTPClient(&http.Client{Transport: rt})), f
		}
	}
	defer func() {
		switch {
		case err != nil:
			finish("error", err.Error())
		case div != nil:
			finish("diverged", fmt.Sprintf("%d differences at call %d", len(div.Differences), div.At+1))
		default:
			finish("passed", "")
		}
	}()
	if q.target, err = x.targetSide(ctx, x.cfg.Target, target); err != nil {
		return nil, err
	}
	defer q.cleanup(context.WithoutCancel(ctx))
	if q.oracle, err = newOracle(ctx); err != nil {
		return nil, err
	}
	q.cmp.Pair(q.target.app, q.oracle.app)
	q.cmp.Sent([]string{q.target.app}, []string{q.oracle.app})
	for _, s := range steps {
		if div, err := q.run(ctx, s); div != nil || err != nil {
			return div, err
		}
	}
	for _, s := range q.readBack() {
		if div, err := q.run(ctx, s); div != nil || err != nil {
			return div, err
		}
	}
	return nil, nil
}

// run sends one step to both sides and compares the answers.
func (q *sequence) run(ctx context.Context, s Step) (*Divergence, error) {
	q.done = append(q.done, s)
	ta, err := q.sendTarget(ctx, s)
	if err != nil {
		return nil, err
	}
	oa, err := q.oracle.client.Do(ctx, s.Request(q.oracle.app))
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	q.cmp.Sent(s.Values(q.target.app), s.Values(q.oracle.app))
	target := parity.Answer{Status: ta.Status, Header: ta.Header, Body: ta.Body}
	oracle := parity.Answer{Status: oa.Status, Header: oa.Header, Body: oa.Body}
	var diffs []parity.Difference
	if q.x.cfg.Real {
		// the app of a real account holds groups this sequence did not
		// make (other runs', earlier sequences', deleted ones listed for
		// 30 days): lists are compared on the sequence's own, as parity
		// compares a recording of a real target
		op, _ := q.x.c.Operation(s.Op)
		diffs, _ = q.cmp.CompareOwn(parity.ScopeOf(q.x.c, op).ForRequest(s.Params), target, oracle)
	} else {
		diffs = q.cmp.Compare(target, oracle)
	}
	if len(diffs) == 0 {
		return nil, nil
	}
	// The read-back calls that agreed say nothing: the minimal sequence is
	// the drawn calls and the one that differs.
	var steps []Step
	for _, d := range q.done[:len(q.done)-1] {
		if !d.ReadBack {
			steps = append(steps, d)
		}
	}
	steps = append(steps, s)
	return &Divergence{Steps: steps, At: len(steps) - 1, Differences: diffs, TargetApp: q.target.app, Groups: q.groups}, nil
}

// sendTarget sends a step to the target. On a real one a create of a
// group of the sequence's pool not made yet is journaled as intended
// before it goes and resolved by its answer; a group it made is deleted
// after the sequence, and so is one whose create got no answer.
func (q *sequence) sendTarget(ctx context.Context, s Step) (*aliyun.Response, error) {
	g := s.Params["GroupId"]
	journal := q.x.cfg.Journal
	if s.Op != contract.Action(contract.RoleCreateGroup) || !q.pool[g] || q.created[g] || !q.x.cfg.Real {
		journal = nil
	}
	if journal != nil {
		if err := journal.Intended(q.target.app, g); err != nil {
			return nil, fmt.Errorf("target: %s: not sent: %w", s.Op, err)
		}
	}
	ta, err := q.x.send(ctx, q.target.client, s.Request(q.target.app))
	fate := aliyun.FateOf(ta, err)
	if err == nil && s.Op == contract.Action(contract.RoleCreateGroup) && q.pool[g] && ta.OK() && !q.created[g] {
		q.created[g] = true
		q.order = append(q.order, g)
	}
	if journal == nil {
		return ta, err
	}
	switch fate {
	case aliyun.Carried:
		journal.Created(q.target.app, g)
	case aliyun.NotCarried:
		journal.NotCreated(q.target.app, g)
	default:
		q.maybe = append(q.maybe, g)
	}
	return ta, err
}

// readBack reads the state of every group the target made: the group, its
// mutes, and the list of groups both ways.
func (q *sequence) readBack() []Step {
	var out []Step
	mk := func(op string, p map[string]string) Step {
		p["AppId"] = AppToken
		return Step{Op: op, Params: p, Lists: map[string][]string{}, Method: "POST", Format: "JSON", ReadBack: true}
	}
	for _, g := range q.order {
		out = append(out, mk(contract.Action(contract.RoleDescribeGroup), map[string]string{"GroupId": g}),
			mk(contract.Action(contract.RoleDescribeBand), map[string]string{"GroupId": g}))
	}
	if len(q.order) > 0 {
		out = append(out, mk(contract.Action(contract.RoleListGroups), map[string]string{"SortType": "2"}))
	}
	return out
}

// cleanup deletes, on a real target, the groups the sequence made.
func (q *sequence) cleanup(ctx context.Context) {
	if !q.x.cfg.Real {
		return
	}
	for _, g := range append(slices.Clone(q.order), q.maybe...) {
		req := aliyun.Request{Action: contract.Action(contract.RoleDeleteGroup), Params: map[string]string{"AppId": q.target.app, "GroupId": g}}
		resp, err := q.x.send(ctx, q.target.client, req)
		// a delete answered with success proves nothing of a group that
		// may never have been made: that one is left to the read-back;
		// ResourceNotExist says the app is gone, and its groups with it
		if err == nil && (resp.OK() || resp.Code == contract.CodeResourceNotExist) && q.created[g] && q.x.cfg.Journal != nil {
			q.x.cfg.Journal.Deleted(q.target.app, g)
		}
	}
}

// targetSide resets the target when it has an admin API and makes the app
// of the sequence there; on a real target it works in the given app.
// The reset goes through admin (never recorded); the app is made with c.
func (x *explorer) targetSide(ctx context.Context, admin, c *aliyun.Client) (side, error) {
	if x.cfg.Admin == "" {
		return side{client: c, app: x.cfg.AppID}, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, x.cfg.Admin+"/reset", nil)
	if err != nil {
		return side{}, err
	}
	resp, err := admin.HTTPClient().Do(req)
	if err != nil {
		return side{}, fmt.Errorf("reset the target: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return side{}, fmt.Errorf("reset the target: %s answered %d", x.cfg.Admin, resp.StatusCode)
	}
	app, err := makeApp(ctx, c, x.send)
	return side{client: c, app: app}, err
}

// newOracle starts a fresh emulator in process: every QPS limit lifted
// (the target is paced, or has none), signatures checked.
func newOracle(ctx context.Context) (side, error) {
	cfg := mock.DefaultConfig()
	cfg.QPS = map[string]int{}
	for _, op := range contractOps() {
		cfg.QPS[op] = 0
	}
	emu := mock.New(cfg)
	c := aliyun.NewClient("http://oracle.invalid", aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret},
		aliyun.WithHTTPClient(&http.Client{Transport: handlerTransport{emu}}))
	app, err := makeApp(ctx, c, func(ctx context.Context, c *aliyun.Client, r aliyun.Request) (*aliyun.Response, error) {
		return c.Do(ctx, r)
	})
	return side{client: c, app: app}, err
}

type sender func(ctx context.Context, c *aliyun.Client, r aliyun.Request) (*aliyun.Response, error)

func makeApp(ctx context.Context, c *aliyun.Client, send sender) (string, error) {
	op := parity.Generator(contractDefault(), "AppId")
	if op == nil {
		return "", fmt.Errorf("the contract has no operation that makes an app")
	}
	resp, err := send(ctx, c, aliyun.Request{Action: op.Name, Params: parity.ExampleParams(op)})
	if err != nil {
		return "", fmt.Errorf("make an app: %w", err)
	}
	app, _ := resp.Fields["AppId"].(string)
	if !resp.OK() || app == "" {
		return "", fmt.Errorf("make an app: %s answered %d %s", op.Name, resp.Status, resp.Code)
	}
	return app, nil
}

// handlerTransport serves requests with an http.Handler in process.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// runPrefix is "x" and five random letters: group ids stay unique across
// runs on one real account.
func runPrefix() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return "x" + string(b)
}
