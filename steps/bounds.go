package steps

import (
	"context"
	"strconv"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// The steps of boundaries and list encodings, for any operation of the
// contract: a parameter at exactly its documented maximum (length or item
// count, read from the contract's constraints, never written in a feature
// or here) and one over; a list sent in each encoding the service accepts.
func (w *World) registerBoundSteps(sc stepTable) {
	sc.When(`^I call "([^"]*)" on group "([^"]*)" with (\w+) (at|one over) its maximum (length|count)(?: sent as (repeated|comma|json))?$`, w.callAtBound)
	sc.When(`^I call "([^"]*)" on group "([^"]*)" with (\w+) "([^"]*)" sent as (repeated|comma|json)$`, w.callEncoded)
}

// listStyles are the encodings of a list parameter, by the name a step
// gives them.
var listStyles = map[string]aliyun.ListStyle{"repeated": aliyun.ListRepeated, "comma": aliyun.ListComma, "json": aliyun.ListJSON}

// callAtBound calls op on the group of alias with param at its documented
// maximum length (bytes, or characters where the contract counts those) or
// item count, or one over; a list in the encoding named (SDK v1's Name.N
// when none is). A GroupId so made becomes the alias's group, so
// the steps after it read and delete that group; a create is journaled as
// any other.
func (w *World) callAtBound(ctx context.Context, op, alias, param, where, what, style string) error {
	t := w.t(ctx)
	o, ok := w.s.contract.Operation(op)
	require.True(t, ok, "%s is not an operation of the contract", op)
	p, ok := o.Param(param)
	require.True(t, ok, "%s has no parameter %s in the contract", op, param)
	n := p.MaxLength
	if what == "count" {
		n = p.MaxItems
	}
	require.Positive(t, n, "the contract states no maximum %s of %s.%s", what, op, param)
	if where == "one over" {
		n++
	}
	req := w.minimal(op, alias)
	delete(req.Params, param)
	delete(req.Lists, param)
	req.ListStyle = listStyles[style]
	switch {
	case what == "count":
		require.True(t, p.List, "%s.%s is not a list: it has no item count", op, param)
		items := make([]string, n)
		for i := range items {
			items[i] = "u" + strconv.Itoa(i+1)
		}
		req.Lists[param] = items
	case p.List:
		req.Lists[param] = []string{w.valueOfLength(param, n)}
	default:
		v := w.valueOfLength(param, n)
		req.Params[param] = v
		if param == "GroupId" {
			w.groups[alias] = v
		}
	}
	// A create is journaled, so that a group whose answer was lost is read
	// back and deleted; a GroupId over its maximum can make no group (and
	// cannot be read back: the read is refused too), so it is sent plain.
	if op == contract.OpCreateLiveMessageGroup && (param != "GroupId" || where == "at") {
		_, err := w.createJournaled(ctx, req, func(r aliyun.Request) (*aliyun.Response, error) { return w.do(ctx, r) })
		return err
	}
	_, err := w.do(ctx, req)
	return w.settled(err)
}

// valueOfLength is a value of exactly n letters and digits (what every
// pattern of the contract accepts), unique in the run: a group id made of
// it is no other scenario's.
func (w *World) valueOfLength(param string, n int) string {
	v := w.s.name(param)
	if len(v) >= n {
		return v[len(v)-n:]
	}
	return v + strings.Repeat("x", n-len(v))
}

// callEncoded calls op on the group of alias with the list param holding
// the comma-separated users, sent in one encoding: Name.N (SDK v1), one
// comma-joined value (the docs, darabonba), or a JSON array.
func (w *World) callEncoded(ctx context.Context, op, alias, param, users, style string) error {
	req := w.minimal(op, alias)
	delete(req.Params, param)
	req.Lists[param] = splitUsers(users)
	req.ListStyle = listStyles[style]
	_, err := w.do(ctx, req)
	return err
}
