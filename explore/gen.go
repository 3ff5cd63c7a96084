package explore

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// generator draws the steps of a sequence from the contract and the
// model: an operation whose preconditions hold (a group to act on in the
// state it needs), every parameter valid, the exact limits of the
// contract among the valid values; at most one fault a step, of a class
// of the contract's constraints; the envelope (GET and POST, JSON and XML,
// v1 and v3, each list encoding, DataCenter, signing times near both
// edges of the allowed skew, reused nonces) drawn per call.
type generator struct {
	c       *contract.Contract
	ops     []*contract.Operation
	absent  string // a group id no call may create: a group that does not exist
	real    bool
	admin   bool      // members can be joined (the emulator's admin API)
	cov     *Coverage // biases the draw toward what was not reached (nil: none)
	paced   bool      // calls are paced: few of the slow operations a sequence
	fastest int       // the highest QPS limit of the contract
	// tried: the bound faults drawn in the sequence (operation,
	// parameter, value) when there is no coverage to keep them over the
	// run, so that every min-1, max+1 and one byte over is drawn on every
	// operation before any again.
	tried map[string]bool
	// pageOver is one more than the smallest page of the message list:
	// the sends of a burst.
	pageOver int
}

// users is the pool list items and user ids come from, so that mutes and
// unmutes, joins and kicks meet; u1 is a prefix of u1a (a provider that
// matches user ids by prefix answers for the wrong one), and userLong (at
// the documented maximum length) is added by generator.users.
var users = []string{"u1", "u2", "u3", "u4", "u5", "u1a"}

// The share of steps that carry a fault, and of the envelope's dimensions.
const (
	faultPercent    = 14
	joinPercent     = 12
	getPercent      = 28
	xmlPercent      = 22
	v3Percent       = 25
	dataCtrPercent  = 33
	skewPercent     = 8
	optionalPercent = 45
	chainPercent    = 70 // a call on a group acts on the last one acted on
	burstPercent    = 25 // a valid send to a group with members is a burst (generator.burst)
	probePercent    = 15 // a valid call of an operation with untried bounds is probed (generator.probe)
	// untriedBoundWeight multiplies the weight of a fault class holding a
	// bound of the operation not tried yet in the run
	untriedBoundWeight = 24
	// a string at exactly its maximum length: until the operation sent
	// it so once in the run, then after
	untriedLimitPercent = 40
	atLimitPercent      = 15
)

// allowedSkew is how far a signing time may be from the service's clock
// (the docs of the common parameters: 15 minutes); the explorer signs just
// inside and just outside it.
const allowedSkew = 15 * time.Minute

const skewMargin = time.Minute

// baseWeight favours, by contract role, the calls that build state (and
// the reads that see it); every other operation weighs 2.
var baseWeight = map[string]int{
	contract.OpCreateLiveMessageGroup: 6, contract.OpDeleteLiveMessageGroup: 3, contract.OpRecoverLiveMessageDeletedGroup: 3,
	contract.OpAddLiveMessageGroupBand: 4, contract.OpRemoveLiveMessageGroupBand: 3, contract.OpDescribeLiveMessageGroup: 3,
	contract.OpDescribeLiveMessageGroupBand: 3, contract.OpListLiveMessageGroups: 3, contract.OpSendLiveMessageGroup: 3,
}

func newGenerator(c *contract.Contract, absent string, real, admin bool, cov *Coverage) *generator {
	g := &generator{c: c, absent: absent, real: real, admin: admin, cov: cov, paced: real, tried: map[string]bool{}}
	if op := c.Op(contract.OpListLiveMessageGroupMessages); op != nil {
		if p, ok := op.Param("PageSize"); ok && p.Min != nil {
			g.pageOver = int(*p.Min) + 1
		}
	}
	for _, op := range c.Operations() {
		g.fastest = max(g.fastest, op.QPS)
		if real && generates(c, op) {
			continue // never makes apps on a real account: they cannot be deleted
		}
		g.ops = append(g.ops, op)
	}
	return g
}

// withoutApp drops the operations on the app itself, when it could not be
// read: its settings could not be set back after a write, and the
// oracle's app, not made like it, would not describe alike.
func (g *generator) withoutApp() {
	g.ops = slices.DeleteFunc(g.ops, func(op *contract.Operation) bool { return op.AppLevel })
}

// generates reports an operation that makes up a resource the API cannot
// delete (an app): its result names an AppId it does not take.
func generates(c *contract.Contract, op *contract.Operation) bool {
	for _, f := range op.Result {
		if _, takes := op.Param(f.Name); !takes && f.Name == "AppId" {
			return true
		}
	}
	return false
}

