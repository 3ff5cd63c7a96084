package breakage

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// envelopeBreaks break the envelope: error body keys, Content-Type, method,
// RequestId, status.
func envelopeBreaks() []Provider {
	missing := describe("nosuch")
	return []Provider{
		{Name: "error answers without Recommend", Reply: dropKey("Recommend"), Witness: Witness{Calls: seq(missing), Faithful: Check{Has: "Recommend"}}},
		{Name: "error answers name Message ErrorMessage", Reply: renameKey("Message", "ErrorMessage"), Witness: Witness{Calls: seq(missing), Faithful: Check{Has: `"Message":`}}},
		{Name: "XML answers labelled application/json", Reply: func(x *Exchange) {
			if strings.HasPrefix(x.Header.Get("Content-Type"), "text/xml") {
				x.Header.Set("Content-Type", "application/json;charset=utf-8")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(xmlFormat)), Faithful: Check{Header: "Content-Type", HeaderValue: "text/xml"}}},
		{Name: "GET refused", Route: methodRefused(http.MethodGet), Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.Method = http.MethodGet })), Faithful: ok()}},
		{Name: "POST refused", Route: methodRefused(http.MethodPost), Witness: Witness{Calls: seq(describeApp()), Faithful: ok()}},
		{Name: "RequestId in lower case", Reply: func(x *Exchange) {
			x.Body = jsonRequestID.ReplaceAllFunc(x.Body, bytes.ToLower)
			x.Body = xmlRequestID.ReplaceAllFunc(x.Body, func(b []byte) []byte {
				return []byte(strings.ReplaceAll(strings.ToLower(string(b)), "requestid>", "RequestId>"))
			})
			x.Header.Set("X-Acs-Request-Id", strings.ToLower(x.Header.Get("X-Acs-Request-Id")))
		}, Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Func: func(_, last *aliyun.Response) error {
			if !requestIDFormat.MatchString(last.RequestID) {
				return fmt.Errorf("RequestId %q is not an upper-case UUID", last.RequestID)
			}
			return nil
		}}}},
		{Name: "successful answers without RequestId in the body", Reply: func(x *Exchange) {
			if x.Status == http.StatusOK {
				x.Body = xmlRequestID.ReplaceAll(jsonRequestIDField.ReplaceAll(x.Body, nil), nil)
			}
		}, Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Has: `"RequestId":`}}},
		{Name: "answers without x-acs-request-id", Reply: func(x *Exchange) { x.Header.Del("X-Acs-Request-Id") },
			Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Func: func(_, last *aliyun.Response) error {
				if last.Header.Get("X-Acs-Request-Id") == "" {
					return fmt.Errorf("no x-acs-request-id")
				}
				return nil
			}}}},
		{Name: "ResourceNotExist answered with status 400 by DescribeLiveMessageGroupBand", Op: contract.OpDescribeLiveMessageGroupBand, Reply: status(contract.OpDescribeLiveMessageGroupBand, contract.CodeResourceNotExist, http.StatusBadRequest),
			Witness: Witness{Calls: seq(call(contract.OpDescribeLiveMessageGroupBand, "GroupId", "nosuch")), Faithful: refused(contract.CodeResourceNotExist)}},
		{Name: "SignatureDoesNotMatch answered with status 403", Options: edited(func(c *contract.Contract) {
			ec, _ := c.Code(contract.CodeSignatureDoesNotMatch)
			ec.Status = http.StatusForbidden
		}), Witness: Witness{Calls: seq(describeApp().with(func(r *aliyun.Request) { r.TamperSignature = true })), Faithful: refused(contract.CodeSignatureDoesNotMatch)}},
	}
}

// jsonRequestIDField is the RequestId member of a JSON object with the
// comma that joins it to the next member, or else to the one before.
var jsonRequestIDField = regexp.MustCompile(`"RequestId":"[^"]*",|,?"RequestId":"[^"]*"`)

var requestIDFormat = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)

// renameKey renames a key of error answers.
func renameKey(from, to string) func(*Exchange) {
	return func(e *Exchange) {
		if e.Status < http.StatusBadRequest {
			return
		}
		e.Body = []byte(strings.NewReplacer(`"`+from+`":`, `"`+to+`":`, `<`+from+`>`, `<`+to+`>`, `</`+from+`>`, `</`+to+`>`).Replace(string(e.Body)))
	}
}

// dropKey leaves a key out of error answers.
func dropKey(key string) func(*Exchange) {
	j := regexp.MustCompile(`,?"` + key + `":"[^"]*"`)
	x := regexp.MustCompile(`<` + key + `>[^<]*</` + key + `>`)
	return func(e *Exchange) {
		if e.Status < http.StatusBadRequest {
			return
		}
		e.Body = x.ReplaceAll(j.ReplaceAll(e.Body, nil), nil)
		e.Body = []byte(strings.Replace(string(e.Body), "{,", "{", 1))
	}
}

// status answers code with another HTTP status, on one operation.
func status(action, code string, to int) func(*Exchange) {
	return replyOn(action, func(e *Exchange) {
		if bytes := string(e.Body); strings.Contains(bytes, `"Code":"`+code+`"`) || strings.Contains(bytes, `<Code>`+code+`</Code>`) {
			e.Status = to
		}
	})
}
