// Package parity compares what two providers of the API answered to the
// same requests: a recording of a real target against a fresh emulator
// (Replay), or, for explore, a target against an emulator run in lockstep.
// It masks what must differ (RequestId, times, generated ids: one
// consistent pairing per value, so "the id Create returned is the id
// Describe returns" still holds) and lists every other difference.
package parity

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Answer is what one provider answered.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Difference is one way two answers differ.
type Difference struct {
	Where string // "status", "Code", "body.GroupList[1].GroupId", "header Content-Type"
	What  string // status, code, format, missing, extra, type, value, order, header
	A, B  string // the value on each side ("" when absent)
}

func (d Difference) String() string {
	switch d.What {
	case "missing":
		return fmt.Sprintf("%s: only the second side has it (%s)", d.Where, d.B)
	case "extra":
		return fmt.Sprintf("%s: only the first side has it (%s)", d.Where, d.A)
	}
	return fmt.Sprintf("%s: %s differs: %s vs %s", d.Where, d.What, d.A, d.B)
}

// Describe prints a difference with names for the two sides.
func (d Difference) Describe(a, b string) string {
	switch d.What {
	case "missing":
		return fmt.Sprintf("%s: %s has no such field, %s has %s", d.Where, a, b, clip(d.B))
	case "extra":
		return fmt.Sprintf("%s: %s has %s, %s has no such field", d.Where, a, clip(d.A), b)
	}
	return fmt.Sprintf("%s: %s %s, %s %s (%s)", d.Where, a, clip(d.A), b, clip(d.B), d.What)
}

// Comparer compares the answers of one sequence, in order. It keeps the
// pairing of values that each side generated (ids, RequestIds), so a value
// must map to the same counterpart every time it comes back, and two
// different values never to one.
type Comparer struct {
	pairs map[string]string // first side -> second side
	rev   map[string]string
	where map[string]string // first-side value -> where it was first paired
	sentA map[string]bool
	sentB map[string]bool
	// Texts are fields compared by presence and type, never by value: the
	// service words them as it likes (Message, Recommend, HostId).
	Texts map[string]bool
}

// NewComparer makes a comparer with an empty pairing.
func NewComparer() *Comparer {
	return &Comparer{
		pairs: map[string]string{}, rev: map[string]string{}, where: map[string]string{},
		sentA: map[string]bool{}, sentB: map[string]bool{},
		Texts: map[string]bool{"Message": true, "Recommend": true, "HostId": true},
	}
}

// Pair records that a value of the first side stands for one of the
// second (the app each side works in).
func (c *Comparer) Pair(a, b string) {
	c.pairs[a], c.rev[b] = b, a
	c.where[a] = "given"
}

// Map translates a first-side value to the second side's, when paired.
func (c *Comparer) Map(a string) (string, bool) {
	b, ok := c.pairs[a]
	return b, ok
}

// Sent records the parameter values a request carried on each side: a
// value a client sent is never taken for one the service generated.
func (c *Comparer) Sent(a, b []string) {
	for _, v := range a {
		c.sentA[v] = true
	}
	for _, v := range b {
		c.sentB[v] = true
	}
}

// Compare lists every difference between two answers to the same request.
func (c *Comparer) Compare(a, b Answer) []Difference {
	ta, fa := decodeBody(a.Body)
	tb, fb := decodeBody(b.Body)
	return c.compareTrees(a, b, ta, fa, tb, fb)
}

// compareTrees compares two answers whose bodies are decoded (ta, tb, in
// the formats fa, fb).
func (c *Comparer) compareTrees(a, b Answer, ta any, fa string, tb any, fb string) []Difference {
	var out []Difference
	if a.Status != b.Status {
		out = append(out, Difference{Where: "status", What: "status", A: fmt.Sprint(a.Status), B: fmt.Sprint(b.Status)})
	}
	if ca, cb := codeOf(ta), codeOf(tb); ca != cb {
		out = append(out, Difference{Where: "Code", What: "code", A: orNone(ca), B: orNone(cb)})
	}
	if fa != fb {
		out = append(out, Difference{Where: "body", What: "format", A: fa + " " + clip(string(a.Body)), B: fb + " " + clip(string(b.Body))})
	} else if fa == formatOther {
		if string(a.Body) != string(b.Body) {
			out = append(out, Difference{Where: "body", What: "value", A: clip(string(a.Body)), B: clip(string(b.Body))})
		}
	} else {
		c.tree(&out, "body", ta, tb)
	}
	return append(out, c.headers(a.Header, b.Header)...)
}