// joinOp names the step that joins members through the admin API.
const joinOp = "(join members)"

// slowPerSequence caps the calls of a sequence to operations with a QPS
// limit under the fastest's, on a paced target: pacing them takes longest,
// and the plan (PlanFor) counts on the cap.
const slowPerSequence = 3

// slow reports an operation paced slower than the fastest.
func (g *generator) slow(op *contract.Operation) bool { return op.QPS > 0 && op.QPS < g.fastest }

// weights gives each operation's weight in the model's state: 0 when its
// preconditions cannot hold (no group in the state it needs).
func (g *generator) weights(m *model) []int {
	active, deleted := len(m.in(groupActive)), len(m.in(groupDeleted))
	out := make([]int, len(g.ops)+1)
	for i, op := range g.ops {
		w := baseWeight[op.Name]
		if w == 0 {
			w = 2
		}
		_, onGroup := op.Param("GroupId")
		switch {
		case op.Name == contract.OpCreateLiveMessageGroup:
			switch {
			case active == 0:
				w *= 5 // nothing to act on yet: make a group first
			case active+deleted == len(m.pool):
				w = 1 // every group exists: a create says AlreadyExists
			}
		case op.Name == contract.OpRecoverLiveMessageDeletedGroup:
			if deleted == 0 {
				w = 0
			}
		case onGroup && active == 0:
			w = 0
		case op.Name == contract.OpSendLiveMessageGroup || op.Name == contract.OpKickLiveMessageGroupUser:
			if g.admin && len(m.withMembers()) == 0 {
				w = 1
			} else if g.admin {
				w *= 3 // messages to read back, several, of several types; members kicked
			}
		case g.admin && len(m.online()) > 0 && aboutUser(op):
			w *= 2 // a member's user information, read back in the member list
		case op.Name == contract.OpSendLiveMessageUser:
			if g.admin && len(m.online()) == 0 {
				w = 1
			} else if g.admin {
				w *= 3 // a receiver online: the send is served, its Body bounds judged
			}
		case op.Name == contract.OpModifyLiveMessageAppDisable && m.app.disabled:
			w = 40 // enable the app again soon: while disabled, every call is refused
		case op.Name == contract.OpRemoveLiveMessageGroupBand && m.any(func(g *groupModel) bool { return len(g.muted) > 0 }),
			op.Name == contract.OpUnbanLiveMessageGroup && m.any(func(g *groupModel) bool { return g.bannedAll }):
			w *= 2 // something to lift: what stays muted is read back
		}
		if g.paced && g.slow(op) && m.slow >= slowPerSequence {
			w = 0
		}
		if g.cov != nil && w > 0 && !g.cov.succeeded(op.Name) {
			w *= 3
		}
		if g.cov != nil && w > 0 && len(g.cov.unreached(g.c, op)) > 0 {
			w *= 2 // a code it documents not answered yet
		}
		out[i] = w
	}
	if g.admin && active > 0 {
		join := joinPercent
		if len(m.withMembers()) == 0 {
			join = 2 * joinPercent // sends and member reads need one
		}
		out[len(g.ops)] = join * sum(out) / (100 - join)
	}
	return out
}

func sum(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}

// step draws the next call in the model's state.
func (g *generator) step(t *rapid.T, m *model) Step {
	i := weighted(t, g.weights(m), "op")
	m.ids++
	s := Step{Params: map[string]string{}, Lists: map[string][]string{}, Method: "POST", Format: "JSON",
		Nonce: fmt.Sprintf("n%d", m.ids)}
	if i == len(g.ops) {
		grp := g.group(t, m, m.in(groupActive))
		s.Op, s.Params["GroupId"], s.Nonce = joinOp, grp, ""
		s.Join = g.users(t, 1+uniform(t, 3, "join size"), "join")
		return s
	}
	op := g.ops[i]
	s.Op = op.Name
	if g.slow(op) {
		m.slow++
	}
	for _, p := range op.Params {
		g.param(t, m, &s, op, p)
	}
	g.envelope(t, m, &s, op)
	percent := faultPercent
	switch {
	case g.cov != nil && len(g.cov.unreached(g.c, op)) > 0:
		percent = 4 * faultPercent // a code of the operation not reached yet
	case g.untriedAnyBound(op):
		percent = 2 * faultPercent // a bound of the operation not tried yet
	}
	if chance(t, percent, "fault?") {
		g.fault(t, m, &s, op)
	}
	g.burst(t, m, &s)
	if s.Nonce != "" {
		m.nonces = append(m.nonces, nonceUse{label: s.Nonce, op: s.Op})
	}
	return s
}

