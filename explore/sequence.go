package explore

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"

	"pgregory.net/rapid"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/parity"
)

// side is one provider during a sequence.
type side struct {
	client *aliyun.Client
	app    string
	admin  string // the admin API ("" = none)
}

// adminClient is a client of the side's admin API, over its transport.
func (sd side) adminClient() *mock.Admin {
	return &mock.Admin{Base: sd.admin, HTTP: sd.client.HTTPClient()}
}

// sequence is one run of a sequence on both sides.
type sequence struct {
	x       *explorer
	n       int
	target  side
	oracle  side
	cmp     *parity.Comparer
	model   *model
	pool    map[string]bool
	created map[string]bool // groups the target made, to delete on a real one
	order   []string
	maybe   []string // groups whose create got no answer: deleted on a real target too
	done    []Step
	groups  []string
	nonces  map[string]string // nonce label -> the value sent in this run
	appSet  bool              // an app-level write was sent: restore the app on a real target
	// the answers of the last call (the read-back pages follow tokens)
	lastTarget, lastOracle *aliyun.Response
	cov                    *Coverage // nil while a divergence is shrunk
	crowd                  int       // others' groups in the app (seedOp)
}

// source gives the steps of a sequence: drawn from the model as it goes,
// or a fixed list (shrinking, recording the minimal one).
type source interface {
	next(q *sequence) (Step, bool)
}

type fixed struct {
	steps []Step
	i     int
}

func (f *fixed) next(*sequence) (Step, bool) {
	if f.i >= len(f.steps) {
		return Step{}, false
	}
	f.i++
	return f.steps[f.i-1], true
}

type drawn struct {
	t       *rapid.T
	g       *generator
	n, i    int
	others  int   // others' groups to seed first (0 = none)
	pending *Step // a probe of the last step, sent next (generator.probe)
}

func (d *drawn) next(q *sequence) (Step, bool) {
	if d.others > 0 {
		n := d.others
		d.others = 0
		return Step{Op: seedOp, Params: map[string]string{seedCount: strconv.Itoa(n)}}, true
	}
	if d.pending != nil {
		s := *d.pending
		d.pending = nil
		return s, true
	}
	if d.i >= d.n {
		return Step{}, false
	}
	d.i++
	s := d.g.step(d.t, q.model)
	d.pending = d.g.probe(d.t, q.model, s)
	return s, true
}

// runSequence runs steps (and the read-back) on the target and the oracle
// and returns the first divergence, or nil.
func (x *explorer) runSequence(ctx context.Context, n int, groups []string, src source) (div *Divergence, err error) {
	return x.runNamed(ctx, n, fmt.Sprintf("%s sequence %d", x.prefix, n), !x.failing(), groups, src)
}

// runNamed runs a sequence, recorded under name when record is set and
// the run records.
func (x *explorer) runNamed(ctx context.Context, n int, name string, record bool, groups []string, src source) (div *Divergence, err error) {
	q := &sequence{x: x, n: n, cmp: parity.NewComparer(), pool: map[string]bool{}, created: map[string]bool{}, groups: groups,
		nonces: map[string]string{}}
	if !x.failing() {
		q.cov = x.cov
	}
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
	dc := ""
	if q.target, dc, err = x.targetSide(ctx, x.cfg.Target, target); err != nil {
		return nil, err
	}
	defer q.cleanup(context.WithoutCancel(ctx))
	if q.oracle, err = x.newOracle(ctx); err != nil {
		return nil, err
	}
	q.model = newModel(groups, dc)
	q.cmp.Pair(q.target.app, q.oracle.app)
	q.cmp.Sent([]string{q.target.app}, []string{q.oracle.app})
	defer q.countChain()
	for {
		s, ok := src.next(q)
		if !ok {
			break
		}
		if div, err := q.run(ctx, s); div != nil || err != nil {
			return div, err
		}
	}
	return q.readBack(ctx)
}

// countChain counts the longest chain of valid calls on one group.
func (q *sequence) countChain() {
	if q.cov == nil {
		return
	}
	per := map[string]int{}
	best := 0
	for _, s := range q.done {
		if g := s.Params["GroupId"]; !s.ReadBack && s.Fault == "" && q.pool[g] {
			per[g]++
			best = max(best, per[g])
		}
	}
	q.cov.chain(best)
}

