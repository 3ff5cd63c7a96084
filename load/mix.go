package load

import (
	"slices"
	"sync"

	"github.com/livemsg/livemsg/contract"
)

// MixOperations are the operations a profile's mix may name: every
// operation of the contract but those NotMixable. Each has a traffic model
// in the resource pool (see pool): its own where it needs state the run
// made (a group to delete, a user it muted, a message it sent), else the
// generic one. Those that change the app itself (@appLevel writes) are
// mixed on the emulator only (RealRefusal).
// The modelled ones come first, in an order that makes what the later
// ones work on (groups, mutes, bans, guests, messages), then the rest in
// the contract's order.
var MixOperations = mixable(contract.Default())

// modelled are the operations with a traffic model of their own.
var modelled = []string{
	opCreate, opDelete, opRecover, opMute, opUnmute, opSend,
	opDescribe, opDescribeBand, opList, opListMessages,
	opBan, opUnban, opModifyBand, opKick, opModifyGroup, opSendUser,
	opDeleteGroupMsg, opDeleteUserMsg, opDescribeApp, opModifyAudit, opModifyCallback, opModifyDisable,
}

func mixable(c *contract.Contract) []string {
	out := slices.Clone(modelled)
	for _, op := range c.OperationNames() {
		if _, not := NotMixable[op]; !not && !slices.Contains(out, op) {
			out = append(out, op)
		}
	}
	return out
}

// NotMixable are the operations of the contract a profile never mixes,
// with why.
var NotMixable = map[string]string{
	opCreateApp: "it creates an app, which cannot be deleted and counts against the account's apps for good " +
		"(a profile deletes what it creates); an app is made once, not application traffic: " +
		"a profile on the emulator creates its own, on a real target it works in --app-id",
}

// RealRefusal says why op may not be mixed on a real target ("" when it
// may): an operation that changes the app itself (@appLevel, not a read)
// would change the production app for every user of it while the run
// lasts, and nothing a journal holds could undo it.
func RealRefusal(c *contract.Contract, op string) string {
	o, ok := c.Operation(op)
	if !ok || !o.AppLevel || o.Read {
		return ""
	}
	return op + " changes the app itself (moderation, callbacks or whether it is enabled) for every user of it: " +
		"a profile mixes it on the emulator only, never on a real target"
}

// picker chooses the operation of each arrival by weight, with smooth
// weighted round robin: after any n arrivals each operation has had its
// share of n to within one, so a short stage gets the mix it asks for,
// and the interleaving is the same on every run.
type picker struct {
	mu      sync.Mutex
	ops     []string
	weights []float64
	current []float64
	total   float64
}

func newPicker(mix []MixEntry) *picker {
	p := &picker{}
	for _, m := range mix {
		p.ops = append(p.ops, m.Operation)
		p.weights = append(p.weights, m.Weight)
		p.total += m.Weight
	}
	p.current = make([]float64, len(p.ops))
	return p
}

// next is the operation of the next arrival.
func (p *picker) next() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	best := 0
	for i, w := range p.weights {
		p.current[i] += w
		if p.current[i] > p.current[best] {
			best = i
		}
	}
	p.current[best] -= p.total
	return p.ops[best]
}

// shares is each operation's share of the arrivals.
func shares(mix []MixEntry) map[string]float64 {
	total := 0.0
	for _, m := range mix {
		total += m.Weight
	}
	out := map[string]float64{}
	for _, m := range mix {
		out[m.Operation] = m.Weight / total
	}
	return out
}