// probe is, now and then, a copy of a valid step whose operation has a
// bound not tried yet in the run, with one fault (bounds favoured): sent
// right after it, it tries the bounds of an operation where the call is
// otherwise valid, without taking the valid call's place in the chain
// (nil: no probe). A paced target's plan counts the drawn steps only
// (PlanFor): none there.
func (g *generator) probe(t *rapid.T, m *model, s Step) *Step {
	op, ok := g.c.Operation(s.Op)
	if g.paced || !ok || s.Fault != "" || s.Repeat > 1 || !g.untriedAnyBound(op) {
		return nil
	}
	if chance(t, 100-probePercent, "no probe") { // shrinks towards no probe
		return nil
	}
	p := s
	p.Params, p.Lists = maps.Clone(s.Params), map[string][]string{}
	for k, v := range s.Lists {
		p.Lists[k] = slices.Clone(v)
	}
	m.ids++
	p.Nonce = fmt.Sprintf("n%d", m.ids)
	g.fault(t, m, &p, op)
	m.nonces = append(m.nonces, nonceUse{label: p.Nonce, op: p.Op})
	return &p
}

// burst makes a valid send to a group with members, now and then, a run
// of one message more than the smallest page of the message list: the
// read-back then has a full page and a second one, where a page one item
// too long (or short) shows. Each send is signed with a nonce of its own;
// the service gives each its MsgTid.
func (g *generator) burst(t *rapid.T, m *model, s *Step) {
	grp := m.groups[s.Params["GroupId"]]
	if s.Op != contract.OpSendLiveMessageGroup || s.Fault != "" || !g.admin || g.pageOver == 0 ||
		grp == nil || grp.state != groupActive || len(grp.members) == 0 {
		return
	}
	// drawn as "no burst" (chance shrinks towards true): a shrunk
	// sequence keeps a burst only where the divergence needs one
	if chance(t, 100-burstPercent, "no burst") {
		return
	}
	s.Repeat, s.Nonce = g.pageOver, ""
	delete(s.Params, "MsgTid")
	delete(s.Params, "NoStorage")
}

// aboutUser reports an operation on one user, not in a group (a user's
// information).
func aboutUser(op *contract.Operation) bool {
	_, user := op.Param("UserId")
	return user && !op.Read
}

// group draws a group among candidates, the last one acted on most often.
func (g *generator) group(t *rapid.T, m *model, candidates []string) string {
	if len(candidates) == 0 {
		return m.pool[0]
	}
	if slices.Contains(candidates, m.last) && chance(t, chainPercent, "same group") {
		return m.last
	}
	return pick(t, candidates, "group")
}

// users draws n distinct users of the pool.
func (g *generator) users(t *rapid.T, n int, label string) []string {
	pool := slices.Clone(users)
	pool = append(pool, userLong(g.c))
	var out []string
	for len(out) < n && len(pool) > 0 {
		i := uniform(t, len(pool), label)
		out = append(out, pool[i])
		pool = slices.Delete(pool, i, i+1)
	}
	return out
}

// userLong is a user id at the documented maximum length of a user id.
func userLong(c *contract.Contract) string {
	n := 0
	if op := c.Op(contract.OpAddLiveMessageGroupBand); op != nil {
		if p, ok := op.Param("BannedUsers"); ok {
			n = p.MaxLength
		}
	}
	return padID("u", n)
}

// padID makes an id of letters and digits of exactly n characters that
// starts with prefix (prefix itself when n is not longer).
func padID(prefix string, n int) string {
	if len(prefix) >= n {
		return prefix
	}
	return prefix + strings.Repeat("z", n-len(prefix))
}

// param draws one parameter, valid, from the model.
func (g *generator) param(t *rapid.T, m *model, s *Step, op *contract.Operation, p *contract.Param) {
	if !p.Required && p.RequiredWhen == nil && !g.wanted(op, p) && !chance(t, optionalPercent, p.Name+"?") {
		return
	}
	if p.RequiredWhen != nil {
		if s.Params[p.RequiredWhen.Param] != p.RequiredWhen.Value {
			return
		}
	}
	if p.List {
		s.Lists[p.Name] = g.list(t, m, s, op, p)
		return
	}
	switch p.Name {
	case "AppId":
		s.Params[p.Name] = AppToken
		return
	case "DataCenter":
		return // the envelope's
	case "GroupId":
		s.Params[p.Name] = g.groupFor(t, m, op)
		return
	case "MsgTid":
		m.ids++
		s.Params[p.Name] = fmt.Sprintf("m%d", m.ids)
		if chance(t, 20, p.Name+" long") {
			s.Params[p.Name] = padID(s.Params[p.Name], p.MaxLength)
		}
		return
	case "MessageId":
		s.Params[p.Name] = g.messageFor(t, m, s, op)
		return
	case "NextPageToken":
		return // the read-back pages
	case "Disable":
		s.Params[p.Name] = "true"
		if m.app.disabled || chance(t, 50, "enable") {
			s.Params[p.Name] = "false"
		}
		return
	}
	if p.Kind == contract.KindString && p.Pattern != nil && len(p.OneOf) == 0 && p.URL == nil {
		s.Params[p.Name] = g.userFor(t, m, s, op, p)
		return
	}
	s.Params[p.Name] = g.scalar(t, op, p)
}

