package explore

import (
	"fmt"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// generator draws steps from the contract: every operation, each of its
// parameters valid, invalid or missing, lists of 0 to 31 users in every
// form, and the envelope (GET and POST, JSON and XML, v1 and v3, signing
// times off by more than the allowed skew).
type generator struct {
	c      *contract.Contract
	ops    []*contract.Operation // weighted: an operation may appear twice
	groups []string              // the group ids of the sequence
	absent string                // a group id no call may create: a group that does not exist
	real   bool
}

// users is the pool list items come from, so that mutes and unmutes meet.
var users = []string{"u1", "u2", "u3", "u4", "u5"}

// weights favour the calls that build state, by their contract roles.
var weights = map[string]int{
	contract.RoleCreateGroup: 3, contract.RoleListGroups: 2, contract.RoleMute: 2,
	contract.RoleUnmute: 2, contract.RoleDeleteGroup: 2,
}

func newGenerator(c *contract.Contract, groups []string, absent string, real bool) *generator {
	g := &generator{c: c, groups: groups, absent: absent, real: real}
	for _, op := range c.Operations() {
		if real && generates(c, op) {
			continue // never makes apps on a real account: they cannot be deleted
		}
		// A favoured call keeps its share of the draw however many
		// operations the contract has: its weight counts per 10 of them.
		n := weights[op.Role] * max(1, len(c.Operations())/10)
		if n == 0 {
			n = 1
		}
		for i := 0; i < n; i++ {
			g.ops = append(g.ops, op)
		}
	}
	// Creating groups first shrinks best: rapid shrinks towards the first.
	for i, op := range g.ops {
		if op.Role == contract.RoleCreateGroup {
			g.ops[0], g.ops[i] = g.ops[i], g.ops[0]
			break
		}
	}
	return g
}

// generates reports an operation that makes up a resource the API cannot
// delete (an app).
func generates(c *contract.Contract, op *contract.Operation) bool {
	if op.AppLevel {
		return true // the account's own apps: never changed, and not the run's to compare
	}
	for _, f := range op.Result {
		if _, takes := op.Param(f.Name); !takes && f.Name == "AppId" {
			return true
		}
	}
	return false
}

func (g *generator) steps(maxSteps int) *rapid.Generator[[]Step] {
	return rapid.SliceOfN(rapid.Custom(g.step), 1, maxSteps)
}

func (g *generator) step(t *rapid.T) Step {
	op := rapid.SampledFrom(g.ops).Draw(t, "op")
	s := Step{Op: op.Name, Params: map[string]string{}, Lists: map[string][]string{}, Method: "POST", Format: "JSON"}
	for _, p := range op.Params {
		g.param(t, &s, op, p)
	}
	if rapid.IntRange(0, 9).Draw(t, "get") < 3 {
		s.Method = "GET"
	}
	if rapid.IntRange(0, 9).Draw(t, "xml") < 2 {
		s.Format = "XML"
	}
	s.V3 = rapid.IntRange(0, 9).Draw(t, "v3") < 2
	s.Style = rapid.SampledFrom([]aliyun.ListStyle{aliyun.ListRepeated, aliyun.ListComma, aliyun.ListJSON}).Draw(t, "style")
	if rapid.IntRange(0, 19).Draw(t, "skewed") == 19 {
		s.Skew = rapid.SampledFrom([]time.Duration{16 * time.Minute, -16 * time.Minute, time.Hour, -time.Hour}).Draw(t, "skew")
	}
	return s
}

// param draws one parameter: mostly valid, sometimes invalid or missing.
func (g *generator) param(t *rapid.T, s *Step, op *contract.Operation, p *contract.Param) {
	present := 9
	if !p.Required {
		present = 5
	}
	if p.Name == "DataCenter" && g.real {
		return // the app's data center on a real account is not known
	}
	if rapid.IntRange(0, 9).Draw(t, p.Name+"?") >= present {
		return
	}
	valid := rapid.IntRange(0, 9).Draw(t, p.Name+" valid") < 8
	if p.List {
		s.Lists[p.Name] = g.list(t, p, valid)
		return
	}
	switch {
	case p.Name == "AppId":
		s.Params[p.Name] = g.pick(t, p.Name, valid, []string{AppToken}, []string{"nosuchapp1", "", strings.Repeat("a", 65)})
	case p.Name == "GroupId":
		invalid := []string{"", "bad-id", g.absent, strings.Repeat("g", 65)}
		if op.Role == contract.RoleCreateGroup {
			// created, the absent group would exist, outside the pool
			// that is journaled and cleaned up: on a real account it
			// would be left behind, and later sequences would meet it
			invalid = []string{"", "bad-id", strings.Repeat("g", 65)}
		}
		s.Params[p.Name] = g.pick(t, p.Name, valid, g.groups, invalid)
	case strings.HasSuffix(p.Name, "Id") && p.Kind == contract.KindString && p.Pattern != nil:
		s.Params[p.Name] = g.pick(t, p.Name, valid, users, []string{"", "bad user", strings.Repeat("u", 65)})
	default:
		s.Params[p.Name] = g.scalar(t, p, valid)
	}
}

func (g *generator) pick(t *rapid.T, name string, valid bool, good, bad []string) string {
	if valid {
		return rapid.SampledFrom(good).Draw(t, name)
	}
	return rapid.SampledFrom(bad).Draw(t, name+" bad")
}

// list draws 0 to 31 users (lengths around the limit favoured), '*'
// sometimes, an invalid item sometimes.
func (g *generator) list(t *rapid.T, p *contract.Param, valid bool) []string {
	limit := p.MaxItems
	if limit == 0 {
		limit = g.c.Limits().UsersPerCall
	}
	lengths := []int{1, 2, 3, limit, limit + 1, 0}
	n := rapid.SampledFrom(lengths).Draw(t, p.Name+" length")
	if p.Kind != contract.KindString || !strings.HasSuffix(p.Name, "Users") && !strings.HasPrefix(p.Name, "Admin") {
		n = min(n, 3)
	}
	if n == 0 {
		return []string{""}
	}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		if i < len(users) {
			out = append(out, users[i])
		} else {
			out = append(out, fmt.Sprintf("u%d", i+1))
		}
	}
	if p.Wildcard != "" && rapid.IntRange(0, 4).Draw(t, p.Name+" all") == 0 {
		out = []string{p.Wildcard}
	}
	if !valid {
		out[len(out)-1] = rapid.SampledFrom([]string{"bad user", strings.Repeat("u", 65), "*"}).Draw(t, p.Name+" bad")
	}
	return out
}

