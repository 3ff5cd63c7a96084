package parity_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/parity"
)

func jsonAnswer(status int, body string) parity.Answer {
	return parity.Answer{Status: status, Header: http.Header{"Content-Type": {"application/json;charset=utf-8"}}, Body: []byte(body)}
}

func TestComparer(t *testing.T) {
	const (
		r1 = "0A1B2C3D-0000-4000-8000-000000000001"
		r2 = "0A1B2C3D-0000-4000-8000-000000000002"
		o1 = "9F1B2C3D-0000-4000-8000-000000000001"
		o2 = "9F1B2C3D-0000-4000-8000-000000000002"
	)
	cases := []struct {
		name  string
		a, b  []string // bodies in order, both 200
		where string   // "" = no difference expected at the last answer
	}{
		{"generated ids pair", []string{`{"RequestId":"` + r1 + `","AppId":"abc12345"}`}, []string{`{"RequestId":"` + o1 + `","AppId":"zzz98765"}`}, ""},
		{"a generated id that drew no letter pairs", []string{`{"RequestId":"` + r1 + `","AppId":"69366840"}`}, []string{`{"RequestId":"` + o1 + `","AppId":"u0lrf91x"}`}, ""},
		{"two runs of digits stay numbers", []string{`{"RequestId":"` + r1 + `","Count":"69366840"}`}, []string{`{"RequestId":"` + o1 + `","Count":"69366841"}`}, "body.Count"},
		{"the id Create returned comes back", []string{`{"RequestId":"` + r1 + `","AppId":"abc12345"}`, `{"RequestId":"` + r2 + `","AppId":"abc12345"}`},
			[]string{`{"RequestId":"` + o1 + `","AppId":"zzz98765"}`, `{"RequestId":"` + o2 + `","AppId":"zzz98765"}`}, ""},
		{"another id comes back", []string{`{"RequestId":"` + r1 + `","AppId":"abc12345"}`, `{"RequestId":"` + r2 + `","AppId":"abc12345"}`},
			[]string{`{"RequestId":"` + o1 + `","AppId":"zzz98765"}`, `{"RequestId":"` + o2 + `","AppId":"yyy98765"}`}, "body.AppId"},
		{"one RequestId for two answers", []string{`{"RequestId":"` + r1 + `"}`, `{"RequestId":"` + r1 + `"}`},
			[]string{`{"RequestId":"` + o1 + `"}`, `{"RequestId":"` + o2 + `"}`}, "body.RequestId"},
		{"lower-case RequestId", []string{`{"RequestId":"` + strings.ToLower(r1) + `"}`}, []string{`{"RequestId":"` + o1 + `"}`}, "body.RequestId"},
		{"times in the same unit", []string{`{"Createtime":1732345678901}`}, []string{`{"Createtime":1732345679999}`}, ""},
		{"seconds for milliseconds", []string{`{"Createtime":1732345678}`}, []string{`{"Createtime":1732345679999}`}, "body.Createtime"},
		{"a counter differs", []string{`{"TotalTimes":1}`}, []string{`{"TotalTimes":2}`}, "body.TotalTimes"},
		{"a field missing", []string{`{"A":"x"}`}, []string{`{"A":"x","Deletor":"u1"}`}, "body.Deletor"},
		{"a message worded otherwise", []string{`{"Code":"InputInvalid","Message":"one"}`}, []string{`{"Code":"InputInvalid","Message":"two"}`}, ""},
		{"another code", []string{`{"Code":"InputInvalid"}`}, []string{`{"Code":"ResourceNotExist"}`}, "Code"},
		{"XML and JSON", []string{`{"A":"x"}`}, []string{`<R><A>x</A></R>`}, "body"},
		{"XML lists", []string{`<R><L><item>a</item><item>b</item></L></R>`}, []string{`<R><L><item>a</item><item>c</item></L></R>`}, "body.R.L.item[1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := parity.NewComparer()
			var diffs []parity.Difference
			for i := range tc.a {
				diffs = c.Compare(jsonAnswer(200, tc.a[i]), jsonAnswer(200, tc.b[i]))
			}
			if tc.where == "" {
				assert.Empty(t, diffs, "no difference expected")
				return
			}
			var wheres []string
			for _, d := range diffs {
				wheres = append(wheres, d.Where)
			}
			assert.Contains(t, wheres, tc.where, "a difference at %s expected, got %v", tc.where, diffs)
		})
	}
}

func TestComparerHeaders(t *testing.T) {
	c := parity.NewComparer()
	a := parity.Answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}, "X-Acs-Request-Id": {"0A1B2C3D-0000-4000-8000-000000000001"}}, Body: []byte(`{"RequestId":"0A1B2C3D-0000-4000-8000-000000000001"}`)}
	b := parity.Answer{Status: 200, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(`{"RequestId":"9A1B2C3D-0000-4000-8000-000000000001"}`)}
	diffs := c.Compare(a, b)
	var wheres []string
	for _, d := range diffs {
		wheres = append(wheres, d.Where)
	}
	assert.ElementsMatch(t, []string{"header Content-Type", "header X-Acs-Request-Id"}, wheres)
	assert.NotEmpty(t, c.Compare(jsonAnswer(200, `{}`), jsonAnswer(400, `{}`)), "a status differs")
}

// TestComparerTraceIdOfDigitsOnly: a 32-character hex trace id can draw no
// letter at all (the emulator against itself once did). It is still a
// generated id, paired like any other, not a number compared by value;
// numbers (up to an int64's 19 digits) still are.
func TestComparerTraceIdOfDigitsOnly(t *testing.T) {
	c := parity.NewComparer()
	answer := func(trace, body string) parity.Answer {
		return parity.Answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}, "X-Acs-Trace-Id": {trace}}, Body: []byte(body)}
	}
	assert.Empty(t, c.Compare(answer("fbb03c84a4f96e6751f86c2f1ac8cc9a", `{"Total":1}`), answer("67578890318512426064345439708200", `{"Total":1}`)),
		"two generated trace ids pair")
	assert.NotEmpty(t, c.Compare(answer("aaaa03c84a4f96e6751f86c2f1ac8cc9", `{"Total":1}`), answer("bbbb0890318512426064345439708200", `{"Total":2}`)),
		"a number of a few digits is still compared by value")
}
