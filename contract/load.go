package contract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Parse loads a contract from SDL source. Syntax and schema errors carry
// gqlparser's position and message; directive argument values, which
// gqlparser does not check, are checked here with their position.
func Parse(name, src string) (*Contract, error) {
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: name, Input: src})
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	l := loader{name: name, schema: schema}
	c, err := l.load()
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	return c, nil
}

type loader struct {
	name   string
	schema *ast.Schema
}

// posError is a contract error at an SDL position.
type posError struct {
	file      string
	line, col int
	msg       string
}

func (e *posError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.file, e.line, e.col, e.msg)
}

func (l *loader) errAt(pos *ast.Position, format string, args ...any) error {
	e := &posError{file: l.name, msg: fmt.Sprintf(format, args...)}
	if pos != nil {
		e.line, e.col = pos.Line, pos.Column
	}
	return e
}

func (l *loader) load() (*Contract, error) {
	c := &Contract{byName: map[string]*Operation{}, byCode: map[string]*ErrorCode{}}
	if err := l.loadCodes(c); err != nil {
		return nil, err
	}
	if err := l.loadLimits(c); err != nil {
		return nil, err
	}
	for _, root := range []*ast.Definition{l.schema.Query, l.schema.Mutation} {
		if root == nil {
			continue
		}
		for _, fd := range root.Fields {
			if strings.HasPrefix(fd.Name, "__") {
				continue
			}
			op, err := l.loadOperation(c, fd, root == l.schema.Query)
			if err != nil {
				return nil, err
			}
			c.ops = append(c.ops, op)
			c.byName[op.Name] = op
		}
	}
	if len(c.ops) == 0 {
		return nil, l.errAt(nil, "no operations on Query or Mutation")
	}
	if err := c.checkLimits(); err != nil {
		return nil, err
	}
	if err := c.checkReadBacks(); err != nil {
		return nil, l.errAt(nil, "%v", err)
	}
	return c, nil
}

func (l *loader) loadCodes(c *Contract) error {
	enum := l.schema.Types["ErrorCode"]
	if enum == nil || enum.Kind != ast.Enum {
		return l.errAt(nil, "enum ErrorCode is missing")
	}
	for _, ev := range enum.EnumValues {
		d := ev.Directives.ForName("error")
		if d == nil {
			return l.errAt(ev.Position, "error code %s has no @error(code, status, message)", ev.Name)
		}
		ec := &ErrorCode{Name: ev.Name}
		var err error
		if ec.Code, err = l.str(d, "code"); err != nil {
			return err
		}
		if ec.Message, err = l.str(d, "message"); err != nil {
			return err
		}
		if ec.Description, err = l.str(d, "description"); err != nil {
			return err
		}
		if (ec.Message == "") == (ec.Description == "") {
			return l.errAt(d.Position, "@error of %s needs exactly one of message (a fixed gateway text) and description (a product code's table text)", ev.Name)
		}
		status, err := l.integer(d, "status")
		if err != nil {
			return err
		}
		if status < 400 || status > 599 {
			return l.errAt(d.Position, "@error status %d of %s is not an HTTP error status", status, ev.Name)
		}
		ec.Status = int(status)
		if ec.Gateway, err = l.boolean(d, "gateway"); err != nil {
			return err
		}
		if ec.Envelope, err = l.boolean(d, "envelope"); err != nil {
			return err
		}
		if ec.Transient, err = l.boolean(d, "transient"); err != nil {
			return err
		}
		if ec.Transient && ec.Status < 500 {
			return l.errAt(d.Position, "@error of %s: a transient code is a server error (5xx), not %d", ev.Name, ec.Status)
		}
		c.codes = append(c.codes, ec)
		c.byCode[ec.Code] = ec
	}
	return nil
}

