package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// registerFamilySteps: generic steps over any operation of the contract,
// so a new operation's feature file needs no new step code. Requests are
// the contract's minimal ones (World.minimal) with the parameters a step
// names; a list parameter takes a comma-joined value, as the generated
// SDKs send it.
func (w *World) registerFamilySteps(sc stepTable) {
	sc.When(`^I call "([^"]*)" on group "([^"]*)" with (\w+) "([^"]*)" and (\w+) "([^"]*)"$`, w.callWithTwo)
	sc.When(`^I call "([^"]*)" on group "([^"]*)" with (\w+) "([^"]*)", (\w+) "([^"]*)" and (\w+) "([^"]*)"$`, w.callWithThree)
	sc.Then(`^the response field "([^"]*)" reads "([^"]*)"$`, w.fieldReads)
	sc.Then(`^the response list "([^"]*)" has the (\w+) values "([^"]*)"$`, w.listHasValues)
}

func (w *World) callWithTwo(ctx context.Context, op, alias, p1, v1, p2, v2 string) error {
	return w.callWith(ctx, op, alias, p1, v1, p2, v2)
}

func (w *World) callWithThree(ctx context.Context, op, alias, p1, v1, p2, v2, p3, v3 string) error {
	return w.callWith(ctx, op, alias, p1, v1, p2, v2, p3, v3)
}

// fieldReads: a field of the last answer, as text.
func (w *World) fieldReads(ctx context.Context, field, want string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	v, ok := w.last.Fields[field]
	require.True(w.t(ctx), ok, "the answer of %s has no %s", w.lastOp, field)
	assert.Equal(w.t(ctx), want, fmt.Sprint(v), "response field %s", field)
	return nil
}

// listHasValues: the key of each item of a list of the last answer (the
// item itself for a list of strings), in order.
func (w *World) listHasValues(ctx context.Context, list, key, want string) error {
	if err := w.answered(ctx); err != nil {
		return err
	}
	items, _ := w.last.Fields[list].([]any)
	got := []string{}
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			got = append(got, fmt.Sprint(m[key]))
		} else {
			got = append(got, fmt.Sprint(it))
		}
	}
	assert.Equal(w.t(ctx), want, strings.Join(got, ","), "%s of %s in the answer of %s", key, list, w.lastOp)
	return nil
}

// callWith calls op on the group of alias with params set in pairs (name,
// value, ...); an empty value leaves the parameter out.
func (w *World) callWith(ctx context.Context, op, alias string, pairs ...string) error {
	req := w.minimal(op, alias)
	for i := 0; i+1 < len(pairs); i += 2 {
		delete(req.Params, pairs[i])
		delete(req.Lists, pairs[i])
		if pairs[i+1] != "" {
			req.Params[pairs[i]] = pairs[i+1]
		}
	}
	_, err := w.do(ctx, req)
	return err
}
