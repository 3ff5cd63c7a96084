package contract

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Params holds decoded request parameters: one value for a scalar, the items
// for a list parameter.
type Params map[string][]string

// Get returns the value of a scalar parameter ("" when absent).
func (p Params) Get(name string) string {
	if v := p[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Has reports whether the parameter was sent.
func (p Params) Has(name string) bool { _, ok := p[name]; return ok }

// List returns the items of a list parameter.
func (p Params) List(name string) []string { return p[name] }

// Int returns an integer parameter, or def when absent or not a number
// (Validate has rejected non-numbers already).
func (p Params) Int(name string, def int64) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(p.Get(name)), 10, 64)
	if err != nil {
		return def
	}
	return n
}

// Bool returns a Boolean parameter ("true", case-insensitive).
func (p Params) Bool(name string) bool { return strings.EqualFold(p.Get(name), "true") }

// CommonParams are the protocol parameters every RPC call may carry; they are
// not the operation's own and Decode leaves them out.
var CommonParams = map[string]bool{
	"Action": true, "Version": true, "Format": true, "AccessKeyId": true,
	"SignatureMethod": true, "SignatureVersion": true, "SignatureNonce": true,
	"SignatureType": true, "Timestamp": true, "Signature": true,
	"SecurityToken": true, "RegionId": true,
}

// Decode turns raw query or form values into the operation's parameters.
// List parameters are accepted as Name.1=a&Name.2=b (what SDK v1 sends),
// Name=a,b (what the generated SDKs for Go, Java, TypeScript and C# send,
// and the product docs show) and Name=["a","b"] (JSON: no official client
// sends it; accepting it is harmless). Unknown parameters are ignored as the gateway does;
// a scalar sent twice, a list sent in two forms, a broken index or a value
// that is not UTF-8 is InputInvalid.
func (c *Contract) Decode(op *Operation, raw url.Values) (Params, *Error) {
	// A request without a fault decodes the same in any order, so the map's
	// own order is tried first; a faulty one is decoded again in sorted
	// order, so that a request with several faults always gets the same one.
	var stack [32]string
	names := stack[:0]
	for name := range raw {
		names = append(names, name)
	}
	if out, err := c.decode(op, raw, names); err == nil {
		return out, nil
	}
	slices.Sort(names)
	return c.decode(op, raw, names)
}

func (c *Contract) decode(op *Operation, raw url.Values, names []string) (Params, *Error) {
	out := make(Params, len(op.params))
	var indexed map[string]map[int]string
	for _, name := range names {
		vals := raw[name]
		if err := checkUTF8(c, name, vals); err != nil {
			return nil, err
		}
		if base, idx, ok := splitIndex(name); ok {
			if p, known := op.params[base]; known && p.List {
				if len(vals) != 1 {
					return nil, c.Invalid(name, "sent more than once")
				}
				if indexed == nil {
					indexed = map[string]map[int]string{}
				}
				if indexed[base] == nil {
					indexed[base] = map[int]string{}
				}
				indexed[base][idx] = vals[0]
				continue
			}
		}
		p, known := op.params[name]
		if !known {
			continue
		}
		if len(vals) != 1 {
			return nil, c.Invalid(name, "sent more than once")
		}
		if p.List {
			items, err := splitList(c, name, vals[0])
			if err != nil {
				return nil, err
			}
			out[name] = items
			continue
		}
		out[name] = vals
	}
	bases := make([]string, 0, len(indexed))
	for base := range indexed {
		bases = append(bases, base)
	}
	sort.Strings(bases)
	for _, base := range bases {
		byIdx := indexed[base]
		if _, dup := out[base]; dup {
			return nil, c.Invalid(base, "sent both as %s and as %s.N", base, base)
		}
		items, err := orderIndexed(c, base, byIdx)
		if err != nil {
			return nil, err
		}
		out[base] = items
	}
	return out, nil
}

func checkUTF8(c *Contract, name string, vals []string) *Error {
	if !utf8.ValidString(name) {
		return c.Err(CodeInputInvalid, "A parameter name is not valid UTF-8.")
	}
	for _, v := range vals {
		if !utf8.ValidString(v) {
			return c.Invalid(name, "the value is not valid UTF-8")
		}
	}
	return nil
}

// splitIndex splits "Name.3" into ("Name", 3). An index that is not a
// number in canonical form ("x", "01", "+1") is -1, which orderIndexed
// rejects: "Name.1" and "Name.01" must not both land on item 1.
func splitIndex(name string) (string, int, bool) {
	base, idx, ok := strings.Cut(name, ".")
	if !ok || base == "" {
		return "", 0, false
	}
	n, err := strconv.Atoi(idx)
	if err != nil || strconv.Itoa(n) != idx {
		return base, -1, true
	}
	return base, n, true
}

func orderIndexed(c *Contract, base string, byIdx map[int]string) ([]string, *Error) {
	idxs := make([]int, 0, len(byIdx))
	for i := range byIdx {
		idxs = append(idxs, i)
	}
	sort.Ints(idxs)
	items := make([]string, 0, len(idxs))
	for want, i := range idxs {
		if i != want+1 {
			return nil, c.Invalid(base, "list indexes must run 1..N without gaps (%s.%d)", base, i)
		}
		items = append(items, byIdx[i])
	}
	return items, nil
}

func splitList(c *Contract, name, v string) ([]string, *Error) {
	t := strings.TrimSpace(v)
	if strings.HasPrefix(t, "[") {
		var items []string
		if err := json.Unmarshal([]byte(t), &items); err != nil {
			return nil, c.Invalid(name, "not a JSON array of strings")
		}
		return items, nil
	}
	if t == "" {
		return []string{}, nil
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts, nil
}