func (l *loader) loadOperation(c *Contract, fd *ast.FieldDefinition, read bool) (*Operation, error) {
	op := &Operation{Name: fd.Name, Description: fd.Description, Read: read, params: map[string]*Param{}}
	if err := l.operationDirectives(c, op, fd); err != nil {
		return nil, err
	}
	for _, arg := range fd.Arguments {
		p, err := l.loadParam(arg)
		if err != nil {
			return nil, err
		}
		op.Params = append(op.Params, p)
		op.params[p.Name] = p
	}
	for _, arg := range fd.Arguments {
		p := op.params[arg.Name]
		if p.RequiredWhen == nil {
			continue
		}
		other, ok := op.params[p.RequiredWhen.Param]
		switch {
		case !ok || other == p:
			return nil, l.errAt(arg.Position, "@requiredWhen of %s names %q, which is not another parameter of %s", p.Name, p.RequiredWhen.Param, op.Name)
		case p.Required:
			return nil, l.errAt(arg.Position, "@requiredWhen on %s, which is required anyway", p.Name)
		}
	}
	res := l.schema.Types[fd.Type.Name()]
	if res == nil || res.Kind != ast.Object {
		return nil, l.errAt(fd.Position, "%s must return an object type", fd.Name)
	}
	fields, err := l.loadFields(res, 0)
	if err != nil {
		return nil, err
	}
	op.Result = fields
	if err := l.opFacts(c, op, fd); err != nil {
		return nil, err
	}
	return op, nil
}

func (l *loader) operationDirectives(c *Contract, op *Operation, fd *ast.FieldDefinition) error {
	if err := l.qps(op, fd); err != nil {
		return err
	}
	e := fd.Directives.ForName("errors")
	if e == nil {
		return l.errAt(fd.Position, "%s has no @errors", fd.Name)
	}
	codes, err := l.list(e, "codes", ast.EnumValue, "a list of ErrorCode values")
	if err != nil {
		return err
	}
	for _, v := range codes {
		ec, ok := c.byNameEnum(v.Raw)
		if !ok {
			return l.errAt(v.Position, "unknown error code %s", v.Raw)
		}
		op.Errors = append(op.Errors, ec.Code)
	}
	r := fd.Directives.ForName("ram")
	if r == nil {
		return l.errAt(fd.Position, "%s has no @ram", fd.Name)
	}
	if op.RAMAction, err = l.str(r, "action"); err != nil {
		return err
	}
	if op.RAMResource, err = l.str(r, "resource"); err != nil {
		return err
	}
	if op.RAMAccess, err = l.str(r, "access"); err != nil {
		return err
	}
	switch op.RAMAccess {
	case "create", "list", "get", "update", "delete", "none":
	default:
		return l.errAt(r.Position, "@ram(access:) of %s must be create, list, get, update, delete or none, got %q", fd.Name, op.RAMAccess)
	}
	op.SDKDrift, op.SDKOnly, err = l.sdkDrift(fd.Directives)
	if err != nil {
		return err
	}
	op.Idempotent = fd.Directives.ForName("idempotent") != nil
	if op.Read && !op.Idempotent {
		// a read changes nothing: saying so is the rule, so that a write
		// never passes for one by being left unmarked
		return l.errAt(fd.Position, "%s is a read (on Query): mark it @idempotent", fd.Name)
	}
	return l.readBack(op, fd)
}

// sdkDrift reads an @sdkDrift: its reason (required, not blank) and the
// SDK-only names it excuses.
func (l *loader) sdkDrift(ds ast.DirectiveList) (string, []string, error) {
	d := ds.ForName("sdkDrift")
	if d == nil {
		return "", nil, nil
	}
	reason, err := l.str(d, "reason")
	if err != nil {
		return "", nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return "", nil, l.errAt(d.Position, "@sdkDrift needs a reason")
	}
	var only []string
	if a := d.Arguments.ForName("sdkOnly"); a != nil && a.Value != nil {
		vals, err := l.list(d, "sdkOnly", ast.StringValue, "a list of names")
		if err != nil {
			return "", nil, err
		}
		for _, v := range vals {
			only = append(only, v.Raw)
		}
	}
	return reason, only, nil
}