// wanted: optional parameters a call needs to be of any use (an id the
// model follows, a message's Body).
// A Modify* flag is always sent (true or false): the change it governs is
// what the call is for.
func (g *generator) wanted(op *contract.Operation, p *contract.Param) bool {
	if p.Kind == contract.KindBool && strings.HasPrefix(p.Name, "Modify") {
		return true
	}
	send := op.Name == contract.OpSendLiveMessageGroup || op.Name == contract.OpSendLiveMessageUser
	return send && (p.Name == "MsgTid" || p.Name == "Body")
}

func (g *generator) groupFor(t *rapid.T, m *model, op *contract.Operation) string {
	switch op.Name {
	case contract.OpCreateLiveMessageGroup:
		if none := m.in(groupNone); len(none) > 0 && !chance(t, 10, "create again") {
			return pick(t, none, "new group")
		}
		return pick(t, m.pool, "group")
	case contract.OpRecoverLiveMessageDeletedGroup:
		if active := m.in(groupActive); len(active) > 0 && chance(t, 10, "recover active") {
			return g.group(t, m, active) // not deleted: refused
		}
		return g.group(t, m, m.in(groupDeleted))
	case contract.OpSendLiveMessageGroup, contract.OpKickLiveMessageGroupUser:
		if with := m.withMembers(); len(with) > 0 {
			return g.group(t, m, with)
		}
	}
	return g.group(t, m, m.in(groupActive))
}

func (g *generator) messageFor(t *rapid.T, m *model, s *Step, op *contract.Operation) string {
	switch op.Name {
	case contract.OpDeleteLiveMessageGroupMessage:
		if grp := m.groups[s.Params["GroupId"]]; grp != nil && len(grp.messages) > 0 && chance(t, 80, "kept message") {
			return pick(t, grp.messages, "message")
		}
	case contract.OpDeleteLiveMessageUserMessage:
		if len(m.userMsgs) > 0 && chance(t, 80, "kept message") {
			um := pick(t, m.userMsgs, "message")
			s.Params["ReceiverId"] = um.receiver
			return um.tid
		}
	}
	m.ids++
	return fmt.Sprintf("m%d", m.ids)
}

// userFor draws a user id for a parameter: a member where the call is
// about members, a user of the pool otherwise.
func (g *generator) userFor(t *rapid.T, m *model, s *Step, op *contract.Operation, p *contract.Param) string {
	if v, ok := s.Params[p.Name]; ok {
		return v // set by another parameter's draw (ReceiverId by MessageId)
	}
	var members []string
	if grp := m.groups[s.Params["GroupId"]]; grp != nil {
		members = slices.Sorted(maps.Keys(grp.members))
	}
	var prefixes []string // ids one character shorter than a member's, of no member
	for _, u := range members {
		if short := u[:len(u)-1]; len(short) > 0 && !slices.Contains(members, short) {
			prefixes = append(prefixes, short)
		}
	}
	switch {
	case p.Name == "KickoffUser" && len(prefixes) > 0 && chance(t, 25, "prefix of a member"):
		return pick(t, prefixes, p.Name) // u1 when u1a is a member: a kick that matches by prefix removes u1a
	case p.Name == "KickoffUser" && len(members) > 0 && chance(t, 80, "member"):
		return pick(t, members, p.Name)
	case p.Name == "ReceiverId" && op.Name == contract.OpSendLiveMessageUser && len(m.online()) > 0 && chance(t, 80, "online"):
		return pick(t, m.online(), p.Name)
	case p.Name == "UserId" && len(m.online()) > 0 && chance(t, 70, "member"):
		return pick(t, m.online(), p.Name) // a member's information, read back in the member list
	case p.Name == "KickoffUser" && len(members) > 0 && chance(t, 50, "prefix"):
		return strings.TrimRight(pick(t, members, p.Name), "a") // u1 when u1a is a member
	}
	return g.users(t, 1, p.Name)[0]
}

