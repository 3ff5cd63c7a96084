package load

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func TestClassify(t *testing.T) {
	recover := &Probe{Operation: "RecoverLiveMessageDeletedGroup", Served: []string{"ResourceNotExist"}}
	describe := &Probe{Operation: "DescribeLiveMessageGroup"}
	errBody := func(code string) []byte {
		return []byte(`{"RequestId":"5A6A","HostId":"live.aliyuncs.com","Code":"` + code + `","Message":"m","Recommend":"r"}`)
	}
	for _, tc := range []struct {
		name  string
		probe *Probe
		res   vegeta.Result
		want  Class
	}{
		{"200 with the answer", describe, vegeta.Result{Code: 200, Body: []byte(`{"RequestId":"A","GroupId":"g"}`)}, Served},
		{"204 empty", describe, vegeta.Result{Code: 204}, Served},
		{"Throttling.User 400", describe, vegeta.Result{Code: 400, Body: errBody("Throttling.User"), Error: "400 Bad Request"}, Throttled},
		{"Throttling.Api", describe, vegeta.Result{Code: 400, Body: errBody("Throttling.Api")}, Throttled},
		{"bare Throttling 503", describe, vegeta.Result{Code: 503, Body: errBody("Throttling")}, Throttled},
		{"throttling in XML", describe, vegeta.Result{Code: 400, Body: []byte(`<Error><Code>Throttling.User</Code></Error>`)}, Throttled},
		{"spaced JSON", describe, vegeta.Result{Code: 400, Body: []byte("{\n  \"Code\" : \"Throttling.User\"\n}")}, Throttled},
		{"expected business answer", recover, vegeta.Result{Code: 404, Body: errBody("ResourceNotExist")}, Served},
		{"business answer not expected", describe, vegeta.Result{Code: 404, Body: errBody("ResourceNotExist")}, Other},
		{"server error", recover, vegeta.Result{Code: 500, Body: errBody("ServerError")}, Other},
		{"signature refused", recover, vegeta.Result{Code: 400, Body: errBody("SignatureDoesNotMatch")}, Other},
		{"200 carrying an error code", describe, vegeta.Result{Code: 200, Body: errBody("InputInvalid")}, Other},
		{"non-2xx without a body", describe, vegeta.Result{Code: 502, Body: []byte("<html>bad gateway</html>")}, Other},
		{"transport error", describe, vegeta.Result{Error: "dial tcp: connection refused"}, Other},
		{"timeout", describe, vegeta.Result{Error: "context deadline exceeded (Client.Timeout exceeded)"}, Other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.probe.Classify(&tc.res), "body %s", tc.res.Body)
		})
	}
}

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"Code":"Throttling.User"}`, "Throttling.User"},
		{`{"RequestId":"x", "Code": "InputInvalid"}`, "InputInvalid"},
		{`<Error><Code> ResourceNotExist </Code></Error>`, "ResourceNotExist"},
		{`{"RequestId":"x","GroupId":"g"}`, ""},
		{`{"Code":42}`, ""},
		{`{"Code":"unterminated`, ""},
		{`{"Code"`, ""},
		{``, ""},
	} {
		assert.Equal(t, tc.want, ErrorCode([]byte(tc.body)), "%s", tc.body)
	}
}

func FuzzErrorCode(f *testing.F) {
	for _, s := range []string{`{"Code":"Throttling.User"}`, `<Code>x</Code>`, `{"Code" : "`, `"Code"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		code := ErrorCode(body)
		end := "<" // the XML form ends at the closing tag, the JSON one at the quote
		if bytes.Contains(body, []byte(`"Code"`)) {
			end = `"`
		}
		if !bytes.Contains(body, []byte(code)) || strings.Contains(code, end) {
			t.Fatalf("code %q from %q runs past its end", code, body)
		}
		p := &Probe{Served: []string{"ResourceNotExist"}}
		_ = p.Classify(&vegeta.Result{Code: 400, Body: body})
	})
}

func TestClassString(t *testing.T) {
	assert.Equal(t, []string{"served", "throttled", "other"}, []string{Served.String(), Throttled.String(), Other.String()})
}
