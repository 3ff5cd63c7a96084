package mock_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// Faults armed through POST /_mock/faults, kind by kind: an error code
// (each of the contract's), a latency, both; N times or until cleared; with
// a probability; for one account. Each answers as documented exactly for
// the calls it is armed for, then stops.

// armed lists the armed faults as GET /_mock/faults shows them.
func armed(t *testing.T, srv *mock.Server) []mock.Fault {
	t.Helper()
	raw, err := json.Marshal(ok(t, srv, "GET", "/_mock/faults", "")["faults"])
	require.NoError(t, err)
	var out []mock.Fault
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

// faultServer is an emulator with app1 (groups g1 and g2) whose Describe
// calls are not throttled (the tests make more than 50 a second), unless
// opts say otherwise.
func faultServer(t *testing.T, opts ...mock.Option) *mock.Server {
	t.Helper()
	opts = append([]mock.Option{mock.WithQPS("DescribeLiveMessageGroup", 0), mock.WithQPS("DescribeLiveMessageGroupBand", 0),
		mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}, {ID: "g2"}}})}, opts...)
	return mock.NewTestServer(t, opts...)
}

// TestFaultEveryContractCode: a fault answers any code of the contract
// with the contract's status and "Injected fault.", for the one call it
// is armed for.
func TestFaultEveryContractCode(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	codes := contract.Default().Codes()
	require.NotEmpty(t, codes)
	for _, ec := range codes {
		code := strings.ReplaceAll(ec.Code, "{Param}", "GroupId") // a template is armed as answered
		ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "`+code+`", "times": 1}`)
		r := call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1"))
		assert.Equal(t, code, r.Code, "%s", r.Body)
		assert.Equal(t, ec.Status, r.Status, code)
		assert.Equal(t, "Injected fault.", r.Message, code)
		assert.NotEmpty(t, r.RequestID, "a faulted answer is a well-formed Alibaba error")
		assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).OK(), "%s: once only", code)
	}
	assert.Empty(t, armed(t, srv))
}

// TestFaultTimes: a fault armed N times answers the N next calls of its
// operation, counts down in GET /_mock/faults, then is gone; the other
// operations are not affected.
func TestFaultTimes(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "ServerError", "times": 3}`)
	for left := 3; left > 0; left-- {
		require.Equal(t, []mock.Fault{{Operation: "DescribeLiveMessageGroup", Code: "ServerError", Times: left}}, armed(t, srv))
		assert.True(t, call(t, srv, "DescribeLiveMessageGroupBand", group("app1", "g1")).OK(), "another operation")
		assert.Equal(t, "ServerError", call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).Code)
	}
	assert.Empty(t, armed(t, srv))
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).OK(), "the fourth call is served")
}

// TestFaultUntilCleared: times 0 faults every call until DELETE
// /_mock/faults clears it: ?operation= clears that operation's only.
func TestFaultUntilCleared(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "NoAuth"}`)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroupBand", "code": "ServerError"}`)
	for i := 0; i < 20; i++ {
		require.Equal(t, "NoAuth", call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).Code, "call %d", i)
	}
	left := ok(t, srv, "DELETE", "/_mock/faults?operation=DescribeLiveMessageGroup", "")
	assert.Equal(t, []any{map[string]any{"operation": "DescribeLiveMessageGroupBand", "code": "ServerError"}}, left["faults"],
		"the answer lists what is left")
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).OK())
	assert.Equal(t, "ServerError", call(t, srv, "DescribeLiveMessageGroupBand", group("app1", "g1")).Code, "the other stays")
	assert.Equal(t, map[string]any{"faults": []any{}}, ok(t, srv, "DELETE", "/_mock/faults", ""))
	assert.True(t, call(t, srv, "DescribeLiveMessageGroupBand", group("app1", "g1")).OK())
}

// TestFaultsAnswerInTurn: two faults with a code armed once each answer
// one call each, in the order armed; a call answers one code only.
func TestFaultsAnswerInTurn(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "ServerError", "times": 1}`)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "NoAuth", "times": 2}`)
	var got []string
	for i := 0; i < 4; i++ {
		got = append(got, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).Code)
	}
	assert.Equal(t, []string{"ServerError", "NoAuth", "NoAuth", ""}, got)
}

// TestFaultCodeChangesNothing: a faulted call is refused before the
// operation runs: no group created, none deleted, no message, no event.
func TestFaultCodeChangesNothing(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	ok(t, srv, "POST", "/_mock/groups/app1/g1/members", `{"join": ["u1"]}`)
	events := len(ok(t, srv, "GET", "/_mock/events", "")["events"].([]any))
	for _, op := range []string{"CreateLiveMessageGroup", "DeleteLiveMessageGroup", "SendLiveMessageGroup"} {
		ok(t, srv, "POST", "/_mock/faults", `{"operation": "`+op+`", "code": "ServerError", "times": 1}`)
	}
	assert.Equal(t, "ServerError", call(t, srv, "CreateLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g3", "CreatorId": "c"}).Code)
	assert.Equal(t, "ServerError", call(t, srv, "DeleteLiveMessageGroup", group("app1", "g1")).Code)
	assert.Equal(t, "ServerError", call(t, srv, "SendLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g1", "SenderId": "u1", "MsgType": "1", "Body": "hi"}).Code)
	assert.Equal(t, map[string]any{"appId": "app1", "activeGroups": float64(2)}, ok(t, srv, "GET", "/_mock/apps/app1", ""), "g3 not created, g1 not deleted")
	assert.Len(t, ok(t, srv, "GET", "/_mock/events", "")["events"], events, "no event: nothing happened")
	assert.Equal(t, "ResourceNotExist", call(t, srv, "DescribeLiveMessageGroup", group("app1", "g3")).Code)
}