// list draws a valid list: a few users or exactly the documented maximum
// of items; an unmute list from the muted users, or the wildcard.
func (g *generator) list(t *rapid.T, m *model, s *Step, op *contract.Operation, p *contract.Param) []string {
	limit := p.MaxItems
	if limit == 0 {
		limit = g.c.Limits().UsersPerCall
	}
	if p.Wildcard != "" && chance(t, 20, p.Name+" all") {
		return []string{p.Wildcard}
	}
	if grp := m.groups[s.Params["GroupId"]]; p.Wildcard != "" && grp != nil && len(grp.muted) > 0 && chance(t, 60, p.Name+" muted") {
		muted := slices.Sorted(maps.Keys(grp.muted))
		if chance(t, 50, p.Name+" every muted") {
			return muted // all of them: a list that loses an item leaves one muted
		}
		return muted[:1+uniform(t, len(muted), p.Name+" how many")]
	}
	if chance(t, 25, p.Name+" at the limit") {
		return fill(g.users(t, len(users)+1, p.Name), limit)
	}
	return g.users(t, 1+uniform(t, min(3, limit), p.Name+" size"), p.Name)
}

// fill makes a list of exactly n distinct user ids, those given first.
func fill(given []string, n int) []string {
	out := slices.Clone(given)
	if len(out) > n {
		return out[:n]
	}
	for i := len(users) + 1; len(out) < n; i++ {
		out = append(out, fmt.Sprintf("u%d", i))
	}
	return out
}

// scalar draws a valid value from a parameter's constraints, its exact
// limits among them: a string exactly at its maximum length often until
// op has sent it so once in the run (a message Body of 15360 bytes on
// each send), then now and then.
func (g *generator) scalar(t *rapid.T, op *contract.Operation, p *contract.Param) string {
	switch {
	case len(p.OneOf) > 0:
		return pick(t, p.OneOf, p.Name)
	case p.Kind == contract.KindBool:
		return pick(t, []string{"true", "false"}, p.Name)
	case p.URL != nil:
		return pick(t, p.URL.Schemes, p.Name+" scheme") + "://example.com/livemsg/" + pick(t, []string{"a", "hook"}, p.Name)
	case p.Kind == contract.KindTime:
		now := time.Now()
		at := now.Add(-time.Duration(uniform(t, 3, p.Name)) * time.Hour)
		if p.Unit == contract.Millis {
			return fmt.Sprint(at.UnixMilli())
		}
		return fmt.Sprint(at.Unix())
	case p.Kind == contract.KindInt || p.Kind == contract.KindLong:
		return fmt.Sprint(pick(t, numbers(p), p.Name))
	}
	lo, hi := max(p.MinLength, 1), 12
	if p.MaxLength > 0 {
		hi = min(hi, p.MaxLength)
	}
	n := pick(t, []int{lo, max(lo, hi)}, p.Name+" length")
	if p.MaxLength > 0 {
		key := op.Name + " " + p.Name + " at the limit"
		percent := atLimitPercent
		if !g.boundTried(key) {
			percent = untriedLimitPercent
		}
		if chance(t, percent, p.Name+" at the limit") {
			n = max(lo, p.MaxLength)
			g.tried[key] = true
			if g.cov != nil {
				g.cov.boundDrawn(key)
			}
		}
	}
	return strings.Repeat("v", n)
}

// boundFault is one value just out of a parameter's bounds.
type boundFault struct {
	p     *contract.Param
	value string
}

// bounds lists the values of class f (faultRange: min-1 and max+1 of each
// ranged parameter; faultTooLong: one byte over each length-bounded one;
// faultTooMany: one item over each bounded list; faultURL: each URL its
// @url rule refuses) that a call of op can carry.
func (g *generator) bounds(op *contract.Operation, f string) []boundFault {
	var out []boundFault
	for _, p := range op.Params {
		if g.keep(op, p) {
			continue
		}
		switch {
		case f == faultRange && p.Name != "NextPageToken":
			if p.Min != nil {
				out = append(out, boundFault{p, fmt.Sprint(*p.Min - 1)})
			}
			if p.Max != nil {
				out = append(out, boundFault{p, fmt.Sprint(*p.Max + 1)})
			}
		case f == faultTooLong && p.MaxLength > 0 && p.Kind == contract.KindString && !p.LengthInChars && p.URL == nil:
			out = append(out, boundFault{p, padID("v", p.MaxLength+1)})
		case f == faultTooMany && p.List && p.MaxItems > 0:
			out = append(out, boundFault{p, strconv.Itoa(p.MaxItems + 1)})
		case f == faultURL && p.URL != nil:
			for _, u := range badURLs(p.URL) {
				out = append(out, boundFault{p, u})
			}
		}
	}
	return out
}