// scalar draws a value from the parameter's constraints.
func (g *generator) scalar(t *rapid.T, p *contract.Param, valid bool) string {
	switch {
	case len(p.OneOf) > 0:
		if valid {
			return rapid.SampledFrom(p.OneOf).Draw(t, p.Name)
		}
		return "nowhere-1"
	case p.Kind == contract.KindBool:
		if valid {
			return rapid.SampledFrom([]string{"true", "false"}).Draw(t, p.Name)
		}
		return "maybe"
	case p.Kind == contract.KindInt || p.Kind == contract.KindLong:
		return g.number(t, p, valid)
	}
	lo, hi := max(p.MinLength, 1), 12
	if p.MaxLength > 0 {
		hi = min(hi, p.MaxLength)
	}
	if !valid {
		bad := []string{"bad value!"}
		if p.MaxLength > 0 {
			bad = append(bad, strings.Repeat("v", p.MaxLength+1))
		}
		if p.MinLength > 1 {
			bad = append(bad, "v")
		}
		return rapid.SampledFrom(bad).Draw(t, p.Name+" bad")
	}
	n := rapid.IntRange(lo, max(lo, hi)).Draw(t, p.Name+" length")
	return strings.Repeat("v", n)
}

func (g *generator) number(t *rapid.T, p *contract.Param, valid bool) string {
	lo, hi := int64(0), int64(3)
	if strings.HasSuffix(p.Name, "Time") {
		now := time.Now().Unix()
		lo, hi = now-3600, now+3600
	}
	if p.Min != nil {
		lo = *p.Min
		if hi < lo {
			hi = lo + 3
		}
	}
	if p.Max != nil {
		hi = *p.Max
	}
	if valid {
		return fmt.Sprint(rapid.Int64Range(lo, hi).Draw(t, p.Name))
	}
	bad := []string{"x1"}
	if p.Min != nil {
		bad = append(bad, fmt.Sprint(*p.Min-1))
	}
	if p.Max != nil {
		bad = append(bad, fmt.Sprint(*p.Max+1))
	}
	return rapid.SampledFrom(bad).Draw(t, p.Name+" bad")
}
