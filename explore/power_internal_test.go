package explore

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/livemsg/livemsg/contract"
)

// TestBoundFaultsAreDrawnUntriedFirst: over a run (the coverage keeps
// them), the bound faults of an operation (each min-1 and max+1, one
// byte over, one item over, each URL the @url rule refuses) are all drawn
// before the first is drawn again.
func TestBoundFaultsAreDrawnUntriedFirst(t *testing.T) {
	c := contract.Default()
	cov := newCoverage()
	g := newGenerator(c, "xabsent", false, false, cov)
	later := newGenerator(c, "xabsent", false, false, cov) // the next sequence's
	for _, op := range c.Operations() {
		for _, f := range []string{faultRange, faultTooLong, faultTooMany, faultURL} {
			bs := g.bounds(op, f)
			if len(bs) == 0 {
				continue
			}
			rapid.Check(t, func(rt *rapid.T) {
				b := g.bound(rt, op, f)
				w := later.boundWeights(op, bs)
				for i, o := range bs {
					if o == b {
						assert.Equal(rt, 1, w[i], "%s %s: drawn once, it weighs 1", op.Name, o.value)
					}
				}
			})
			for i := range bs {
				assert.Equal(t, 1, later.boundWeights(op, bs)[i], "%s %s %s: tried over the run", op.Name, f, bs[i].value)
			}
			assert.False(t, later.untriedBounds(op, f))
		}
	}
	fresh := newGenerator(c, "xabsent", false, false, newCoverage())
	for _, w := range fresh.boundWeights(c.Op(contract.OpListLiveMessageGroupUsers), fresh.bounds(c.Op(contract.OpListLiveMessageGroupUsers), faultRange)) {
		assert.Equal(t, 8, w, "untried: weighs 8")
	}
}

// TestBoundsHoldTheContractsLimits: the member list's PageSize one under
// its minimum and one over its maximum, the user information one byte
// over, a refused URL with a port and one with a private address.
func TestBoundsHoldTheContractsLimits(t *testing.T) {
	c := contract.Default()
	g := newGenerator(c, "xabsent", false, false, nil)
	values := func(op, f string) []string {
		var out []string
		for _, b := range g.bounds(c.Op(op), f) {
			out = append(out, b.p.Name+"="+b.value)
		}
		return out
	}
	users := c.Op(contract.OpListLiveMessageGroupUsers)
	ps, ok := users.Param("PageSize")
	require.True(t, ok)
	assert.Contains(t, values(users.Name, faultRange), "PageSize="+strconv.FormatInt(*ps.Min-1, 10))
	assert.Contains(t, values(users.Name, faultRange), "PageSize="+strconv.FormatInt(*ps.Max+1, 10))
	info := c.Op(contract.OpModifyLiveMessageUserInfo)
	meta, _ := info.Param("UserMetaInfo")
	assert.Contains(t, values(info.Name, faultTooLong), "UserMetaInfo="+padID("v", meta.MaxLength+1))
	urls := values(contract.OpModifyLiveMessageAppCallback, faultURL)
	assert.True(t, slices.ContainsFunc(urls, func(u string) bool { return strings.Contains(u, ":8443/") }), "a port: %v", urls)
	assert.True(t, slices.ContainsFunc(urls, func(u string) bool { return strings.Contains(u, "//10.") }), "a private address: %v", urls)
	op := c.Op(contract.OpModifyLiveMessageAppCallback)
	for _, u := range urls {
		err := c.Validate(op, contract.Params{"AppId": {"app1"}, "EventCallbackUrl": {strings.TrimPrefix(u, "EventCallbackUrl=")}})
		assert.NotNil(t, err, "the contract refuses %s", u)
	}
}

// TestSignatureFaultsReachTheRequest: a signature that does not match is
// sent tampered, an unknown SignatureVersion replaces the client's (v1).
func TestSignatureFaultsReachTheRequest(t *testing.T) {
	s := Step{Op: contract.OpListLiveMessageGroups, Params: map[string]string{}, BadSignature: true, SigVersion: badSigVersion, V3: false}
	r := s.Request("app1")
	assert.True(t, r.TamperSignature)
	assert.Equal(t, badSigVersion, r.Overrides[sigVersionParam])
	assert.False(t, Step{Op: s.Op}.Request("app1").TamperSignature)
	assert.Contains(t, s.String(), "signature that does not match")
	assert.Contains(t, s.String(), sigVersionParam+"="+badSigVersion)
}

// TestMembershipReadHoldsPrefixes: the membership read names each member
// and its id one character shorter (u1 for u1a), within the list's bound.
func TestMembershipReadHoldsPrefixes(t *testing.T) {
	c := contract.Default()
	q := &sequence{x: &explorer{c: c}}
	grp := &groupModel{members: map[string]bool{"u1a": true, "u2": true}}
	got := q.membersAndPrefixes(grp)
	assert.Equal(t, []string{"u", "u1", "u1a", "u2"}, got)
	p, _ := c.Op(contract.OpCheckLiveMessageUsersInGroup).Param("UserIds")
	for i := range 2 * p.MaxItems {
		grp.members["w"+strconv.Itoa(i)+"x"] = true
	}
	assert.Len(t, q.membersAndPrefixes(grp), p.MaxItems)
}

// TestGroupPagesReadInBothOrders: the read-back reads the group pages
// ascending in one sequence and descending in the next, so that a sort
// order ignored shows.
func TestGroupPagesReadInBothOrders(t *testing.T) {
	c := contract.Default()
	mk := func(op string, p map[string]string) Step { return Step{Op: op, Params: p} }
	sorts := map[string]bool{}
	for n := range 2 {
		q := &sequence{x: &explorer{c: c}, n: n, model: newModel([]string{"g1"}, "cn-shanghai")}
		for _, s := range q.groupReads(mk, []string{"g1"}) {
			if s.Op == contract.OpListLiveMessageGroupByPage {
				sorts[s.Params["SortType"]] = true
			}
		}
	}
	assert.Equal(t, map[string]bool{"1": true, "2": true}, sorts)
}