// untriedBounds reports whether op has a bound fault of class f not drawn yet.
func (g *generator) untriedBounds(op *contract.Operation, f string) bool {
	for _, b := range g.bounds(op, f) {
		if !g.boundTried(op.Name + " " + b.p.Name + " " + b.value) {
			return true
		}
	}
	return false
}

// untriedAnyBound reports whether op has a bound fault of any class not
// drawn yet.
func (g *generator) untriedAnyBound(op *contract.Operation) bool {
	return g.untriedBounds(op, faultRange) || g.untriedBounds(op, faultTooLong) || g.untriedBounds(op, faultURL)
}

// bound draws a bound fault of class f for op, those not drawn yet first.
func (g *generator) bound(t *rapid.T, op *contract.Operation, f string) boundFault {
	bs := g.bounds(op, f)
	b := bs[weighted(t, g.boundWeights(op, bs), f)]
	key := op.Name + " " + b.p.Name + " " + b.value
	if g.cov != nil {
		g.cov.boundDrawn(key)
	}
	g.tried[key] = true
	return b
}

// boundWeights weighs the bound faults bs of op: 8 untried, 1 tried.
func (g *generator) boundWeights(op *contract.Operation, bs []boundFault) []int {
	w := make([]int, len(bs))
	for i, b := range bs {
		w[i] = 1
		if !g.boundTried(op.Name + " " + b.p.Name + " " + b.value) {
			w[i] = 8
		}
	}
	return w
}

func (g *generator) boundTried(key string) bool {
	return g.tried[key] || g.cov != nil && g.cov.boundTried(key)
}

// badURLs are URLs the @url rule refuses: a scheme it does not allow, no
// scheme, and (unless allowed) a port or a private address, valid-looking
// otherwise.
func badURLs(r *contract.URLRule) []string {
	scheme := "https"
	if len(r.Schemes) > 0 {
		scheme = r.Schemes[0]
	}
	out := []string{"ftp://example.com/x", "example.com/x"}
	if !r.AllowPort {
		out = append(out, scheme+"://example.com:8443/livemsg/hook")
	}
	if !r.AllowPrivateIP {
		out = append(out, scheme+"://10.1.2.3/livemsg/hook")
	}
	return out
}

// numbers are the valid values drawn for an integer: its bounds and a
// value between.
func numbers(p *contract.Param) []int64 {
	lo, hi := int64(0), int64(3)
	if p.Min != nil {
		lo = *p.Min
		hi = max(hi, lo+3)
	}
	if p.Max != nil {
		hi = *p.Max
	}
	out := []int64{lo, hi, lo + (hi-lo)/2}
	if p.Name == "NextPageToken" || p.Name == "PageNumber" {
		out = []int64{lo, lo + 1, hi}
	}
	return out
}

// envelope draws the call's protocol dimensions.
func (g *generator) envelope(t *rapid.T, m *model, s *Step, op *contract.Operation) {
	if chance(t, getPercent, "GET") {
		s.Method = "GET"
	}
	if chance(t, xmlPercent, "XML") {
		s.Format = "XML"
	}
	s.V3 = chance(t, v3Percent, "v3")
	s.Style = pick(t, []aliyun.ListStyle{aliyun.ListRepeated, aliyun.ListComma, aliyun.ListJSON}, "style")
	if _, ok := op.Param("DataCenter"); ok && m.app.dataCenter != "" && chance(t, dataCtrPercent, "DataCenter") {
		s.Params["DataCenter"] = m.app.dataCenter
	}
	if chance(t, skewPercent, "skewed") {
		s.Skew = pick(t, []time.Duration{allowedSkew - skewMargin, -(allowedSkew - skewMargin)}, "skew")
	}
}

// The classes of faults: one wrong thing in a call, each from a class of
// the contract's constraints or the envelope's.
const (
	faultMissing    = "missing required"
	faultTooLong    = "over max length"
	faultPattern    = "pattern"
	faultRange      = "out of range"
	faultEnum       = "unknown enum"
	faultTooMany    = "list over max items"
	faultAbsent     = "nonexistent resource"
	faultApp        = "unknown app"
	faultSkew       = "timestamp outside the skew"
	faultNonce      = "nonce reused"                 // from a call of another operation
	faultNonceSame  = "nonce reused, same operation" // from an earlier call of this one
	faultKey        = "unknown key"
	faultDataCenter = "other data center"
	faultURL        = "not an allowed URL"
	faultSignature  = "signature does not match"
	faultSigVersion = "unknown signature version"
	faultInPractice = "missing, required in practice"
)

