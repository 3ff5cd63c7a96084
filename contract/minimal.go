package contract

import (
	"strconv"
	"strings"
)

// MinimalUser is the value Minimal gives a required string parameter that
// has no value of its own (letters and digits, so any user-id pattern of
// the contract takes it).
const MinimalUser = "livemsg"

// Minimal returns a valid request of op with every required parameter, and
// nothing else, filled from the contract's constraints: the first @oneOf
// value, the lower bound of a @range (or 1), a URL of the @url schemes,
// MinimalUser padded to a @minLength; a list parameter has one such item.
// set overrides or adds values (AppId, GroupId, ...); a parameter set to ""
// there is left out. The scenarios' "I call OP on group G" and the load
// probes build their requests with it, so a new operation needs no table.
func (op *Operation) Minimal(set map[string]string) (params map[string]string, lists map[string][]string) {
	params, lists = map[string]string{}, map[string][]string{}
	for _, p := range op.Params {
		v, given := set[p.Name]
		switch {
		case given && v == "":
			continue
		case !given && !p.Required:
			continue
		case !given:
			v = p.example()
		}
		if p.List {
			lists[p.Name] = []string{v}
		} else {
			params[p.Name] = v
		}
	}
	return params, lists
}

// example is a value of p that its constraints accept.
func (p *Param) example() string {
	switch {
	case len(p.OneOf) > 0:
		return p.OneOf[0]
	case p.Kind == KindBool:
		return "false"
	case p.Kind == KindInt || p.Kind == KindLong || p.Kind == KindTime:
		n := int64(1)
		if p.Min != nil {
			n = *p.Min
		}
		if p.Max != nil && n > *p.Max {
			n = *p.Max
		}
		return strconv.FormatInt(n, 10)
	case p.URL != nil && len(p.URL.Schemes) > 0:
		return p.URL.Schemes[0] + "://example.com/livemsg"
	}
	v := MinimalUser
	if p.MinLength > len(v) {
		v += strings.Repeat("0", p.MinLength-len(v))
	}
	if p.MaxLength > 0 && len(v) > p.MaxLength {
		v = v[:p.MaxLength]
	}
	return v
}
