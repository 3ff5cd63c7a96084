package explore

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/livemsg/livemsg/contract"
)

// TestWeightedChoiceHoldsItsWeights: over many draws, each entry's share is
// within a point of its weight, the last entries included (rapid's
// SampledFrom and IntRange favour the first).
func TestWeightedChoiceHoldsItsWeights(t *testing.T) {
	weights := []int{1, 3, 1, 1, 6, 2, 1, 5}
	total := sum(weights)
	counts := make([]int, len(weights))
	const n = 20000
	rapid.Check(t, func(rt *rapid.T) {
		for i := 0; i < n/100; i++ {
			counts[weighted(rt, weights, "w")]++
		}
	})
	drawn := sum(counts)
	require.Positive(t, drawn)
	for i, w := range weights {
		want, got := float64(w)/float64(total), float64(counts[i])/float64(drawn)
		assert.InDelta(t, want, got, 0.015, "entry %d: weight %d/%d drawn %.3f", i, w, total, got)
	}
}

// TestOperationSharesFollowWeights: in a state where every operation's
// preconditions hold, each operation is drawn in the share of its weight.
func TestOperationSharesFollowWeights(t *testing.T) {
	c := contract.Default()
	g := newGenerator(c, "xabsent", false, false, nil)
	m := newModel([]string{"g1", "g2", "g3"}, "cn-shanghai")
	m.groups["g1"].state, m.groups["g2"].state = groupActive, groupDeleted
	w := g.weights(m)
	total := sum(w)
	counts := map[string]int{}
	drawn := 0
	rapid.Check(t, func(rt *rapid.T) {
		for i := 0; i < 100; i++ {
			counts[g.step(rt, m).Op]++
			drawn++
		}
	})
	for i, op := range g.ops {
		want := float64(w[i]) / float64(total)
		got := float64(counts[op.Name]) / float64(drawn)
		assert.InDelta(t, want, got, math.Max(0.012, want/4), "%s", op.Name)
	}
}

// TestGeneratorNeverCreatesTheAbsentGroup: the id that stands for a group
// that does not exist is drawn (as a fault of other operations), but never
// for the operation that creates groups: created, it would exist outside
// the pool that is journaled and cleaned up, left behind on a real account.
// It is drawn as is and at the maximum length of a group id (a recovery
// that refuses a valid id of that length as invalid answers otherwise).
func TestGeneratorNeverCreatesTheAbsentGroup(t *testing.T) {
	c := contract.Default()
	const absent = "xabcde1none"
	long := padID(absent, groupIDMax(c))
	drawn := map[string]int{}
	rapid.Check(t, func(rt *rapid.T) {
		g := newGenerator(c, absent, true, false, nil)
		m := newModel([]string{"xabcde1g1", "xabcde1g2", "xabcde1g3"}, "cn-shanghai")
		m.groups["xabcde1g1"].state = groupActive
		for i := 0; i < 30; i++ {
			s := g.step(rt, m)
			id := s.Params["GroupId"]
			if id != absent && id != long {
				continue
			}
			op, _ := c.Operation(s.Op)
			if op.Name == contract.OpCreateLiveMessageGroup {
				rt.Fatalf("%s drawn with the absent group %s", s.Op, id)
			}
			drawn[id]++
		}
	})
	if drawn[absent] == 0 || drawn[long] == 0 {
		t.Fatalf("the absent group was not drawn in both lengths (%v): the check above proved nothing", drawn)
	}
}

// TestKicksTryPrefixesOfMembers: a kick names, now and then, an id one
// character shorter than a member's that is no member (u1 when u1a is
// one): a provider that matches ids by prefix kicks the member.
func TestKicksTryPrefixesOfMembers(t *testing.T) {
	c := contract.Default()
	op := c.Op(contract.OpKickLiveMessageGroupUser)
	p, _ := op.Param("KickoffUser")
	prefix, n := 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		g := newGenerator(c, "xnone", false, true, nil)
		m := newModel([]string{"g1", "g2", "g3"}, "cn-shanghai")
		m.groups["g1"].state = groupActive
		m.groups["g1"].members["u1a"], m.groups["g1"].members["u2"] = true, true
		for i := 0; i < 20; i++ {
			s := Step{Params: map[string]string{"GroupId": "g1"}}
			switch u := g.userFor(rt, m, &s, op, p); u {
			case "u1", "u": // of u1a, of u2
				prefix++
			case "u1a", "u2":
			default:
				if !slices.Contains(users, u) && u != userLong(c) {
					rt.Fatalf("kicked %q: no member, no prefix of one, no user of the pool", u)
				}
			}
			n++
		}
	})
	// a quarter drawn as prefixes, a few more by the pool's own u1: well
	// within 15% to 40% whatever rapid's stream
	share := float64(prefix) / float64(n)
	assert.True(t, share > 0.15 && share < 0.4, "%d prefixes in %d kicks", prefix, n)
}