// badSigVersion is a SignatureVersion the API does not have (v1 is 1.0).
const badSigVersion = "2.0"

// faultCodes: the codes a fault class is meant to bring (the draw favours
// the classes that bring a code not reached yet).
var faultCodes = map[string]string{
	faultTooLong: contract.CodeInputInvalid, faultPattern: contract.CodeInputInvalid, faultRange: contract.CodeInputInvalid,
	faultEnum: contract.CodeInputInvalid, faultTooMany: contract.CodeInputInvalid, faultURL: contract.CodeInputInvalid,
	faultInPractice: contract.CodeInputInvalid,
	faultAbsent:     contract.CodeResourceNotExist, faultApp: contract.CodeResourceNotExist,
}

// keep reports a parameter no fault may change: on a real account, the
// id of a group being created (a provider that wrongly accepted it would
// make a group outside the pool that is journaled and deleted).
func (g *generator) keep(op *contract.Operation, p *contract.Param) bool {
	return g.real && op.Name == contract.OpCreateLiveMessageGroup && p.Name == "GroupId"
}

// faultClasses lists the classes a call of op can carry.
func (g *generator) faultClasses(m *model, s *Step, op *contract.Operation) []string {
	has := map[string]bool{}
	for _, p := range op.Params {
		if g.keep(op, p) {
			continue
		}
		if p.Required && p.MissingInvalid != "" {
			has[faultInPractice] = true
		}
		if p.Required && p.MissingInvalid == "" {
			has[faultMissing] = true
		}
		if p.MaxLength > 0 && p.Kind == contract.KindString && !p.LengthInChars && p.URL == nil {
			has[faultTooLong] = true
		}
		if p.Pattern != nil {
			has[faultPattern] = true
		}
		if (p.Min != nil || p.Max != nil) && p.Name != "NextPageToken" {
			has[faultRange] = true
		}
		if len(p.OneOf) > 0 && p.Name != "DataCenter" {
			has[faultEnum] = true
		}
		if p.List && p.MaxItems > 0 {
			has[faultTooMany] = true
		}
		if p.Name == "GroupId" && op.Name != contract.OpCreateLiveMessageGroup {
			has[faultAbsent] = true
		}
		if p.Name == "AppId" {
			has[faultApp] = true
		}
		if p.URL != nil {
			has[faultURL] = true
		}
		if p.Name == "DataCenter" && m.app.dataCenter != "" && len(p.OneOf) > 1 {
			has[faultDataCenter] = true
		}
	}
	has[faultSkew], has[faultKey], has[faultSignature], has[faultSigVersion] = true, true, true, true
	for _, n := range m.nonces {
		if n.op == op.Name {
			has[faultNonceSame] = true
		} else {
			has[faultNonce] = true
		}
	}
	var out []string
	for _, f := range []string{faultMissing, faultInPractice, faultTooLong, faultPattern, faultRange, faultEnum, faultTooMany,
		faultAbsent, faultApp, faultSkew, faultNonce, faultNonceSame, faultKey, faultDataCenter, faultURL,
		faultSignature, faultSigVersion} {
		if has[f] {
			out = append(out, f)
		}
	}
	return out
}

// styleFor draws again the list encoding of a step whose fault is in a
// list, favouring the encodings this fault of this operation has not met
// yet: a provider may check a list in one encoding and not another.
func (g *generator) styleFor(t *rapid.T, s *Step, op *contract.Operation) {
	if len(s.Lists) == 0 || g.cov == nil {
		return
	}
	styles := []aliyun.ListStyle{aliyun.ListRepeated, aliyun.ListComma, aliyun.ListJSON}
	w := make([]int, len(styles))
	for i, st := range styles {
		w[i] = 1
		if !g.cov.faultedIn(op.Name, s.Fault, st) {
			w[i] = 6
		}
	}
	s.Style = styles[weighted(t, w, "fault style")]
}