// headers compares the headers that matter: Content-Type by value, the
// service's own (x-acs-*) by presence and paired value. The rate-limit
// headers (x-ratelimit-*) are left out: whether a provider sends them on an
// answer that was not throttled, and what Remain says, depend on the load at
// that moment, not on the contract; the oracle lifts every limit, and the
// load probe reports them and whether they agree with what it measured.
func (c *Comparer) headers(a, b http.Header) []Difference {
	var out []Difference
	names := map[string]bool{}
	for _, h := range []http.Header{a, b} {
		for k := range h {
			if keptHeader(k) {
				names[http.CanonicalHeaderKey(k)] = true
			}
		}
	}
	for _, k := range sortedKeys(names) {
		va, oka := a[k]
		vb, okb := b[k]
		where := "header " + k
		switch {
		case !okb:
			out = append(out, Difference{Where: where, What: "extra", A: strings.Join(va, ", ")})
		case !oka:
			out = append(out, Difference{Where: where, What: "missing", B: strings.Join(vb, ", ")})
		case strings.EqualFold(k, "Content-Type"):
			if strings.Join(va, ",") != strings.Join(vb, ",") {
				out = append(out, Difference{Where: where, What: "header", A: strings.Join(va, ", "), B: strings.Join(vb, ", ")})
			}
		default:
			c.value(&out, where, firstOf(va), firstOf(vb))
		}
	}
	return out
}

func keptHeader(name string) bool {
	lk := strings.ToLower(name)
	return lk == "content-type" || strings.HasPrefix(lk, "x-acs-")
}

// tree compares two decoded bodies.
func (c *Comparer) tree(out *[]Difference, path string, a, b any) {
	switch va := a.(type) {
	case map[string]any:
		vb, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, Difference{Where: path, What: "type", A: kindOf(a), B: kindOf(b)})
			return
		}
		keys := map[string]bool{}
		for k := range va {
			keys[k] = true
		}
		for k := range vb {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			xa, oka := va[k]
			xb, okb := vb[k]
			p := path + "." + k
			switch {
			case !okb:
				*out = append(*out, Difference{Where: p, What: "extra", A: render(xa)})
			case !oka:
				*out = append(*out, Difference{Where: p, What: "missing", B: render(xb)})
			case c.Texts[k]:
				if kindOf(xa) != kindOf(xb) {
					*out = append(*out, Difference{Where: p, What: "type", A: kindOf(xa), B: kindOf(xb)})
				}
			default:
				c.tree(out, p, xa, xb)
			}
		}
	case []any:
		vb, ok := b.([]any)
		if !ok {
			*out = append(*out, Difference{Where: path, What: "type", A: kindOf(a), B: kindOf(b)})
			return
		}
		if len(va) != len(vb) {
			*out = append(*out, Difference{Where: path, What: "length", A: fmt.Sprint(len(va)), B: fmt.Sprint(len(vb))})
		}
		for i := 0; i < len(va) && i < len(vb); i++ {
			c.tree(out, fmt.Sprintf("%s[%d]", path, i), va[i], vb[i])
		}
	case string:
		vb, ok := b.(string)
		if !ok {
			*out = append(*out, Difference{Where: path, What: "type", A: kindOf(a), B: kindOf(b)})
			return
		}
		c.value(out, path, va, vb)
	default:
		if kindOf(a) != kindOf(b) {
			*out = append(*out, Difference{Where: path, What: "type", A: kindOf(a), B: kindOf(b)})
			return
		}
		if ra, rb := render(a), render(b); ra != rb {
			c.value(out, path, ra, rb)
		}
	}
}

// value compares two scalar values: equal, the same time in the same unit,
// or two values each side generated, paired consistently.
func (c *Comparer) value(out *[]Difference, path, a, b string) {
	if pb, ok := c.pairs[a]; ok {
		if pb != b {
			*out = append(*out, Difference{Where: path, What: "value", A: a, B: b + " (the first side's value stood for " + pb + " at " + c.where[a] + ")"})
		}
		return
	}
	if pa, ok := c.rev[b]; ok && pa != a {
		*out = append(*out, Difference{Where: path, What: "value", A: a + " (the second side's value stood for " + pa + " before)", B: b})
		return
	}
	if a == b {
		return
	}
	ua, ub := timeUnit(a), timeUnit(b)
	if ua != "" || ub != "" {
		if ua != ub {
			*out = append(*out, Difference{Where: path, What: "time unit", A: a + " (" + orNone(ua) + ")", B: b + " (" + orNone(ub) + ")"})
		}
		return
	}
	if c.generated(a, b) {
		c.pairs[a], c.rev[b], c.where[a] = b, a, path
		return
	}
	what := "value"
	if sa, sb := shape(a), shape(b); sa != sb && sa != "" && sb != "" {
		what = "value (" + sa + " vs " + sb + ")"
	}
	*out = append(*out, Difference{Where: path, What: what, A: a, B: b})
}

// generated reports whether two different values are ids each side made
// up: neither was sent, and both have the same id shape.
func (c *Comparer) generated(a, b string) bool {
	if c.sentA[a] || c.sentB[b] {
		return false
	}
	sa, sb := shape(a), shape(b)
	// a random id may draw no letter: a run of digits beside an id of
	// its length is that id's shape (two numbers stay numbers)
	switch {
	case sa == "" && sb != "" && digits.MatchString(a) && alnumID.MatchString(a):
		sa = fmt.Sprintf("%d-character id", len(a))
	case sb == "" && sa != "" && digits.MatchString(b) && alnumID.MatchString(b):
		sb = fmt.Sprintf("%d-character id", len(b))
	}
	return sa != "" && sa == sb
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func firstOf(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 160 {
		return s[:160] + "..."
	}
	return s
}
