package breakage

import (
	"strconv"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// call is a call of an operation, written for a witness,
// with its parameters as name, value pairs; AppId is the fresh app unless
// the operation names no app.
func call(action string, kv ...string) Call {
	c := Call{Request: aliyun.Request{Action: action, Params: map[string]string{}}}
	if action != contract.OpCreateLiveMessageApp && action != contract.OpListLiveMessageApps {
		c.Params["AppId"] = "{app}"
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c.Params[kv[i]] = kv[i+1]
	}
	return c
}

// list adds a list parameter in an encoding.
func (c Call) list(name string, style aliyun.ListStyle, items ...string) Call {
	if c.Lists == nil {
		c.Lists = map[string][]string{}
	}
	c.Lists[name] = items
	c.ListStyle = style
	return c
}

// with changes the request.
func (c Call) with(f func(r *aliyun.Request)) Call {
	c.Params = copyMap(c.Params)
	c.Overrides = copyMap(c.Overrides)
	f(&c.Request)
	return c
}

func copyMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func joined(users ...string) Call { return Call{Join: users} }

// group creates group g (g1 unless given).
func group(g ...string) Call {
	id := "g1"
	if len(g) > 0 {
		id = g[0]
	}
	return call(contract.OpCreateLiveMessageGroup, "GroupId", id)
}

func groups(n int) []Call {
	out := make([]Call, n)
	for i := range out {
		out[i] = group("g" + strconv.Itoa(i+1))
	}
	return out
}

func send(tid string, kv ...string) Call {
	return call(contract.OpSendLiveMessageGroup, append([]string{"GroupId", "g1", "SenderId", "u1", "Body", "hi", "MsgTid", tid}, kv...)...)
}

func band() Call { return call(contract.OpDescribeLiveMessageGroupBand, "GroupId", "g1") }

func describe(g string) Call { return call(contract.OpDescribeLiveMessageGroup, "GroupId", g) }

func describeApp() Call { return call(contract.OpDescribeLiveMessageApp) }

func messages(kv ...string) Call {
	return call(contract.OpListLiveMessageGroupMessages, append([]string{"GroupId", "g1", "SortType", "1", "PageSize", strconv.FormatInt(minInt(contract.OpListLiveMessageGroupMessages, "PageSize"), 10)}, kv...)...)
}

func seq(parts ...any) []Call {
	var out []Call
	for _, p := range parts {
		switch t := p.(type) {
		case Call:
			out = append(out, t)
		case []Call:
			out = append(out, t...)
		}
	}
	return out
}

// answers checks a faithful answer: success (or code, with its status)
// and a field's value.
func answers(field, value string) Check { return Check{Status: 200, Field: field, Value: value} }

func ok() Check { return Check{Status: 200} }

func refused(code string) Check {
	ec, found := contract.Default().Code(code)
	if !found {
		panic("breakage: no code " + code)
	}
	return Check{Status: ec.Status, Code: code}
}

// id is an id of n letters and digits.
func id(n int) string { return strings.Repeat("a", n) }

// ids are n distinct user ids.
func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "u" + strconv.Itoa(i+1)
	}
	return out
}
