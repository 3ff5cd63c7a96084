package parity

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/livemsg/livemsg/contract"
)

// A recording made on a real target lists what the account holds: the
// groups of every other scenario of the run and of earlier runs (a deleted
// group stays listed for 30 days), the account's other apps. The fresh
// emulator it is replayed against holds only what the recording made. So
// the list answers of such a recording are compared on the recording's own
// resources only: Scope says, from the contract, which lists of an answer
// stand for resources and which fields describe the whole listing.

// Scope is what of an operation's answer depends on resources a recording
// may not own.
type Scope struct {
	Lists []ScopedList
	// Flags are the Boolean fields beside the lists: more pages follow
	// (Hasmore, HasMore).
	Flags []string
	// Counters are the numbers beside the lists that are not an echo of a
	// parameter: they count the listing (TotalCount).
	Counters []string
	// Tokens are the fields beside the lists named like a parameter of the
	// operation and returned only sometimes: where the next page starts
	// (NextPageToken, NextpageToken).
	Tokens []string
	// Later: the request asked for a page after the first (ForRequest).
	Later string
}

// ForRequest is the scope of one request: whether it asked for a page
// after the first, by a page token (a parameter named as a Tokens field)
// other than the first page's ("", "0", "-1"), or a PageNumber over 1.
func (s *Scope) ForRequest(params map[string]string) *Scope {
	if s == nil {
		return nil
	}
	out := *s
	for k, v := range params {
		switch {
		case strings.EqualFold(k, "PageNumber"):
			if n, err := strconv.Atoi(v); err == nil && n > 1 {
				out.Later = k + "=" + v
			}
		case slices.ContainsFunc(s.Tokens, func(t string) bool { return strings.EqualFold(t, k) }):
			if v != "" && v != "0" && v != "-1" {
				out.Later = k + "=" + v
			}
		}
	}
	return &out
}

// ScopedList is a list of the answer whose items each stand for a resource.
type ScopedList struct {
	Field   string // GroupList
	XMLItem string // Groups: the element of each item in an XML answer
	ID      string // GroupId: the item's field that names its resource
}

// listing is every field that describes the whole listing.
func (s *Scope) listing() []string {
	return append(append(append([]string(nil), s.Flags...), s.Tokens...), s.Counters...)
}

// IDParams are the parameters that name a resource: the string parameters
// a read operation of the contract requires to say what it reads (AppId,
// GroupId).
func IDParams(c *contract.Contract) map[string]bool {
	out := map[string]bool{}
	for _, op := range c.Operations() {
		if !op.Read {
			continue
		}
		for _, p := range op.Params {
			if p.Required && !p.List && p.Kind == contract.KindString {
				out[p.Name] = true
			}
		}
	}
	return out
}

// ScopeOf derives an operation's scope from its result type: its lists of
// objects that carry a field named like an id parameter, and the fields
// beside them that describe the listing. Nil when the answer has no such
// list.
func ScopeOf(c *contract.Contract, op *contract.Operation) *Scope {
	if op == nil {
		return nil
	}
	ids := IDParams(c)
	s := &Scope{}
	for _, f := range op.Result {
		if !f.List || f.Kind != contract.KindObject {
			continue
		}
		for _, item := range f.Fields {
			if ids[item.Name] && item.Kind == contract.KindString && !item.List {
				s.Lists = append(s.Lists, ScopedList{Field: f.Name, XMLItem: f.XMLItem, ID: item.Name})
				break
			}
		}
	}
	if len(s.Lists) == 0 {
		return nil
	}
	for _, f := range op.Result {
		if f.List {
			continue
		}
		param := false
		for _, p := range op.Params {
			if strings.EqualFold(p.Name, f.Name) {
				param = true
			}
		}
		switch {
		case f.Kind == contract.KindBool:
			s.Flags = append(s.Flags, f.Name)
		case param && f.Optional:
			s.Tokens = append(s.Tokens, f.Name)
		case !param && (f.Kind == contract.KindInt || f.Kind == contract.KindLong):
			s.Counters = append(s.Counters, f.Name)
		}
	}
	return s
}

// own reports a value of the recorded side this recording named (sent in
// one of its requests) or saw generated (paired).
func (c *Comparer) own(v string) bool {
	if v == "" || c.sentA[v] {
		return true
	}
	_, ok := c.pairs[v]
	return ok
}

// counterpart is the emulator's value for a recorded one.
func (c *Comparer) counterpart(v string) string {
	if m, ok := c.pairs[v]; ok {
		return m
	}
	return v
}