func (l *loader) qps(op *Operation, fd *ast.FieldDefinition) error {
	q := fd.Directives.ForName("qps")
	if q == nil {
		return l.errAt(fd.Position, "%s has no @qps", fd.Name)
	}
	limit, err := l.integer(q, "limit")
	if err != nil {
		return err
	}
	if limit <= 0 {
		return l.errAt(q.Position, "@qps limit of %s must be positive", fd.Name)
	}
	op.QPS = int(limit)
	op.QPSPer = "ACCOUNT"
	per, err := l.arg(q, "per", ast.EnumValue, "a QPSScope value")
	if err != nil {
		return err
	}
	if per != nil {
		scope := l.schema.Types["QPSScope"]
		if scope == nil || scope.EnumValues.ForName(per.Raw) == nil {
			return l.errAt(per.Position, "@qps(per:) %s is not a QPSScope value", per.Raw)
		}
		op.QPSPer = per.Raw
	}
	op.QPSSource, err = l.str(q, "source")
	return err
}

func (c *Contract) byNameEnum(name string) (*ErrorCode, bool) {
	for _, ec := range c.codes {
		if ec.Name == name {
			return ec, true
		}
	}
	return nil, false
}

func (l *loader) loadParam(arg *ast.ArgumentDefinition) (*Param, error) {
	p := &Param{Name: arg.Name, Required: arg.Type.NonNull, List: arg.Type.Elem != nil}
	kind, unit, ok := scalarKind(arg.Type.Name())
	if !ok || kind == KindCounts {
		return nil, l.errAt(arg.Position, "parameter %s has unsupported type %s", arg.Name, arg.Type.Name())
	}
	p.Kind, p.Unit = kind, unit
	for _, d := range arg.Directives {
		if err := l.applyConstraint(p, d); err != nil {
			return nil, err
		}
	}
	var err error
	if p.SDKDrift, _, err = l.sdkDrift(arg.Directives); err != nil {
		return nil, err
	}
	if p.MinLength > 0 && p.MaxLength > 0 && p.MinLength > p.MaxLength {
		return nil, l.errAt(arg.Position, "parameter %s: @minLength %d is above @maxLength %d", p.Name, p.MinLength, p.MaxLength)
	}
	if p.Min != nil && p.Max != nil && *p.Min > *p.Max {
		return nil, l.errAt(arg.Position, "parameter %s: @range min %d is above max %d", p.Name, *p.Min, *p.Max)
	}
	return p, nil
}

// applyConstraint reads one constraint directive into p. gqlparser has
// checked that the directive is declared for arguments; the values and the
// kind of parameter it stands on are checked here, so a constraint is never
// silently lost.
func (l *loader) applyConstraint(p *Param, d *ast.Directive) error {
	var err error
	switch d.Name {
	case "maxLength":
		p.MaxLength, err = l.length(p, d)
	case "minLength":
		p.MinLength, err = l.length(p, d)
	case "maxItems":
		if !p.List {
			return l.errAt(d.Position, "@maxItems on %s, which is not a list", p.Name)
		}
		p.MaxItems, err = l.count(d, "n", 1)
	case "pattern":
		var re string
		if re, err = l.str(d, "regex"); err != nil {
			return err
		}
		if p.Pattern, err = regexp.Compile(re); err != nil {
			return l.errAt(d.Position, "@pattern of %s: %v", p.Name, err)
		}
		p.Says, err = l.str(d, "says")
	case "oneOf":
		var vals []*ast.Value
		if vals, err = l.list(d, "values", ast.StringValue, "a list of strings"); err != nil {
			return err
		}
		for _, v := range vals {
			p.OneOf = append(p.OneOf, v.Raw)
		}
	case "range":
		if p.Kind != KindInt && p.Kind != KindLong && p.Kind != KindTime {
			return l.errAt(d.Position, "@range on %s, which is not an Int or a Long", p.Name)
		}
		if p.Min, err = l.optInt(d, "min"); err != nil {
			return err
		}
		p.Max, err = l.optInt(d, "max")
	case "wildcard":
		if !p.List {
			return l.errAt(d.Position, "@wildcard on %s, which is not a list", p.Name)
		}
		p.Wildcard, err = l.str(d, "value")
	case "requiredWhen":
		c := &Condition{}
		if c.Param, err = l.str(d, "param"); err != nil {
			return err
		}
		if c.Value, err = l.str(d, "value"); err != nil {
			return err
		}
		p.RequiredWhen = c
	case "requiredInPractice":
		if !p.Required {
			return l.errAt(d.Position, "@requiredInPractice on %s, which is optional: make it non-null", p.Name)
		}
		p.MissingInvalid, err = l.str(d, "source")
	case "url":
		p.URL, err = l.urlRule(p, d)
	}
	return err
}