// nonce is the value a label stands for in this run: unique to the run
// and the sequence, so that no earlier sequence used it on the target.
func (q *sequence) nonce(label string) string {
	if label == "" {
		return ""
	}
	if v, ok := q.nonces[label]; ok {
		return v
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	v := fmt.Sprintf("%s%d%s%x", q.x.prefix, q.n, label, b)
	q.nonces[label] = v
	return v
}

// badKey is the AccessKeyId of a key no provider knows.
const (
	badKeyID     = "LTAIexploreUnknownKey"
	badKeySecret = "explore-unknown-secret"
	badKeyEnv    = aliyun.EnvAccessKeyID
)

// run sends one step to both sides, compares the answers and checks the
// invariants of the target's.
func (q *sequence) run(ctx context.Context, s Step) (*Divergence, error) {
	return q.runPair(ctx, s, s)
}

// runPair sends s to the target and os to the oracle (they differ by a
// page token only).
func (q *sequence) runPair(ctx context.Context, s, os Step) (*Divergence, error) {
	s.NonceValue = ""
	q.done = append(q.done, s)
	switch s.Op {
	case joinOp:
		return q.join(ctx, s)
	case seedOp:
		return q.seed(ctx, s)
	}
	for range s.Calls() {
		if div, err := q.exchange(ctx, s, os); div != nil || err != nil {
			return div, err
		}
	}
	return nil, nil
}

// exchange sends one call of s to the target and os to the oracle, and
// compares the answers.
func (q *sequence) exchange(ctx context.Context, s, os Step) (*Divergence, error) {
	nonce := q.nonce(s.Nonce)
	tc, oc := q.target.client, q.oracle.client
	if s.BadKey {
		bad := aliyun.Credentials{AccessKeyID: badKeyID, AccessKeySecret: badKeySecret}
		tc, oc = tc.WithCredentials(bad), oc.WithCredentials(bad)
	}
	ta, err := q.sendTarget(ctx, tc, s, nonce)
	if err != nil {
		return nil, err
	}
	oa, err := oc.Do(ctx, os.request(q.oracle.app, nonce))
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	q.cmp.Sent(s.Values(q.target.app), os.Values(q.oracle.app))
	q.lastTarget, q.lastOracle = ta, oa
	if q.cov != nil {
		q.cov.add(s, ta.Code)
	}
	op, _ := q.x.c.Operation(s.Op)
	if op != nil && op.AppLevel && !op.Read {
		q.appSet = true
	}
	target := parity.Answer{Status: ta.Status, Header: ta.Header, Body: ta.Body}
	oracle := parity.Answer{Status: oa.Status, Header: oa.Header, Body: oa.Body}
	var diffs []parity.Difference
	if q.x.cfg.Real {
		// the app of a real account holds groups this sequence did not
		// make (other runs', earlier sequences', deleted ones listed for
		// 30 days): lists are compared on the sequence's own, as parity
		// compares a recording of a real target
		diffs, _ = q.cmp.CompareOwn(parity.ScopeOf(q.x.c, op).ForRequest(s.Params), target, oracle)
	} else {
		diffs = q.cmp.Compare(target, oracle)
	}
	diffs = append(diffs, q.invariants(op, s, ta)...)
	q.model.apply(q.x.c, s, oa)
	if len(diffs) == 0 {
		return nil, nil
	}
	return q.diverged(diffs), nil
}

// diverged makes the divergence at the last step done. The read-back
// calls that agreed say nothing: the minimal sequence is the drawn calls
// and the one that differs.
func (q *sequence) diverged(diffs []parity.Difference) *Divergence {
	var steps []Step
	for _, d := range q.done[:len(q.done)-1] {
		if !d.ReadBack {
			steps = append(steps, d)
		}
	}
	steps = append(steps, q.done[len(q.done)-1])
	// a nonce two calls share is printed, to rerun the reuse
	uses := map[string]int{}
	for _, s := range steps {
		uses[s.Nonce]++
	}
	for i := range steps {
		if l := steps[i].Nonce; l != "" && uses[l] > 1 {
			steps[i].NonceValue = q.nonces[l]
		}
	}
	return &Divergence{Steps: steps, At: len(steps) - 1, Differences: diffs, TargetApp: q.target.app, Groups: q.groups}
}

// othersPrefix names the groups seeded in the app before a sequence.
const othersPrefix = "others"

// seedOp names the step that fills the app with others' groups through the
// admin API (on both sides), so that lists have pages after the first;
// its parameter seedCount says how many.
const (
	seedOp    = "(others' groups)"
	seedCount = "Count"
)

// seed runs a seedOp step.
func (q *sequence) seed(ctx context.Context, s Step) (*Divergence, error) {
	n, err := strconv.Atoi(s.Params[seedCount])
	if err != nil || n <= 0 || q.target.admin == "" {
		return nil, nil
	}
	q.crowd += n
	for _, sd := range []side{q.target, q.oracle} {
		if err := sd.adminClient().SeedGroups(ctx, sd.app, othersPrefix, n); err != nil {
			return nil, fmt.Errorf("seed others' groups: %w", err)
		}
	}
	return nil, nil
}

// join joins members through the admin API of both sides.
func (q *sequence) join(ctx context.Context, s Step) (*Divergence, error) {
	g := s.Params["GroupId"]
	post := func(sd side) (int, error) {
		status, _, err := sd.adminClient().Do(ctx, http.MethodPost, "/groups/"+url.PathEscape(sd.app)+"/"+url.PathEscape(g)+"/members", map[string][]string{"join": s.Join})
		return status, err
	}
	ts, err := post(q.target)
	if err != nil {
		return nil, fmt.Errorf("target: join members: %w", err)
	}
	os, err := post(q.oracle)
	if err != nil {
		return nil, fmt.Errorf("oracle: join members: %w", err)
	}
	q.model.apply(q.x.c, s, &aliyun.Response{Status: os})
	if ts != os {
		return q.diverged([]parity.Difference{{Where: "status", What: "status", A: strconv.Itoa(ts), B: strconv.Itoa(os)}}), nil
	}
	return nil, nil
}

// sendTarget sends a step to the target. On a real one a create of a
// group of the sequence's pool not made yet is journaled as intended
// before it goes and resolved by its answer; a group it made is deleted
// after the sequence, and so is one whose create got no answer.
func (q *sequence) sendTarget(ctx context.Context, c *aliyun.Client, s Step, nonce string) (*aliyun.Response, error) {
	g := s.Params["GroupId"]
	journal := q.x.cfg.Journal
	creates := s.Op == contract.OpCreateLiveMessageGroup
	if !creates || !q.pool[g] || q.created[g] || !q.x.cfg.Real {
		journal = nil
	}
	if journal != nil {
		if err := journal.Intended(q.target.app, g); err != nil {
			return nil, fmt.Errorf("target: %s: not sent: %w", s.Op, err)
		}
	}
	ta, err := q.x.send(ctx, c, s.request(q.target.app, nonce))
	fate := aliyun.FateOf(ta, err)
	if err == nil && creates && q.pool[g] && ta.OK() && !q.created[g] {
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

// cleanup deletes, on a real target, the groups the sequence made, and sets
// the app back as it was when an app-level write was sent.
func (q *sequence) cleanup(ctx context.Context) {
	if !q.x.cfg.Real {
		return
	}
	if q.appSet {
		q.x.restoreApp(ctx)
	}
	for _, g := range append(slices.Clone(q.order), q.maybe...) {
		req := aliyun.Request{Action: contract.OpDeleteLiveMessageGroup, Params: map[string]string{"AppId": q.target.app, "GroupId": g}}
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
// of the sequence there; on a real target it works in the given app. It
// returns the app's data center. The reset goes through admin (never
// recorded); the app is made with c.
func (x *explorer) targetSide(ctx context.Context, admin, c *aliyun.Client) (side, string, error) {
	if x.cfg.Admin == "" {
		return side{client: c, app: x.cfg.AppID}, x.app.dataCenter, nil
	}
	if err := (&mock.Admin{Base: x.cfg.Admin, HTTP: admin.HTTPClient()}).Reset(ctx); err != nil {
		return side{}, "", fmt.Errorf("reset the target: %w", err)
	}
	app, dc, err := makeApp(ctx, c, x.send, nil)
	return side{client: c, app: app, admin: x.cfg.Admin}, dc, err
}

// oracleAdmin is the admin API of the in-process oracle.
const oracleAdmin = "http://oracle.invalid/_mock"

// newOracle starts a fresh emulator in process: every QPS limit lifted
// (the target is paced, or has none), signatures checked. On a real
// target its app is made as the target's app is (name, data center,
// settings).
func (x *explorer) newOracle(ctx context.Context) (side, error) {
	cfg := mock.DefaultConfig()
	cfg.QPS = map[string]int{}
	for _, op := range contractOps() {
		cfg.QPS[op] = 0
	}
	emu := mock.New(cfg)
	c := aliyun.NewClient("http://oracle.invalid", aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret},
		aliyun.WithHTTPClient(&http.Client{Transport: handlerTransport{emu}}))
	direct := func(ctx context.Context, c *aliyun.Client, r aliyun.Request) (*aliyun.Response, error) {
		return c.Do(ctx, r)
	}
	app, _, err := makeApp(ctx, c, direct, x.app.create)
	if err != nil {
		return side{}, err
	}
	if x.app.disabled {
		op := x.c.Op(contract.OpModifyLiveMessageAppDisable)
		if _, err := c.Do(ctx, aliyun.Request{Action: op.Name, Params: map[string]string{"AppId": app, "Disable": "true"}}); err != nil {
			return side{}, err
		}
	}
	return side{client: c, app: app, admin: oracleAdmin}, nil
}

type sender func(ctx context.Context, c *aliyun.Client, r aliyun.Request) (*aliyun.Response, error)

// makeApp makes an app with the given parameters (nil: the required ones
// only) and returns its id and data center.
func makeApp(ctx context.Context, c *aliyun.Client, send sender, params map[string]string) (string, string, error) {
	op := parity.Generator(contractDefault(), "AppId")
	if op == nil {
		return "", "", fmt.Errorf("the contract has no operation that makes an app")
	}
	p := parity.ExampleParams(op)
	for k, v := range params {
		p[k] = v
	}
	resp, err := send(ctx, c, aliyun.Request{Action: op.Name, Params: p})
	if err != nil {
		return "", "", fmt.Errorf("make an app: %w", err)
	}
	app, _ := resp.Fields["AppId"].(string)
	if !resp.OK() || app == "" {
		return "", "", fmt.Errorf("make an app: %s answered %d %s", op.Name, resp.Status, resp.Code)
	}
	dc, _ := resp.Fields["DataCenter"].(string)
	return app, dc, nil
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