// TestFaultLatency: a latency fault holds the call for its latency, then
// the call runs as usual (it is not refused); once, then calls are fast.
func TestFaultLatency(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	const latency = 150 * time.Millisecond
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "CreateLiveMessageGroup", "latency": "150ms", "times": 1}`)
	start := time.Now()
	r := call(t, srv, "CreateLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g3", "CreatorId": "c"})
	took := time.Since(start)
	assert.True(t, r.OK(), "a latency alone delays, the call is served: %s", r.Body)
	assert.GreaterOrEqual(t, took, latency)
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g3")).OK(), "and it ran")
	assert.Empty(t, armed(t, srv), "spent")
	start = time.Now()
	call(t, srv, "CreateLiveMessageGroup", map[string]string{"AppId": "app1", "GroupId": "g4", "CreatorId": "c"})
	assert.Less(t, time.Since(start), latency, "the next call is not held")
}

// TestFaultCodeAndLatency: a code with a latency answers the code after
// the latency; a latency fault armed beside a code fault adds its wait to
// the call the code answers.
func TestFaultCodeAndLatency(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "ServerError", "latency": "100ms", "times": 1}`)
	start := time.Now()
	assert.Equal(t, "ServerError", call(t, srv, "DeleteLiveMessageGroup", group("app1", "g1")).Code)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)

	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "code": "NoAuth", "times": 1}`)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DeleteLiveMessageGroup", "latency": "100ms", "times": 1}`)
	start = time.Now()
	assert.Equal(t, "NoAuth", call(t, srv, "DeleteLiveMessageGroup", group("app1", "g1")).Code)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond, "both faults apply to one call")
	assert.Empty(t, armed(t, srv))
	assert.True(t, call(t, srv, "DeleteLiveMessageGroup", group("app1", "g1")).OK())
}

// TestFaultLatencyReleasedByTheClient: a client that gives up during a
// latency gets its error at its own deadline, not the fault's; the
// emulator goes on serving.
func TestFaultLatencyReleasedByTheClient(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "latency": "1m", "times": 1}`)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := srv.Client().Do(ctx, aliyun.Request{Action: "DescribeLiveMessageGroup", Params: group("app1", "g1")})
	assert.Error(t, err, "held for a minute: the client's deadline cuts it")
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).OK(), "the next call is served at once")
}

// TestFaultOneAccount: a fault with "account" answers only that account's
// calls; the default key's are served.
func TestFaultOneAccount(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	ok(t, srv, "POST", "/_mock/keys", `{"id": "kb", "secret": "sb", "account": "222"}`)
	other := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: "kb", AccessKeySecret: "sb"})
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "ServerError", "account": "222", "times": 2}`)
	for i := 0; i < 3; i++ {
		assert.True(t, call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).OK(), "the default account is not faulted")
	}
	var got []string
	for i := 0; i < 3; i++ {
		r, err := other.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Params: group("app1", "g1")})
		require.NoError(t, err)
		got = append(got, r.Code)
	}
	assert.Equal(t, []string{"ServerError", "ServerError", "ResourceNotExist"}, got, "account 222 twice, then its own answer (app1 is not its app)")
}

// TestFaultProbability: a fault with a probability answers about that
// share of calls; the calls it skips do not count against its times.
func TestFaultProbability(t *testing.T) {
	t.Parallel()
	srv := faultServer(t)
	count := func(n int) int {
		faulted := 0
		for i := 0; i < n; i++ {
			if call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).Code == "ServerError" {
				faulted++
			}
		}
		return faulted
	}
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "ServerError", "probability": 0.5}`)
	n := count(100)
	assert.InDelta(t, 50, n, 30, "half of 100 (30 is six standard deviations)")
	ok(t, srv, "DELETE", "/_mock/faults", "")
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "ServerError", "probability": 0.5, "times": 5}`)
	assert.Equal(t, 5, count(80), "five faulted calls, however many were skipped")
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "ServerError", "probability": 1, "times": 10}`)
	assert.Equal(t, 10, count(10), "probability 1 is every call")
}

// TestFaultComesAfterAuthAndThrottle and before validation: a call
// refused by authentication or throttling does not spend the fault; a
// call with bad parameters answers the fault.
func TestFaultComesAfterAuthAndThrottle(t *testing.T) {
	t.Parallel()
	// one call a second, no burst: of two calls a few ms apart the second is throttled
	srv := faultServer(t, mock.WithQPS("DescribeLiveMessageGroup", 1),
		mock.WithThrottle("DescribeLiveMessageGroup", mock.Throttle{Shape: mock.ShapeGCRA, Burst: 1}))
	ok(t, srv, "POST", "/_mock/faults", `{"operation": "DescribeLiveMessageGroup", "code": "ServerError", "times": 2}`)
	bad := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: "wrong"})
	r, err := bad.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Params: group("app1", "g1")})
	require.NoError(t, err)
	assert.Equal(t, "SignatureDoesNotMatch", r.Code)
	assert.Equal(t, 2, armed(t, srv)[0].Times, "a call refused by authentication spends nothing")

	assert.Equal(t, "ServerError", call(t, srv, "DescribeLiveMessageGroup", map[string]string{"AppId": "app1"}).Code,
		"a fault answers before parameters are checked (GroupId is missing)")
	assert.Equal(t, "Throttling.User", call(t, srv, "DescribeLiveMessageGroup", group("app1", "g1")).Code)
	assert.Equal(t, 1, armed(t, srv)[0].Times, "a throttled call spends nothing")
}
