package explore

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Coverage is what a run reached: for each operation, the answer codes the
// target gave (success as "OK") and the faults drawn, and how often each
// protocol dimension was sent. The draw favours what is not reached yet;
// the table is printed at the end of a run.
type Coverage struct {
	mu sync.Mutex
	// Codes counts the target's answers by operation and code ("OK" for
	// a success).
	Codes map[string]map[string]int `json:"codes"`
	// Faults counts the faults drawn by operation and class.
	Faults map[string]map[string]int `json:"faults"`
	// Dimensions counts the calls by protocol dimension ("method GET",
	// "sign v3", "lists comma", "DataCenter", "skew inside", ...).
	Dimensions map[string]int `json:"dimensions"`
	// Calls and Valid count the drawn calls and those without a fault.
	Calls int `json:"calls"`
	Valid int `json:"valid"`
	// Chains counts the sequences by the most calls that acted on one
	// group (a write-then-read chain).
	Chains map[int]int `json:"chains"`
	// styles counts the faults of calls with lists by operation, fault
	// and list encoding.
	styles map[string]int
	// drawn counts the answers to drawn calls only (Codes holds the
	// read-back's too): what the draw is steered by.
	drawn map[string]map[string]int
	// bounds holds the bound faults drawn (operation, parameter, value).
	bounds map[string]bool
}

// boundTried reports a bound fault drawn before (key: operation,
// parameter, value).
func (c *Coverage) boundTried(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bounds[key]
}

// boundDrawn notes a bound fault drawn.
func (c *Coverage) boundDrawn(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bounds == nil {
		c.bounds = map[string]bool{}
	}
	c.bounds[key] = true
}

// OK is the code column of a success.
const OK = "OK"

func newCoverage() *Coverage {
	return &Coverage{Codes: map[string]map[string]int{}, Faults: map[string]map[string]int{}, Dimensions: map[string]int{}, Chains: map[int]int{}, styles: map[string]int{}}
}

func styleKey(op, fault string, st aliyun.ListStyle) string {
	return op + "|" + fault + "|" + st.String()
}

// faultedInEach reports a fault of an operation met in every list
// encoding.
func (c *Coverage) faultedInEach(op, fault string) bool {
	for _, st := range []aliyun.ListStyle{aliyun.ListRepeated, aliyun.ListComma, aliyun.ListJSON} {
		if !c.faultedIn(op, fault, st) {
			return false
		}
	}
	return true
}

func (c *Coverage) faultedIn(op, fault string, st aliyun.ListStyle) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.styles[styleKey(op, fault, st)] > 0
}

func (c *Coverage) succeeded(op string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.drawn[op][OK] > 0
}

func (c *Coverage) faulted(op, class string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Faults[op][class] > 0
}

// unreached lists the operation's documented codes a fault can bring
// (InputInvalid, ResourceNotExist) that it has not answered yet.
func (c *Coverage) unreached(ct *contract.Contract, op *contract.Operation) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, code := range op.Errors {
		if (code == contract.CodeInputInvalid || code == contract.CodeResourceNotExist) && c.drawn[op.Name][code] == 0 {
			out = append(out, code)
		}
	}
	return out
}

// Reached reports whether op answered code (OK for a success).
func (c *Coverage) Reached(op, code string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Codes[op][code] > 0
}

func inc(m map[string]map[string]int, a, b string) {
	if m[a] == nil {
		m[a] = map[string]int{}
	}
	m[a][b]++
}

// add counts one drawn call and the target's answer code.
func (c *Coverage) add(s Step, code string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code == "" {
		code = OK
	}
	inc(c.Codes, s.Op, code)
	if s.ReadBack || s.Op == joinOp || s.Op == seedOp {
		return
	}
	if c.drawn == nil {
		c.drawn = map[string]map[string]int{}
	}
	inc(c.drawn, s.Op, code)
	c.Calls++
	if s.Fault == "" {
		c.Valid++
	} else {
		inc(c.Faults, s.Op, s.Fault)
		if len(s.Lists) > 0 {
			c.styles[styleKey(s.Op, s.Fault, s.Style)]++
		}
	}
	for _, d := range s.dimensions() {
		c.Dimensions[d]++
	}
}

func (c *Coverage) chain(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Chains[n]++
}

// dimensions names the protocol dimensions a step sends.
func (s Step) dimensions() []string {
	out := []string{"method " + s.Method, "format " + s.Format, "sign v1"}
	if s.V3 {
		out[2] = "sign v3"
	}
	if len(s.Lists) > 0 {
		out = append(out, "lists "+s.Style.String())
	}
	if _, ok := s.Params["DataCenter"]; ok {
		out = append(out, "DataCenter")
	}
	switch {
	case s.Skew > allowedSkew || s.Skew < -allowedSkew:
		out = append(out, "skew outside")
	case s.Skew != 0:
		out = append(out, "skew inside")
	}
	switch s.Fault {
	case faultNonce:
		out = append(out, "nonce reused across operations")
	case faultNonceSame:
		out = append(out, "nonce reused within an operation")
	}
	if op, ok := contract.Default().Operation(s.Op); ok && s.Fault == "" {
		for _, p := range op.Params {
			if v, ok := s.Params[p.Name]; ok && p.MaxLength > 0 && len(v) == p.MaxLength && p.Pattern != nil {
				out = append(out, "id at max length")
				break
			}
		}
		for _, p := range op.Params {
			if l, ok := s.Lists[p.Name]; ok && p.MaxItems > 0 && len(l) == p.MaxItems {
				out = append(out, "list at max items")
				break
			}
		}
	}
	if s.BadKey {
		out = append(out, "unknown key")
	}
	return out
}

// ValidShare is the share of drawn calls without a fault.
func (c *Coverage) ValidShare() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Calls == 0 {
		return 0
	}
	return float64(c.Valid) / float64(c.Calls)
}

// ChainShare is the share of sequences in which one group took part in at
// least n calls.
func (c *Coverage) ChainShare(n int) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	all, long := 0, 0
	for k, v := range c.Chains {
		all += v
		if k >= n {
			long += v
		}
	}
	if all == 0 {
		return 0
	}
	return float64(long) / float64(all)
}

// Print writes the coverage table: one row per operation, the answer codes
// reached with their counts, the faults drawn; then the protocol
// dimensions and the shares of valid calls and of chains.
func (c *Coverage) Print(w io.Writer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "operation\tanswers (code x count)\tfaults drawn")
	for _, op := range slices.Sorted(maps.Keys(c.Codes)) {
		if op == joinOp || op == seedOp {
			continue
		}
		mark := " "
		if c.Codes[op][OK] == 0 {
			mark = "!" // never succeeded
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\n", mark, op, counts(c.Codes[op]), counts(c.Faults[op]))
	}
	tw.Flush()
	fmt.Fprintf(w, "\ndimensions: %s\n", counts(c.Dimensions))
	valid := 0.0
	if c.Calls > 0 {
		valid = 100 * float64(c.Valid) / float64(c.Calls)
	}
	fmt.Fprintf(w, "drawn calls: %d, valid %.0f%%; sequences by the longest chain on one group: %s\n", c.Calls, valid, chains(c.Chains))
}

func counts(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s x%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func chains(m map[int]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d calls: %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// WriteJSON writes the coverage as JSON.
func (c *Coverage) WriteJSON(w io.Writer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// WriteFile saves the coverage as JSON (livemsg explore --out).
func (c *Coverage) WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = c.WriteJSON(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
