package mock_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/mock"
)

var upperUUID = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)

// checkAlibabaError asserts an Alibaba error body with a 4xx status.
func checkAlibabaError(t *testing.T, rec *httptest.ResponseRecorder, code string) {
	t.Helper()
	assert.GreaterOrEqual(t, rec.Code, 400)
	assert.Less(t, rec.Code, 500, "a client's mistake is never a 5xx")
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), "error body is JSON: %s", rec.Body)
	for _, f := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
		_, isString := body[f].(string)
		assert.True(t, isString, "%s is a string in %s", f, rec.Body)
	}
	assert.Regexp(t, upperUUID, body["RequestId"])
	if code != "" {
		assert.Equal(t, code, body["Code"])
	}
}

func TestBadRequests(t *testing.T) {
	h := mock.New(mock.DefaultConfig())
	for _, tc := range []struct {
		name, method, target, body, ctype, code string
	}{
		{"wrong method", "PUT", "/?Action=DeleteLiveMessageGroup", "", "", "InvalidApi.NotFound"},
		{"wrong path", "GET", "/v2/groups", "", "", "InvalidApi.NotFound"},
		{"no action", "GET", "/?Version=2016-11-01", "", "", "MissingAction"},
		{"unknown action", "GET", "/?Action=DropTables&Version=2016-11-01", "", "", "InvalidAction.NotFound"},
		{"unknown version", "GET", "/?Action=DeleteLiveMessageGroup&Version=2099-01-01", "", "", "InvalidVersion"},
		{"unknown format", "GET", "/?Action=DeleteLiveMessageGroup&Version=2016-11-01&Format=YAML", "", "", "InvalidFormat"},
		{"no signature", "GET", "/?Action=DeleteLiveMessageGroup&Version=2016-11-01&AccessKeyId=testid", "", "", "MissingSignature"},
		{"bad escape", "GET", "/?Action=%zz", "", "", "InputInvalid"},
		{"bad form", "POST", "/?Action=DeleteLiveMessageGroup", "a=%zz", "application/x-www-form-urlencoded", "InputInvalid"},
		{"oversize body", "POST", "/", strings.Repeat("a", 2<<20), "application/x-www-form-urlencoded", "InputInvalid"},
		{"both query and form", "POST", "/?Action=X", "Action=Y", "application/x-www-form-urlencoded", "InputInvalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, bytes.NewBufferString(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			checkAlibabaError(t, rec, tc.code)
		})
	}
}

// requestIDOf reads the RequestId of a JSON or (Format=XML) XML answer.
func requestIDOf(rec *httptest.ResponseRecorder) string {
	var doc struct {
		RequestID string `json:"RequestId" xml:"RequestId"`
	}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
		if xml.Unmarshal(rec.Body.Bytes(), &doc) != nil {
			return ""
		}
		return doc.RequestID
	}
	if json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
		return ""
	}
	return doc.RequestID
}

func TestXMLFormat(t *testing.T) {
	h := mock.New(mock.Config{Auth: false})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?Action=DescribeLiveMessageGroup&Version=2016-11-01&Format=XML&AppId=none&GroupId=g", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Error>")
	assert.Contains(t, rec.Body.String(), "<Code>ResourceNotExist</Code>")
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml"))

	rec = httptest.NewRecorder() // the format is not case-sensitive
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?Action=DescribeLiveMessageGroup&Version=2016-11-01&Format=xml&AppId=none&GroupId=g", nil))
	assert.Contains(t, rec.Body.String(), "<Code>ResourceNotExist</Code>")
}

func TestHealthz(t *testing.T) {
	rec := httptest.NewRecorder()
	mock.New(mock.DefaultConfig()).ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	assert.Equal(t, 200, rec.Code)
}

// FuzzServeHTTP: whatever a client sends, the emulator answers a
// well-formed Alibaba body and never a 5xx (no fault is armed here).
func FuzzServeHTTP(f *testing.F) {
	f.Add("GET", "/?Action=DeleteLiveMessageGroup&Version=2016-11-01&AppId=a&GroupId=g", "", "")
	f.Add("POST", "/", "Action=RemoveLiveMessageGroupBand&Version=2016-11-01&UnbannedUsers.1=a&UnbannedUsers.3=b", "application/x-www-form-urlencoded")
	f.Add("POST", "/?Action=RemoveLiveMessageGroupBand&Version=2016-11-01", `UnbannedUsers=["a",1]`, "application/x-www-form-urlencoded")
	f.Add("GET", "/?Action=CreateLiveMessageGroup&Version=2016-11-01&GroupId=%ff%fe", "", "")
	f.Add("DELETE", "/_mock/keys/x", "", "")
	f.Fuzz(func(t *testing.T, method, target, body, ctype string) {
		if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "/_mock") || strings.ContainsAny(target, " \r\n\t#") {
			return
		}
		switch method {
		case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD":
		default:
			return
		}
		req, err := http.NewRequest(method, "http://127.0.0.1"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", ctype)
		for _, auth := range []bool{true, false} {
			rec := httptest.NewRecorder()
			mock.New(mock.Config{Auth: auth}).ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s -> %d %s", method, target, rec.Code, rec.Body)
			}
			if target == "/healthz" || method == "HEAD" {
				continue
			}
			if rid := requestIDOf(rec); !upperUUID.MatchString(rid) {
				t.Fatalf("no RequestId in a well-formed JSON or XML body: %s", rec.Body)
			}
			req.Body = http.NoBody
		}
	})
}