// CompareOwn compares two answers as Compare does, the lists of the scope
// on the recording's own resources only: an item of a scoped list of the
// recorded answer (the first side) whose id this recording neither sent
// nor saw generated is left out, and with it the counters (Scope.Counters),
// which counted it; the rest of the list is compared by position, so an own
// item missing, an extra one, another order or a wrong field still differ.
// When the recorded page is not the whole listing (a flag says more follow,
// or a counter exceeds the items of the page), every field that describes
// the listing (flags, tokens, counters) is left out, and the recorded items
// are matched by id with the emulator's rather than by position: the
// emulator's items the page lacks may be on a page the recording did not
// read; a recorded own item the emulator lacks still differs. It returns the
// differences and what it left out, in words. A nil scope compares whole.
func (c *Comparer) CompareOwn(s *Scope, a, b Answer) ([]Difference, []string) {
	if s == nil {
		return c.Compare(a, b), nil
	}
	ta, fa := decodeBody(a.Body)
	tb, fb := decodeBody(b.Body)
	ra, rb := resultOf(ta, fa), resultOf(tb, fb)
	if ra == nil {
		return c.Compare(a, b), nil
	}
	if s.Later != "" && len(s.Lists) > 0 {
		note := laterPage(s, ra, rb)
		return c.compareTrees(a, b, ta, fa, tb, fb), []string{note}
	}
	cuts, dropped, total := c.ownItems(s, ra, fa)
	if len(cuts) == 0 {
		return c.Compare(a, b), nil
	}
	partial := morePages(s, ra, total)
	if dropped == 0 && !partial {
		return c.Compare(a, b), nil
	}
	var notes []string
	var pre []Difference
	for _, ct := range cuts {
		noun := strings.ToLower(strings.TrimSuffix(ct.l.ID, "Id")) + "s"
		if n := len(ct.items) - len(ct.kept); n > 0 {
			notes = append(notes, fmt.Sprintf("%d of %d %s of %s, whose %s this recording neither sent nor saw made (other scenarios', other runs', the account's)",
				n, len(ct.items), noun, ct.l.Field, ct.l.ID))
		}
		kept := ct.kept
		if partial && rb != nil {
			other, _ := itemsOf(rb, ct.l, fb)
			al := c.alignPage(ct.l, kept, other)
			pre = append(pre, al.diffs...)
			if al.beyond > 0 {
				notes = append(notes, fmt.Sprintf("%d of the emulator's %d %s of %s, beyond the recorded page, which is not the whole listing: they may be on a page the recording did not read",
					al.beyond, len(other), noun, ct.l.Field))
			}
			kept = al.matched
			setItems(rb, ct.l, fb, al.keptB)
		}
		setItems(ra, ct.l, fa, kept)
	}
	if note := dropCounters(s, partial, ra, rb); note != "" {
		notes = append(notes, note)
	}
	return append(pre, c.compareTrees(a, b, ta, fa, tb, fb)...), notes
}

// laterPage drops the lists and the listing's fields of a page after the
// first, on both sides, and says why. Pages are cut by position, and
// others' resources come before and between the recording's own: a page
// after the first holds other own items on each side, or none. Only the
// rest compares.
func laterPage(s *Scope, ra, rb map[string]any) string {
	var gone []string
	for _, l := range s.Lists {
		gone = append(gone, l.Field)
	}
	gone = append(gone, s.listing()...)
	for _, k := range gone {
		delete(ra, k)
		if rb != nil {
			delete(rb, k)
		}
	}
	return fmt.Sprintf("%s of a page after the first (%s): where the recording's own items fall on pages depends on the others' before them",
		strings.Join(gone, ", "), s.Later)
}

// ownCut is one list of an answer: its items and those of the recording's
// own resources.
type ownCut struct {
	l           ScopedList
	kept, items []any
}

// ownItems keeps, in each list of the scope, the recording's own items;
// it counts the items dropped and the items in all.
func (c *Comparer) ownItems(s *Scope, ra map[string]any, fa string) (cuts []ownCut, dropped, total int) {
	for _, l := range s.Lists {
		items, ok := itemsOf(ra, l, fa)
		if !ok {
			continue
		}
		var kept []any
		for _, it := range items {
			if c.own(idOf(it, l.ID)) {
				kept = append(kept, it)
			}
		}
		cuts = append(cuts, ownCut{l, kept, items})
		dropped += len(items) - len(kept)
		total += len(items)
	}
	return cuts, dropped, total
}

// aligned is a recorded page's own items set against the emulator's list.
type aligned struct {
	matched, keptB []any // the page's items the emulator has, and those of the emulator's in the page's run
	diffs          []Difference
	beyond         int // the emulator's items outside the page's run
}