// TestRealCreatesOnlyPoolGroups: on a real account, a create names a group
// of the pool (journaled, deleted after), whatever fault it carries: no
// fault changes the id of a group being created there.
func TestRealCreatesOnlyPoolGroups(t *testing.T) {
	c := contract.Default()
	pool := []string{"xabcde1g1", "xabcde1g2", "xabcde1g3"}
	faulted := 0
	rapid.Check(t, func(rt *rapid.T) {
		g := newGenerator(c, "xabcde1none", true, false, nil)
		m := newModel(pool, "cn-shanghai")
		for i := 0; i < 30; i++ {
			s := g.step(rt, m)
			op, _ := c.Operation(s.Op)
			if op.Name != contract.OpCreateLiveMessageGroup {
				continue
			}
			if id, ok := s.Params["GroupId"]; ok && !slices.Contains(pool, id) {
				rt.Fatalf("%s drawn with %q (fault %q), not a group of the pool", s.Op, id, s.Fault)
			}
			if s.Fault != "" {
				faulted++
			}
		}
	})
	if faulted == 0 {
		t.Fatalf("no create carried a fault: the check above proved nothing")
	}
}

// TestExactLimitsAmongValidDraws: valid calls carry ids, lists and numbers
// at exactly the contract's limits, and no valid call goes over one.
func TestExactLimitsAmongValidDraws(t *testing.T) {
	c := contract.Default()
	atMax := map[string]bool{}
	rapid.Check(t, func(rt *rapid.T) {
		g := newGenerator(c, "xnone", false, true, nil)
		long := padID("g3", groupIDMax(c))
		m := newModel([]string{"g1", "g2", long}, "cn-shanghai")
		m.groups["g1"].state = groupActive
		m.groups[long].state = groupActive
		for i := 0; i < 40; i++ {
			s := g.step(rt, m)
			op, ok := c.Operation(s.Op)
			if !ok || s.Fault != "" {
				continue
			}
			for _, p := range op.Params {
				if l, ok := s.Lists[p.Name]; ok && p.MaxItems > 0 {
					if len(l) > p.MaxItems {
						rt.Fatalf("%s.%s: %d items, over %d", s.Op, p.Name, len(l), p.MaxItems)
					}
					if len(l) == p.MaxItems {
						atMax["items "+p.Name] = true
					}
				}
				v, ok := s.Params[p.Name]
				if !ok {
					continue
				}
				if p.MaxLength > 0 && len(v) == p.MaxLength {
					atMax["length "+p.Name] = true
				}
				if p.Max != nil && v == itoa(*p.Max) {
					atMax["max "+p.Name] = true
				}
				if p.Min != nil && v == itoa(*p.Min) {
					atMax["min "+p.Name] = true
				}
			}
		}
	})
	for _, want := range []string{"length GroupId", "items BannedUsers", "items UserIds", "items Administrators", "max PageSize", "min PageSize", "max Weight", "length Body"} {
		assert.True(t, atMax[want], "no valid draw at the limit: %s", want)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func groupIDMax(c *contract.Contract) int {
	p, _ := c.Op(contract.OpCreateLiveMessageGroup).Param("GroupId")
	return p.MaxLength
}

// TestBurstsFillPastTheSmallestPage: a valid send to a group with members
// is, now and then, a burst of one message more than the smallest page of
// the message list (each signed with its own nonce, each given its MsgTid
// by the service); never a faulty send, never without the admin API (no
// members: every send refused), never to a group nobody joined.
func TestBurstsFillPastTheSmallestPage(t *testing.T) {
	c := contract.Default()
	p, _ := c.Op(contract.OpListLiveMessageGroupMessages).Param("PageSize")
	want := int(*p.Min) + 1
	bursts, sends := 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		for _, admin := range []bool{true, false} {
			g := newGenerator(c, "xnone", false, admin, nil)
			m := newModel([]string{"g1", "g2", "g3"}, "cn-shanghai")
			m.groups["g1"].state, m.groups["g2"].state = groupActive, groupActive
			m.groups["g1"].members["u1"] = true
			for i := 0; i < 40; i++ {
				s := g.step(rt, m)
				if s.Op == contract.OpSendLiveMessageGroup && s.Fault == "" && admin && s.Params["GroupId"] == "g1" {
					sends++
				}
				if s.Repeat == 0 {
					continue
				}
				bursts++
				if s.Op != contract.OpSendLiveMessageGroup || s.Fault != "" || !admin || s.Params["GroupId"] != "g1" {
					rt.Fatalf("a burst of %s (fault %q, admin %v) to %s", s.Op, s.Fault, admin, s.Params["GroupId"])
				}
				if s.Repeat != want || s.Nonce != "" || s.Params["MsgTid"] != "" || s.Calls() != want {
					rt.Fatalf("a burst of %d sends, nonce %q, MsgTid %q", s.Repeat, s.Nonce, s.Params["MsgTid"])
				}
			}
		}
	})
	require.Positive(t, sends)
	share := float64(bursts) / float64(sends)
	assert.True(t, share > 0.12 && share < 0.4, "%d bursts of %d valid sends to a group with members (burstPercent, give or take rapid's stream)", bursts, sends)
}