// urlRule reads @url(schemes:, allowPort:, allowPrivateIP:) of p.
func (l *loader) urlRule(p *Param, d *ast.Directive) (*URLRule, error) {
	if p.Kind != KindString || p.List {
		return nil, l.errAt(d.Position, "@url on %s, which is not a String", p.Name)
	}
	r := &URLRule{}
	vals, err := l.list(d, "schemes", ast.StringValue, "a list of strings")
	if err != nil {
		return nil, err
	}
	for _, v := range vals {
		if v.Raw == "" || strings.ToLower(v.Raw) != v.Raw || strings.Contains(v.Raw, ":") {
			return nil, l.errAt(v.Position, "@url scheme %q of %s must be lower case, without ://", v.Raw, p.Name)
		}
		r.Schemes = append(r.Schemes, v.Raw)
	}
	if r.AllowPort, err = l.boolean(d, "allowPort"); err != nil {
		return nil, err
	}
	if r.AllowPrivateIP, err = l.boolean(d, "allowPrivateIP"); err != nil {
		return nil, err
	}
	return r, nil
}

func (l *loader) loadFields(def *ast.Definition, depth int) ([]*Field, error) {
	if depth > 4 {
		return nil, l.errAt(def.Position, "result type %s nests too deeply", def.Name)
	}
	var out []*Field
	for _, fd := range def.Fields {
		f := &Field{Name: fd.Name, List: fd.Type.Elem != nil, Optional: fd.Directives.ForName("optional") != nil}
		if !f.Optional && !fd.Type.NonNull {
			return nil, l.errAt(fd.Position, "field %s.%s is nullable: mark it String! or @optional", def.Name, fd.Name)
		}
		var err error
		if f.SDKDrift, _, err = l.sdkDrift(fd.Directives); err != nil {
			return nil, err
		}
		if d := fd.Directives.ForName("xmlItem"); d != nil {
			if !f.List {
				return nil, l.errAt(d.Position, "@xmlItem on %s.%s, which is not a list", def.Name, fd.Name)
			}
			if f.XMLItem, err = l.str(d, "name"); err != nil {
				return nil, err
			}
		}
		if f.List && f.XMLItem == "" {
			return nil, l.errAt(fd.Position, "list field %s.%s has no @xmlItem(name:): the element of its items in XML answers", def.Name, fd.Name)
		}
		if kind, unit, ok := scalarKind(fd.Type.Name()); ok {
			f.Kind, f.Unit = kind, unit
		} else {
			sub := l.schema.Types[fd.Type.Name()]
			if sub == nil || sub.Kind != ast.Object {
				return nil, l.errAt(fd.Position, "field %s has unsupported type %s", fd.Name, fd.Type.Name())
			}
			f.Kind = KindObject
			var err error
			if f.Fields, err = l.loadFields(sub, depth+1); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, nil
}

func scalarKind(name string) (Kind, TimeUnit, bool) {
	switch name {
	case "String":
		return KindString, NoUnit, true
	case "Int":
		return KindInt, NoUnit, true
	case "Long":
		return KindLong, NoUnit, true
	case "UnixSeconds":
		return KindTime, Seconds, true
	case "UnixMillis":
		return KindTime, Millis, true
	case "Boolean":
		return KindBool, NoUnit, true
	case "Counts":
		return KindCounts, NoUnit, true
	}
	return 0, NoUnit, false
}

// argument accessors: gqlparser checks that a directive is declared, not the
// kinds of its argument values, so each accessor checks the kind itself.

func (l *loader) arg(d *ast.Directive, name string, kind ast.ValueKind, what string) (*ast.Value, error) {
	a := d.Arguments.ForName(name)
	if a == nil || a.Value == nil {
		return nil, nil
	}
	if a.Value.Kind != kind {
		return nil, l.errAt(a.Value.Position, "@%s(%s:) must be %s, got %s", d.Name, name, what, a.Value.String())
	}
	return a.Value, nil
}

// list returns the items of a list argument, each of the given kind. A
// single value stands for a list of one, as in GraphQL input coercion.
func (l *loader) list(d *ast.Directive, name string, kind ast.ValueKind, what string) ([]*ast.Value, error) {
	a := d.Arguments.ForName(name)
	if a == nil || a.Value == nil {
		return nil, l.errAt(d.Position, "@%s needs %s", d.Name, name)
	}
	items := []*ast.Value{a.Value}
	if a.Value.Kind == ast.ListValue {
		items = items[:0]
		for _, c := range a.Value.Children {
			items = append(items, c.Value)
		}
	}
	for _, v := range items {
		if v == nil || v.Kind != kind {
			return nil, l.errAt(a.Value.Position, "@%s(%s:) must be %s, got %s", d.Name, name, what, a.Value.String())
		}
	}
	return items, nil
}

// count returns a required Int argument of at least least.
// length reads a @maxLength or @minLength: exactly one of bytes and chars,
// and both bounds of a parameter in the same unit.
func (l *loader) length(p *Param, d *ast.Directive) (int, error) {
	bytes, chars := d.Arguments.ForName("bytes"), d.Arguments.ForName("chars")
	if (bytes == nil) == (chars == nil) {
		return 0, l.errAt(d.Position, "@%s of %s needs exactly one of bytes and chars", d.Name, p.Name)
	}
	inChars := chars != nil
	if (p.MaxLength > 0 || p.MinLength > 0) && inChars != p.LengthInChars {
		return 0, l.errAt(d.Position, "@%s of %s: both length bounds must count the same unit", d.Name, p.Name)
	}
	p.LengthInChars = inChars
	if inChars {
		return l.count(d, "chars", 0)
	}
	return l.count(d, "bytes", 0)
}

func (l *loader) count(d *ast.Directive, name string, least int64) (int, error) {
	n, err := l.integer(d, name)
	if err != nil {
		return 0, err
	}
	if n < least || n > 1<<31-1 {
		return 0, l.errAt(d.Position, "@%s(%s:) must be from %d to %d, got %d", d.Name, name, least, 1<<31-1, n)
	}
	return int(n), nil
}

func (l *loader) str(d *ast.Directive, name string) (string, error) {
	v, err := l.arg(d, name, ast.StringValue, "a string")
	if v == nil {
		return "", err
	}
	return v.Raw, nil
}

func (l *loader) integer(d *ast.Directive, name string) (int64, error) {
	p, err := l.optInt(d, name)
	if err != nil {
		return 0, err
	}
	if p == nil {
		return 0, l.errAt(d.Position, "@%s needs %s", d.Name, name)
	}
	return *p, nil
}

func (l *loader) optInt(d *ast.Directive, name string) (*int64, error) {
	v, err := l.arg(d, name, ast.IntValue, "an Int")
	if v == nil {
		return nil, err
	}
	n, err := strconv.ParseInt(v.Raw, 10, 64)
	if err != nil {
		return nil, l.errAt(v.Position, "@%s(%s:) %v", d.Name, name, err)
	}
	return &n, nil
}

func (l *loader) boolean(d *ast.Directive, name string) (bool, error) {
	v, err := l.arg(d, name, ast.BooleanValue, "a Boolean")
	if v == nil {
		return false, err
	}
	return v.Raw == "true", nil
}