// fault puts one fault in a valid step.
func (g *generator) fault(t *rapid.T, m *model, s *Step, op *contract.Operation) {
	f := g.faultClass(t, m, s, op)
	s.Fault = f
	defer g.styleFor(t, s, op)
	if g.paramFault(t, s, op, f) {
		return
	}
	switch f {
	case faultAbsent:
		s.Params["GroupId"] = g.absent
		if p, ok := op.Param("GroupId"); ok && p.MaxLength > 0 && chance(t, 50, "absent at the limit") {
			s.Params["GroupId"] = padID(g.absent, p.MaxLength) // a valid id of the maximum length: still not found
		}
	case faultApp:
		s.Params["AppId"] = "nosuchapp1"
	case faultSkew:
		s.Skew = pick(t, []time.Duration{allowedSkew + skewMargin, -(allowedSkew + skewMargin)}, "skew out")
	case faultNonce, faultNonceSame:
		var labels []string
		for _, n := range m.nonces {
			if (n.op == op.Name) == (f == faultNonceSame) {
				labels = append(labels, n.label)
			}
		}
		s.Nonce = pick(t, labels, "reused nonce")
	case faultKey:
		s.BadKey = true
	case faultSignature:
		s.BadSignature = true
	case faultSigVersion:
		s.V3, s.SigVersion = false, badSigVersion
	case faultDataCenter:
		p, _ := op.Param("DataCenter")
		for _, dc := range p.OneOf {
			if dc != m.app.dataCenter {
				s.Params["DataCenter"] = dc
				break
			}
		}
	}
}

// faultClass draws the class of the step's fault, favouring those not
// drawn yet for the operation (or not in every list encoding) and those
// that answer a code not reached yet.
func (g *generator) faultClass(t *rapid.T, m *model, s *Step, op *contract.Operation) string {
	classes := g.faultClasses(m, s, op)
	var unreached []string
	if g.cov != nil {
		unreached = g.cov.unreached(g.c, op)
	}
	w := make([]int, len(classes))
	for i, f := range classes {
		w[i] = 1
		if g.cov != nil && (!g.cov.faulted(op.Name, f) || len(s.Lists) > 0 && !g.cov.faultedInEach(op.Name, f)) {
			w[i] = 3 // not drawn yet, or not in every list encoding
		}
		if slices.Contains(unreached, faultCodes[f]) {
			w[i] *= untriedBoundWeight // a code the operation documents not answered yet: as much as an untried bound
		}
		if f == faultTooMany {
			w[i] *= 3 // a list's limit is checked per encoding: each is worth a try
		}
		if (f == faultRange || f == faultTooLong || f == faultTooMany || f == faultURL) && g.untriedBounds(op, f) {
			// a bound (or URL) of the operation not tried yet: bounds are
			// the operation's own, where the envelope's faults (signing,
			// nonces, keys) are the same on every operation
			w[i] *= untriedBoundWeight
		}
	}
	return classes[weighted(t, w, "fault")]
}

// paramFault breaks one parameter of the step as the class f says (one
// missing, too long, off its pattern, out of range or of its values, a
// list over its bound, a URL not allowed); false for a class that is not
// a parameter's.
func (g *generator) paramFault(t *rapid.T, s *Step, op *contract.Operation, f string) bool {
	params := func(ok func(p *contract.Param) bool) []*contract.Param {
		var out []*contract.Param
		for _, p := range op.Params {
			if ok(p) && !g.keep(op, p) {
				out = append(out, p)
			}
		}
		return out
	}
	switch f {
	case faultInPractice:
		p := pick(t, params(func(p *contract.Param) bool { return p.Required && p.MissingInvalid != "" }), "missing in practice")
		delete(s.Params, p.Name)
		delete(s.Lists, p.Name)
	case faultMissing:
		p := pick(t, params(func(p *contract.Param) bool { return p.Required && p.MissingInvalid == "" }), "missing")
		delete(s.Params, p.Name)
		delete(s.Lists, p.Name)
	case faultTooLong:
		p := g.bound(t, op, faultTooLong).p
		long := padID("v", p.MaxLength+1)
		if !p.List {
			s.Params[p.Name] = long
			return true
		}
		s.Lists[p.Name] = append(slices.Clone(s.Lists[p.Name]), long)
		if len(s.Lists[p.Name]) > max(p.MaxItems, 1) {
			s.Lists[p.Name] = s.Lists[p.Name][1:]
		}
	case faultPattern:
		p := pick(t, params(func(p *contract.Param) bool { return p.Pattern != nil }), "pattern")
		bad := pick(t, []string{"bad-id", "bad user", "x.y"}, "bad value")
		if p.List {
			s.Lists[p.Name] = []string{bad}
		} else {
			s.Params[p.Name] = bad
		}
	case faultRange:
		b := g.bound(t, op, faultRange)
		s.Params[b.p.Name] = b.value
	case faultEnum:
		p := pick(t, params(func(p *contract.Param) bool { return len(p.OneOf) > 0 && p.Name != "DataCenter" }), "enum")
		s.Params[p.Name] = "nowhere1"
	case faultTooMany:
		p := g.bound(t, op, faultTooMany).p
		s.Lists[p.Name] = fill(nil, p.MaxItems+1)
	case faultURL:
		b := g.bound(t, op, faultURL)
		s.Params[b.p.Name] = b.value
	default:
		return false
	}
	return true
}
