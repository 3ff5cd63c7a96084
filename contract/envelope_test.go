package contract

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckEnvelope(t *testing.T) {
	const rid = "0A1B2C3D-0000-4000-8000-000000000001"
	jsonErr := `{"RequestId":"` + rid + `","HostId":"live.aliyuncs.com","Code":"InputInvalid","Message":"x","Recommend":"https://r"}`
	xmlErr := `<Error><RequestId>` + rid + `</RequestId><HostId>live.aliyuncs.com</HostId><Code>InputInvalid</Code><Message>x</Message><Recommend>https://r</Recommend></Error>`
	for _, tc := range []struct {
		name, format, ct string
		status           int
		body             string
		want             []string
	}{
		{"JSON answer", "", "application/json;charset=utf-8", 200, `{"RequestId":"` + rid + `"}`, nil},
		{"JSON error whole", "JSON", "application/json", 400, jsonErr, nil},
		{"format asked in lower case", "xml", "text/xml;charset=utf-8", 200, `<R><RequestId>` + rid + `</RequestId></R>`, nil},
		{"XML error whole", "XML", "application/xml", 400, xmlErr, nil},
		{"text/plain", "", "text/plain;charset=utf-8", 200, `{"RequestId":"` + rid + `"}`,
			[]string{`Content-Type "text/plain;charset=utf-8" is not JSON's (application/json) for Format=JSON`}},
		{"no Content-Type", "JSON", "", 200, `{"RequestId":"` + rid + `"}`,
			[]string{`Content-Type "" is not JSON's (application/json) for Format=JSON`}},
		{"JSON error without HostId and Recommend", "", "application/json", 404, `{"RequestId":"` + rid + `","Code":"ResourceNotExist","Message":"x"}`,
			[]string{"error body has no string HostId (the SDKs read RequestId, HostId, Code, Message, Recommend)",
				"error body has no string Recommend (the SDKs read RequestId, HostId, Code, Message, Recommend)"}},
		{"HostId not a string", "", "application/json", 400, `{"RequestId":"` + rid + `","HostId":1,"Code":"InputInvalid","Message":"x","Recommend":"r"}`,
			[]string{"error body has no string HostId (the SDKs read RequestId, HostId, Code, Message, Recommend)"}},
		{"JSON answered to XML", "XML", "application/json", 200, `{"RequestId":"` + rid + `"}`,
			[]string{`Content-Type "application/json" is not XML's (text/xml or application/xml) for Format=XML`, `body is not XML: {"RequestId":"0A1B2C3D-0000-4000-8000-00...`}},
		{"XML without RequestId", "XML", "text/xml", 200, `<R><GroupId>g</GroupId></R>`, []string{"XML answer has no RequestId"}},
		{"XML RequestId in lower case", "XML", "text/xml", 200, `<R><RequestId>0a1b2c3d-0000-4000-8000-000000000001</RequestId></R>`,
			[]string{"RequestId 0a1b2c3d-0000-4000-8000-000000000001 is not an upper-case UUID"}},
		{"XML error without Recommend", "XML", "text/xml", 500, `<Error><RequestId>` + rid + `</RequestId><HostId>h</HostId><Code>ServerError</Code><Message>x</Message></Error>`,
			[]string{"XML error body has no Recommend"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.ct != "" {
				h.Set("Content-Type", tc.ct)
			}
			assert.Equal(t, tc.want, CheckEnvelope(tc.format, tc.status, h, []byte(tc.body)))
		})
	}
}
