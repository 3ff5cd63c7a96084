package contract

import (
	"fmt"
	"reflect"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
)

// Probe is an operation's harmless load probe (@probe).
type Probe struct {
	// Target is ABSENT_GROUP (a group that does not exist) or PROBE_GROUP
	// (a group the probe creates and deletes).
	Target string
	Served []string // wire codes that still count as served business answers
	Brief  bool     // probed by default
}

// The probe targets.
const (
	ProbeAbsentGroup = "ABSENT_GROUP"
	ProbeOwnGroup    = "PROBE_GROUP"
)

// Limits are the contract's documented limits and retentions (enum Limit,
// each value with its @limit). Each field is filled from the enum value of
// its name; the load fails on a value without a field.
type Limits struct {
	GroupsPerApp     int           // groups not deleted, per AppId
	AppsPerAccount   int           // apps per account
	RecoverWindow    time.Duration // a deleted group is recoverable this long, then purged
	MessageRetention time.Duration // messages are kept this long (MsgLifeCycle 0)
	MsgTypesPerGroup int           // distinct MsgType values per group
	SuperGroupUsers  int           // a group with more members is a super group
	UsersPerCall     int           // user ids in one mute list
	GroupPageSize    int           // groups per ListLiveMessageGroups page
	AppPageSize      int           // apps per ListLiveMessageApps page
}

// Limit is one documented limit with its source.
type Limit struct {
	Name   string
	Value  int
	Unit   string // COUNT or DAYS
	Source string
}

// Limits returns the contract's limits; a contract without enum Limit has
// every field zero.
func (c *Contract) Limits() Limits { return c.limits }

// LimitList returns every limit in SDL order, with its source.
func (c *Contract) LimitList() []Limit { return c.limitList }

// ProbeOperations returns the operations with a harmless load probe, the
// brief ones first, each group in SDL order.
func (c *Contract) ProbeOperations() []*Operation {
	var brief, rest []*Operation
	for _, op := range c.ops {
		switch {
		case op.Probe == nil:
		case op.Probe.Brief:
			brief = append(brief, op)
		default:
			rest = append(rest, op)
		}
	}
	return append(brief, rest...)
}

// Wildcard returns the list value that stands for every item (@wildcard),
// the same on every parameter that has one; "" when none has.
func (c *Contract) Wildcard() string { return c.wildcard }

func (l *loader) loadLimits(c *Contract) error {
	enum := l.schema.Types["Limit"]
	if enum == nil {
		return nil
	}
	if enum.Kind != ast.Enum {
		return l.errAt(enum.Position, "Limit must be an enum")
	}
	lv := reflect.ValueOf(&c.limits).Elem()
	for _, ev := range enum.EnumValues {
		d := ev.Directives.ForName("limit")
		if d == nil {
			return l.errAt(ev.Position, "limit %s has no @limit(value, source)", ev.Name)
		}
		n, err := l.integer(d, "value")
		if err != nil {
			return err
		}
		lim := Limit{Name: ev.Name, Value: int(n), Unit: "COUNT"}
		if u, err := l.arg(d, "unit", ast.EnumValue, "a LimitUnit value"); err != nil {
			return err
		} else if u != nil {
			lim.Unit = u.Raw
		}
		if lim.Source, err = l.str(d, "source"); err != nil {
			return err
		}
		if lim.Source == "" {
			return l.errAt(d.Position, "@limit of %s needs a source", ev.Name)
		}
		f := lv.FieldByName(ev.Name)
		if !f.IsValid() {
			return l.errAt(ev.Position, "limit %s has no field in contract.Limits", ev.Name)
		}
		switch {
		case f.Type() == reflect.TypeOf(time.Duration(0)) && lim.Unit == "DAYS":
			f.SetInt(int64(time.Duration(n) * 24 * time.Hour))
		case f.Kind() == reflect.Int && lim.Unit == "COUNT":
			f.SetInt(n)
		default:
			return l.errAt(d.Position, "limit %s: unit %s does not suit contract.Limits.%s (%s)", ev.Name, lim.Unit, ev.Name, f.Type())
		}
		c.limitList = append(c.limitList, lim)
	}
	return nil
}

// opFacts reads @probe and @role of an operation.
func (l *loader) opFacts(c *Contract, op *Operation, fd *ast.FieldDefinition) error {
	if d := fd.Directives.ForName("probe"); d != nil {
		t, err := l.arg(d, "target", ast.EnumValue, "a ProbeTarget value")
		if err != nil {
			return err
		}
		if t == nil || (t.Raw != ProbeAbsentGroup && t.Raw != ProbeOwnGroup) {
			return l.errAt(d.Position, "@probe of %s needs target ABSENT_GROUP or PROBE_GROUP", op.Name)
		}
		op.Probe = &Probe{Target: t.Raw}
		if a := d.Arguments.ForName("served"); a != nil && a.Value != nil {
			vals, err := l.list(d, "served", ast.EnumValue, "a list of ErrorCode values")
			if err != nil {
				return err
			}
			for _, v := range vals {
				ec, ok := c.byNameEnum(v.Raw)
				if !ok {
					return l.errAt(v.Position, "unknown error code %s", v.Raw)
				}
				op.Probe.Served = append(op.Probe.Served, ec.Code)
			}
		}
		if op.Probe.Brief, err = l.boolean(d, "brief"); err != nil {
			return err
		}
	}
	op.AppLevel = fd.Directives.ForName("appLevel") != nil
	for _, p := range op.Params {
		if p.Wildcard == "" {
			continue
		}
		if c.wildcard != "" && c.wildcard != p.Wildcard {
			return l.errAt(fd.Position, "@wildcard %q of %s.%s differs from %q elsewhere", p.Wildcard, op.Name, p.Name, c.wildcard)
		}
		c.wildcard = p.Wildcard
	}
	return nil
}

// checkLimits reports a field of Limits that enum Limit leaves unset, when
// the contract has the enum at all.
func (c *Contract) checkLimits() error {
	if len(c.limitList) == 0 {
		return nil
	}
	have := map[string]bool{}
	for _, l := range c.limitList {
		have[l.Name] = true
	}
	t := reflect.TypeOf(c.limits)
	for i := 0; i < t.NumField(); i++ {
		if !have[t.Field(i).Name] {
			return fmt.Errorf("contract.Limits.%s has no value in enum Limit", t.Field(i).Name)
		}
	}
	return nil
}
