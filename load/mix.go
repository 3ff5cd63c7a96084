package load

import (
	"sync"
)

// MixOperations are the operations a profile's mix may name: each has a
// traffic model in the resource pool (see pool).
var MixOperations = []string{
	opCreate, opDelete, opRecover, opMute, opUnmute, opSend,
	opDescribe, opDescribeBand, opList, opListMessages,
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