// alignPage matches the own items of a recorded page that is not the whole
// listing with the emulator's list (which holds only own items).
func (c *Comparer) alignPage(l ScopedList, kept, other []any) aligned {
	var al aligned
	at := map[string]int{}
	for i, it := range other {
		at[idOf(it, l.ID)] = i
	}
	var idx []int
	used := map[int]bool{}
	for _, it := range kept {
		id := idOf(it, l.ID)
		i, ok := at[c.counterpart(id)]
		if !ok || used[i] {
			al.diffs = append(al.diffs, Difference{Where: fmt.Sprintf("body.%s[%s=%s]", l.Field, l.ID, id), What: "item the emulator lacks", A: render(it), B: "none"})
			continue
		}
		used[i] = true
		al.matched = append(al.matched, it)
		idx = append(idx, i)
	}
	// The page is a run of the listing, so its own items are a run of the
	// emulator's: one the emulator has between two of the page's is one
	// the page lacks.
	window := append([]int(nil), idx...)
	sort.Ints(window) // in the emulator's order: an order that differs shows
	onPage := map[int]bool{}
	for _, i := range window {
		onPage[i] = true
	}
	al.beyond = len(other)
	if len(window) > 0 {
		for i := window[0]; i <= window[len(window)-1]; i++ {
			if !onPage[i] {
				al.diffs = append(al.diffs, Difference{Where: fmt.Sprintf("body.%s[%s=%s]", l.Field, l.ID, idOf(other[i], l.ID)),
					What: "item the recorded page lacks, between two it has", A: "none", B: render(other[i])})
			}
		}
		al.beyond -= window[len(window)-1] - window[0] + 1
	}
	for _, i := range window {
		al.keptB = append(al.keptB, other[i])
	}
	return al
}

// dropCounters removes the fields that counted the items left out (or, of
// a partial page, those that describe the whole listing) and says which.
// A page that is the whole listing says no more follow on the emulator
// either, which holds a part of it: only its counters counted others.
func dropCounters(s *Scope, partial bool, ra, rb map[string]any) string {
	fields, why := s.Counters, "they counted the items left out"
	if partial {
		fields, why = s.listing(), "they describe the whole listing, of which the recorded page is a part"
	}
	var gone []string
	for _, k := range fields {
		_, ina := ra[k]
		_, inb := rb[k]
		if ina || inb {
			gone = append(gone, k)
		}
		delete(ra, k)
		if rb != nil {
			delete(rb, k)
		}
	}
	if len(gone) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: %s", strings.Join(gone, ", "), why)
}

// resultOf is the object that holds the result's fields: the JSON body, or
// the root element's content of an XML one.
func resultOf(tree any, format string) map[string]any {
	m, ok := tree.(map[string]any)
	if !ok {
		return nil
	}
	if format == formatXML {
		for _, v := range m {
			inner, _ := v.(map[string]any)
			return inner
		}
	}
	return m
}

// itemsOf gives the items of a list field, in JSON ([...]) or XML (the
// list's element holding one element per item: none, one or many).
func itemsOf(m map[string]any, l ScopedList, format string) ([]any, bool) {
	v, ok := m[l.Field]
	if !ok {
		return nil, false
	}
	if format == formatXML {
		switch x := v.(type) {
		case string:
			return nil, x == "" // an empty list
		case map[string]any:
			v, ok = x[l.XMLItem]
			if !ok {
				return nil, false
			}
		default:
			return nil, false
		}
		if one, single := v.(map[string]any); single {
			return []any{one}, true
		}
	}
	list, ok := v.([]any)
	return list, ok
}

// setItems writes a list back in its format's shape.
func setItems(m map[string]any, l ScopedList, format string, items []any) {
	if m == nil {
		return
	}
	if _, ok := m[l.Field]; !ok {
		return
	}
	if format != formatXML {
		m[l.Field] = append([]any{}, items...)
		return
	}
	switch len(items) {
	case 0:
		m[l.Field] = ""
	case 1:
		m[l.Field] = map[string]any{l.XMLItem: items[0]}
	default:
		m[l.Field] = map[string]any{l.XMLItem: items}
	}
}

func idOf(item any, field string) string {
	m, _ := item.(map[string]any)
	s, _ := m[field].(string)
	return s
}

// morePages reports a recorded page that is not the whole listing: a flag
// says more follow, or a counter counts more than the page's items.
func morePages(s *Scope, m map[string]any, items int) bool {
	for _, k := range s.Flags {
		switch v := m[k].(type) {
		case bool:
			if v {
				return true
			}
		case string:
			if strings.EqualFold(v, "true") {
				return true
			}
		}
	}
	for _, k := range s.Counters {
		var n json.Number
		switch v := m[k].(type) {
		case json.Number:
			n = v
		case string:
			n = json.Number(v)
		default:
			continue
		}
		if x, err := n.Int64(); err == nil && x > int64(items) {
			return true
		}
	}
	return false
}