// TestUntriedLimitsComeFirst: a string is drawn at exactly its maximum
// length more often until its operation has sent it so in the run.
func TestUntriedLimitsComeFirst(t *testing.T) {
	c := contract.Default()
	op := c.Op(contract.OpSendLiveMessageUser)
	p, _ := op.Param("Body")
	first, later, n := 0, 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		for i := 0; i < 20; i++ {
			fresh := newGenerator(c, "xnone", false, true, nil)
			if len(fresh.scalar(rt, op, p)) == p.MaxLength {
				first++
			}
			if len(fresh.scalar(rt, op, p)) == p.MaxLength { // tried now, or tried before
				later++
			}
			n++
		}
	})
	firstShare := float64(first) / float64(n) // untriedLimitPercent, give or take rapid's stream
	assert.True(t, firstShare > 0.28 && firstShare < 0.55, "at the limit while untried: %.2f", firstShare)
	assert.Less(t, later, first, "fewer once tried")
}

// TestProbesTryBoundsBesideValidCalls: a valid call of an operation with a
// bound not tried yet is, now and then, followed by a copy of it with one
// fault, its own nonce (unless the fault reuses one), the valid call left
// as it was; once every bound of the operation was tried, it is not
// probed.
func TestProbesTryBoundsBesideValidCalls(t *testing.T) {
	c := contract.Default()
	probes := 0
	rapid.Check(t, func(rt *rapid.T) {
		g := newGenerator(c, "xnone", false, true, nil)
		m := newModel([]string{"g1", "g2", "g3"}, "cn-shanghai")
		m.groups["g1"].state = groupActive
		for i := 0; i < 30; i++ {
			s := g.step(rt, m)
			before := maps.Clone(s.Params)
			p := g.probe(rt, m, s)
			if p == nil {
				continue
			}
			probes++
			reuse := p.Fault == faultNonce || p.Fault == faultNonceSame // the valid call's nonce may be the one reused
			if s.Fault != "" || p.Op != s.Op || p.Fault == "" || p.Nonce == "" || p.Nonce == s.Nonce && !reuse {
				rt.Fatalf("probe %s (fault %q, nonce %q) of %s (fault %q, nonce %q)", p.Op, p.Fault, p.Nonce, s.Op, s.Fault, s.Nonce)
			}
			if !maps.Equal(before, s.Params) {
				rt.Fatalf("the probe changed the valid call: %v, was %v", s.Params, before)
			}
		}
	})
	assert.Positive(t, probes)

	g := newGenerator(c, "xnone", false, true, nil)
	op := c.Op(contract.OpListLiveMessageGroupUsers)
	for _, f := range []string{faultRange, faultTooLong, faultTooMany, faultURL} {
		for _, b := range g.bounds(op, f) {
			g.tried[op.Name+" "+b.p.Name+" "+b.value] = true
		}
	}
	rapid.Check(t, func(rt *rapid.T) {
		m := newModel([]string{"g1"}, "cn-shanghai")
		s := Step{Op: op.Name, Params: map[string]string{"GroupId": "g1"}}
		if p := g.probe(rt, m, s); p != nil {
			rt.Fatalf("probed %s though every bound of it was tried: %+v", op.Name, p)
		}
	})
}

// TestNoProbesOnAPacedTarget: a real target's plan (PlanFor) counts the
// drawn steps only: no probe is added there.
func TestNoProbesOnAPacedTarget(t *testing.T) {
	c := contract.Default()
	rapid.Check(t, func(rt *rapid.T) {
		g := newGenerator(c, "xnone", true, false, nil)
		m := newModel([]string{"g1", "g2", "g3"}, "cn-shanghai")
		m.groups["g1"].state = groupActive
		for i := 0; i < 20; i++ {
			if p := g.probe(rt, m, g.step(rt, m)); p != nil {
				rt.Fatalf("a probe on a paced target: %s", p.Op)
			}
		}
	})
}
