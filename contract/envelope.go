package contract

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// ErrorKeys are the keys of every error body, each a string: the SDKs (v1
// and the generated ones) parse Code, Message, RequestId, HostId and
// Recommend as strings, and the service's error body carries all five
// (shared/reference/live-message-api.md, "Errors").
var ErrorKeys = []string{"RequestId", "HostId", "Code", "Message", "Recommend"}

// The media types of the two answer formats: JSON (Format=JSON, or none)
// and XML (Format=XML), whatever the parameters (charset) after them.
var (
	jsonMediaTypes = []string{"application/json"}
	xmlMediaTypes  = []string{"text/xml", "application/xml"}
)

// WantsXML reports whether a request's Format asks for XML (the service
// reads it in any case); any other value is answered in JSON.
func WantsXML(format string) bool { return strings.EqualFold(format, "XML") }

// CheckEnvelope lists the ways an answer's envelope departs from the
// service's, whatever the operation: a Content-Type that is not the media
// type of the Format asked, a body not in that format, an XML answer
// without an upper-case UUID RequestId, an error body (a status outside
// 2xx) without each of ErrorKeys as a string. What CheckResponse reports
// of a JSON body (its RequestId, Code and Message) is not reported again.
func CheckEnvelope(format string, status int, h http.Header, body []byte) []string {
	var problems []string
	add := func(f string, args ...any) { problems = append(problems, fmt.Sprintf(f, args...)) }
	want, name := jsonMediaTypes, "JSON"
	if WantsXML(format) {
		want, name = xmlMediaTypes, "XML"
	}
	ct := h.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || !contains(want, mt) {
		add("Content-Type %q is not %s's (%s) for Format=%s", ct, name, strings.Join(want, " or "), nameOr(format, "JSON"))
	}
	isError := status < 200 || status > 299
	if name == "XML" {
		return append(problems, checkXMLEnvelope(isError, body)...)
	}
	doc, ok := decodeObject(body)
	if !ok || !isError {
		return problems // a body that is no JSON object: CheckResponse says so
	}
	for _, k := range ErrorKeys {
		if k == "RequestId" || k == "Code" || k == "Message" {
			continue // CheckResponse's
		}
		if _, ok := doc[k].(string); !ok {
			add("error body has no string %s (the SDKs read %s)", k, strings.Join(ErrorKeys, ", "))
		}
	}
	return problems
}

// checkXMLEnvelope checks an XML answer: one element with a RequestId
// child that is an upper-case UUID and, for an error, every ErrorKeys
// child.
func checkXMLEnvelope(isError bool, body []byte) []string {
	var doc struct {
		XMLName xml.Name
		Fields  []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	}
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		return []string{fmt.Sprintf("body is not XML: %s", clip(string(body)))}
	}
	got := map[string]string{}
	for _, f := range doc.Fields {
		got[f.XMLName.Local] = f.Value
	}
	var problems []string
	switch rid, ok := got["RequestId"]; {
	case !ok:
		problems = append(problems, "XML answer has no RequestId")
	case !requestIDPattern.MatchString(rid):
		problems = append(problems, fmt.Sprintf("RequestId %s is not an upper-case UUID", clip(rid)))
	}
	if isError {
		for _, k := range ErrorKeys {
			if _, ok := got[k]; !ok && k != "RequestId" {
				problems = append(problems, fmt.Sprintf("XML error body has no %s", k))
			}
		}
	}
	return problems
}

func nameOr(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}
