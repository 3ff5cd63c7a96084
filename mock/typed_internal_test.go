package mock

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// run validates params as a request would be and dispatches the operation.
func run(t *testing.T, e *Emulator, action string, params contract.Params) map[string]any {
	t.Helper()
	op, ok := e.c.Operation(action)
	require.True(t, ok, action)
	require.Nil(t, e.c.Validate(op, params), "%s %v", action, params)
	res := e.dispatch(call{action: action, op: op, params: params, key: Key{Account: DefaultAccount}})
	require.Nil(t, res.err, "%s: %v", action, res.err)
	return res.fields
}

// typedProblems walks an answer against the contract's fields: a time must
// be held in the Go type of its unit (contract.UnixSeconds for a
// UnixSeconds field), and no other field may hold a time type. A handler
// that wrote time.UnixMilli() (an int64) or put seconds where milliseconds
// are due fails here, before any client sees it.
func typedProblems(fields []*contract.Field, obj map[string]any, path string) []string {
	var out []string
	for _, f := range fields {
		v, ok := obj[f.Name]
		if !ok {
			continue
		}
		name := path + f.Name
		vals := []any{v}
		if f.List {
			rv := reflect.ValueOf(v)
			vals = vals[:0]
			for i := 0; i < rv.Len(); i++ {
				vals = append(vals, rv.Index(i).Interface())
			}
		}
		for _, it := range vals {
			switch {
			case f.Kind == contract.KindObject:
				m, _ := it.(map[string]any)
				out = append(out, typedProblems(f.Fields, m, name+".")...)
			case f.Kind == contract.KindTime && f.Unit == contract.Seconds:
				if _, ok := it.(contract.UnixSeconds); !ok {
					out = append(out, fmt.Sprintf("%s is a %T, want contract.UnixSeconds", name, it))
				}
			case f.Kind == contract.KindTime && f.Unit == contract.Millis:
				if _, ok := it.(contract.UnixMillis); !ok {
					out = append(out, fmt.Sprintf("%s is a %T, want contract.UnixMillis", name, it))
				}
			default:
				switch it.(type) {
				case contract.UnixSeconds, contract.UnixMillis:
					out = append(out, fmt.Sprintf("%s holds a time (%T) but is not a time in the contract", name, it))
				}
			}
		}
	}
	return out
}

func TestAnswersBuildTimesFromTypedValues(t *testing.T) {
	e := New(Config{})
	app, err := e.store.CreateApp(store.AppSpec{Owner: DefaultAccount})
	require.NoError(t, err)
	a := app.ID
	run(t, e, "CreateLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}, "Administrators": {"ad1"}})
	require.NoError(t, e.store.Join(a, "g1", "u1"))
	run(t, e, "SendLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}, "SenderId": {"u1"}, "Body": {"hi"}})
	answers := map[string]map[string]any{
		"DescribeLiveMessageGroup":     run(t, e, "DescribeLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}}),
		"ListLiveMessageGroups":        run(t, e, "ListLiveMessageGroups", contract.Params{"AppId": {a}, "SortType": {"1"}}),
		"ListLiveMessageGroupMessages": run(t, e, "ListLiveMessageGroupMessages", contract.Params{"AppId": {a}, "GroupId": {"g1"}, "SortType": {"1"}, "PageSize": {"10"}}),
	}
	run(t, e, "DeleteLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}, "OperatorId": {"op1"}})
	deleted := run(t, e, "DescribeLiveMessageGroup", contract.Params{"AppId": {a}, "GroupId": {"g1"}})
	require.Contains(t, deleted, "Deletatime", "a deleted group's description has Deletatime")
	for name, fields := range answers {
		op, _ := e.c.Operation(name)
		assert.Empty(t, typedProblems(op.Result, fields, ""), name)
	}
	op, _ := e.c.Operation("DescribeLiveMessageGroup")
	assert.Empty(t, typedProblems(op.Result, deleted, ""), "describe of a deleted group")
	// The check itself catches a time in the wrong unit or untyped.
	bad := map[string]any{"Createtime": int64(1700000000000), "Deletatime": contract.UnixMillis(1), "GroupId": contract.UnixSeconds(1)}
	assert.ElementsMatch(t, []string{
		"Createtime is a int64, want contract.UnixSeconds",
		"Deletatime is a contract.UnixMillis, want contract.UnixSeconds",
		"GroupId holds a time (contract.UnixSeconds) but is not a time in the contract",
	}, typedProblems(op.Result, bad, ""))
}
