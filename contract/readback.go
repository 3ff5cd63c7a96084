package contract

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// ReadBack settles a call that is not safe to repeat and whose answer was
// lost (@readBack): reading the state back with Op, sent those of the
// call's parameters that Op takes, says whether the call was carried out.
// Carried and NotCarried are conditions on that answer: an error code, or
// Field=value of a success (a boolean field reads true or false).
type ReadBack struct {
	Op         string
	Carried    []string
	NotCarried []string
}

// ReadBackParams picks, of a call's parameters, those the read-back takes.
func (c *Contract) ReadBackParams(r *ReadBack, params map[string]string) map[string]string {
	out := map[string]string{}
	read, ok := c.Operation(r.Op)
	if !ok {
		return out
	}
	for k, v := range params {
		if _, takes := read.Param(k); takes {
			out[k] = v
		}
	}
	return out
}

// Says reads the read-back's answer (ok: a success; code: the error code
// otherwise; fields: the answer's): carried, or not carried, when a
// condition of one list holds (known); unknown otherwise.
func (r *ReadBack) Says(ok bool, code string, fields map[string]any) (carried, known bool) {
	switch {
	case holds(r.Carried, ok, code, fields):
		return true, true
	case holds(r.NotCarried, ok, code, fields):
		return false, true
	}
	return false, false
}

func holds(conds []string, ok bool, code string, fields map[string]any) bool {
	for _, cond := range conds {
		field, want, isField := strings.Cut(cond, "=")
		switch {
		case !isField && !ok && code == cond:
			return true
		case isField && ok && fields[field] != nil && strings.EqualFold(fmt.Sprint(fields[field]), want):
			return true
		}
	}
	return false
}

// readBack reads an operation's @readBack; checkReadBacks, once every
// operation is loaded, holds it to the contract.
func (l *loader) readBack(op *Operation, fd *ast.FieldDefinition) error {
	d := fd.Directives.ForName("readBack")
	if d == nil {
		return nil
	}
	if op.Idempotent {
		return l.errAt(d.Position, "@readBack on %s, which is @idempotent: it is resent, not read back", op.Name)
	}
	r := &ReadBack{}
	var err error
	if r.Op, err = l.str(d, "op"); err != nil {
		return err
	}
	for name, to := range map[string]*[]string{"carried": &r.Carried, "notCarried": &r.NotCarried} {
		vals, err := l.list(d, name, ast.StringValue, "a list of conditions")
		if err != nil {
			return err
		}
		for _, v := range vals {
			*to = append(*to, v.Raw)
		}
	}
	op.ReadBack = r
	return nil
}

// checkReadBacks: a read-back is a read (safe to repeat) the contract has,
// that takes the call's parameters it needs, and its conditions name its
// own codes and result fields.
func (c *Contract) checkReadBacks() error {
	for _, op := range c.ops {
		r := op.ReadBack
		if r == nil {
			continue
		}
		read, ok := c.Operation(r.Op)
		if !ok || !read.Read {
			return fmt.Errorf("@readBack of %s: %q is not a read of the contract", op.Name, r.Op)
		}
		for _, p := range read.Params {
			if _, has := op.Param(p.Name); p.Required && !has {
				return fmt.Errorf("@readBack of %s: %s needs %s, which %s does not take", op.Name, r.Op, p.Name, op.Name)
			}
		}
		for _, cond := range append(append([]string{}, r.Carried...), r.NotCarried...) {
			if err := read.checkCondition(cond); err != nil {
				return fmt.Errorf("@readBack of %s: %w", op.Name, err)
			}
		}
	}
	return nil
}

func (op *Operation) checkCondition(cond string) error {
	field, _, isField := strings.Cut(cond, "=")
	if !isField {
		for _, code := range op.Errors {
			if code == cond {
				return nil
			}
		}
		return fmt.Errorf("%s does not answer %q", op.Name, cond)
	}
	for _, f := range op.Result {
		if f.Name == field {
			return nil
		}
	}
	return fmt.Errorf("%s has no field %s", op.Name, field)
}
