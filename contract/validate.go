package contract

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validate checks decoded parameters against the operation's constraints in
// the SDL order of its parameters and returns the documented error for the
// first one violated: Missing{Param} for a required parameter that is absent
// or empty (InputInvalid naming it when the parameter is @requiredInPractice:
// the gateway does not know it is required), InputInvalid (naming the
// parameter) for any other violation.
func (c *Contract) Validate(op *Operation, params Params) *Error {
	for _, p := range op.Params {
		vals, sent := params[p.Name]
		if !sent || (!p.List && (len(vals) == 0 || vals[0] == "")) {
			if p.Required && p.MissingInvalid != "" {
				return c.Invalid(p.Name, "it is required")
			}
			if p.Required {
				return c.Missing(p.Name)
			}
			continue
		}
		if err := c.validateParam(p, vals); err != nil {
			return err
		}
	}
	for _, p := range op.Params {
		if w := p.RequiredWhen; w != nil && params.Get(w.Param) == w.Value && params.Get(p.Name) == "" {
			return c.Invalid(p.Name, "required when %s is %s", w.Param, w.Value)
		}
	}
	return nil
}

// ValidateName is Validate by operation name; an unknown operation is
// InvalidAction.NotFound.
func (c *Contract) ValidateName(name string, params Params) *Error {
	op, ok := c.Operation(name)
	if !ok {
		return c.Err(CodeInvalidActionNotFound, "Specified api "+name+" is not found.")
	}
	return c.Validate(op, params)
}

func (c *Contract) validateParam(p *Param, vals []string) *Error {
	if !p.List {
		return c.validateValue(p, p.Name, vals[0])
	}
	if p.Required && len(vals) == 0 {
		return c.Invalid(p.Name, "at least one item is required")
	}
	if p.MaxItems > 0 && len(vals) > p.MaxItems {
		return c.Invalid(p.Name, "at most %d items, got %d", p.MaxItems, len(vals))
	}
	for i, v := range vals {
		if v == "" {
			return c.Invalid(p.Name, "item %d is empty", i+1)
		}
		if p.Wildcard != "" && v == p.Wildcard && len(vals) > 1 {
			return c.Invalid(p.Name, "%q stands for every item and cannot be combined with others", p.Wildcard)
		}
		if err := c.validateValue(p, p.Name+"."+strconv.Itoa(i+1), v); err != nil {
			return err
		}
	}
	return nil
}

func (c *Contract) validateValue(p *Param, label, v string) *Error {
	switch p.Kind {
	case KindInt, KindLong, KindTime:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || (p.Kind == KindInt && (n > 1<<31-1 || n < -1<<31)) {
			return c.Invalid(label, "%q is not an integer", clip(v))
		}
		if p.Min != nil && n < *p.Min {
			return c.Invalid(label, "must be at least %d, got %d", *p.Min, n)
		}
		if p.Max != nil && n > *p.Max {
			return c.Invalid(label, "must be at most %d, got %d", *p.Max, n)
		}
	case KindBool:
		if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return c.Invalid(label, "%q is not true or false", clip(v))
		}
	}
	if p.MaxLength > 0 || p.MinLength > 0 {
		n, unit := len(v), "bytes"
		if p.LengthInChars {
			n, unit = utf8.RuneCountInString(v), "characters"
		}
		if p.MaxLength > 0 && n > p.MaxLength {
			return c.Invalid(label, "at most %d %s, got %d", p.MaxLength, unit, n)
		}
		if p.MinLength > 0 && n < p.MinLength {
			return c.Invalid(label, "at least %d %s, got %d", p.MinLength, unit, n)
		}
	}
	if p.Pattern != nil && !p.matches(v) {
		return c.Invalid(label, "%s", p.Says)
	}
	if len(p.OneOf) > 0 && !contains(p.OneOf, v) {
		return c.Invalid(label, "must be one of %s, got %q", strings.Join(p.OneOf, ", "), clip(v))
	}
	if p.URL != nil {
		if why := p.URL.check(v); why != "" {
			return c.Invalid(label, "%s", why)
		}
	}
	return nil
}

// check says why v is not a URL the rule allows ("" when it is).
func (r *URLRule) check(v string) string {
	scheme, _, ok := strings.Cut(v, "://")
	if !ok || !contains(r.Schemes, scheme) {
		return "must start with " + strings.Join(r.Schemes, ":// or ") + "://"
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return "not a URL with a host"
	}
	if !r.AllowPort && (u.Port() != "" || strings.HasSuffix(u.Host, ":")) {
		return "must not hold a port"
	}
	if !r.AllowPrivateIP {
		if ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil {
			ip = ip.Unmap()
			if ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
				return "must not be a private IP address"
			}
		}
	}
	return ""
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// clip shortens a value quoted back in a message, on a character boundary.
func clip(v string) string {
	if len(v) <= 40 {
		return v
	}
	n := 40
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n] + "..."
}

// alnumPattern is the constraint most parameters carry; it is checked with
// a byte loop rather than the regexp, since it is on every request's path.
const alnumPattern = "^[A-Za-z0-9]+$"

func (p *Param) matches(v string) bool {
	if p.Pattern.String() != alnumPattern {
		return p.Pattern.MatchString(v)
	}
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}
