package mock

import (
	"context"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// TestEveryOperationHasAHandler holds the route table to the contract both
// ways: an operation without a handler, or a handler without an operation,
// fails here (and New refuses such a contract).
func TestEveryOperationHasAHandler(t *testing.T) {
	c := contract.Default()
	var table []string
	for name := range handlers {
		table = append(table, name)
	}
	sort.Strings(table)
	assert.Equal(t, c.OperationNames(), table, "one handler per operation of the contract")
	assert.Empty(t, unserved(c))
	for name, h := range handlers {
		assert.NotNil(t, h.run, "%s has a handler function", name)
	}
}

// TestNewRefusesAnUnservedContract: a contract with an operation the table
// does not serve is refused at start, not answered InvalidAction later.
func TestNewRefusesAnUnservedContract(t *testing.T) {
	op, _ := contract.Default().Operation("KickLiveMessageGroupUser")
	src := contract.SDL()
	extra, err := contract.Parse("extra.graphql", replaceFirst(src, "  KickLiveMessageGroupUser(", "  KickLiveMessageGroupUserTwice("))
	require.NoError(t, err)
	require.NotNil(t, op)
	_, err = newEmulator(Config{Contract: extra})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "KickLiveMessageGroupUserTwice")
}

func replaceFirst(s, old, repl string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + repl + s[i+len(old):]
		}
	}
	return s
}

// TestAnswersMatchContract runs every operation of the contract, with the
// minimal request the contract generates, against an app with a group and
// a member, in JSON and in XML, and checks each answer against the
// contract's result type: a misspelt or missing field of any handler fails
// here.
func TestAnswersMatchContract(t *testing.T) {
	c := contract.Default()
	call := func(op *contract.Operation, format string) *aliyun.Response {
		srv := NewTestServer(t, WithApps(AppSeed{ID: "app1", Groups: []GroupSeed{{ID: "g1", Members: []string{contract.MinimalUser}}}}))
		defer srv.Close()
		if op.Name == "RecoverLiveMessageDeletedGroup" {
			_, err := srv.Store().DeleteGroup("app1", "g1", "")
			require.NoError(t, err)
		}
		set := map[string]string{"Format": format}
		if _, ok := op.Param("AppId"); ok {
			set["AppId"] = "app1"
		}
		if _, ok := op.Param("GroupId"); ok {
			set["GroupId"] = "g1"
		}
		params, lists := op.Minimal(set)
		params["Format"] = format
		resp, err := srv.Client().Do(context.Background(), aliyun.Request{Action: op.Name, Params: params, Lists: lists})
		require.NoError(t, err, op.Name)
		require.Equal(t, 200, resp.Status, "%s: %s %s", op.Name, resp.Code, resp.Message)
		return resp
	}
	for _, op := range c.Operations() {
		resp := call(op, "JSON")
		assert.Empty(t, c.CheckResponse(op, resp.Status, resp.Body), "%s answers its result type", op.Name)
		resp = call(op, "XML")
		assert.Contains(t, string(resp.Body), "<"+op.Name+"Response>", "%s answers in XML", op.Name)
	}
}
