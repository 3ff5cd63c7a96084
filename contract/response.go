package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
)

// requestIDPattern is an upper-case UUID, as the service answers.
var requestIDPattern = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)

// CheckResponse lists every way a JSON answer departs from the contract: a
// body that is not a JSON object, a missing or malformed RequestId, a missing
// or mistyped result field, an error code the operation does not document, a
// status that does not match the code, an error without a code. An empty
// list means the answer conforms.
func (c *Contract) CheckResponse(op *Operation, status int, body []byte) []string {
	doc, ok := decodeObject(body)
	if !ok {
		return []string{fmt.Sprintf("body is not a JSON object: %s", clip(string(body)))}
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	rid, _ := doc["RequestId"].(string)
	switch {
	case doc["RequestId"] == nil:
		add("RequestId is missing")
	case !requestIDPattern.MatchString(rid):
		add("RequestId %v is not an upper-case UUID", doc["RequestId"])
	}
	code, hasCode := doc["Code"]
	if status >= 200 && status < 300 && !hasCode {
		for _, p := range checkFields(op.Result, doc, "") {
			if p != "field RequestId is missing" { // reported above
				problems = append(problems, p)
			}
		}
		return problems
	}
	wire, ok := code.(string)
	if !ok || wire == "" {
		add("status %d without an error Code", status)
		return problems
	}
	if ec, known := c.Code(wire); !known {
		add("code %s is not in the contract", wire)
	} else {
		if !c.Documents(op, wire) {
			add("code %s is not documented for %s", wire, op.Name)
		}
		if ec.Status != status {
			add("code %s answered with status %d; the contract says %d", wire, status, ec.Status)
		}
	}
	if _, ok := doc["Message"].(string); !ok {
		add("error body has no string Message")
	}
	return problems
}

// decodeObject decodes a body that is exactly one JSON object, keeping
// numbers as json.Number.
func decodeObject(body []byte) (map[string]any, bool) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // something after the object
	}
	return doc, true
}

func checkFields(fields []*Field, obj map[string]any, path string) []string {
	var problems []string
	for _, f := range fields {
		name := path + f.Name
		v, ok := obj[f.Name]
		if !ok || v == nil {
			if !f.Optional {
				problems = append(problems, fmt.Sprintf("field %s is missing", name))
			}
			continue
		}
		if !f.List {
			problems = append(problems, checkValue(f, v, name)...)
			continue
		}
		items, ok := v.([]any)
		if !ok {
			problems = append(problems, fmt.Sprintf("field %s is %s, want a list", name, jsonType(v)))
			continue
		}
		for i, item := range items {
			problems = append(problems, checkValue(f, item, fmt.Sprintf("%s[%d]", name, i))...)
		}
	}
	sort.Strings(problems)
	return problems
}

func checkValue(f *Field, v any, name string) []string {
	want := ""
	switch f.Kind {
	case KindString:
		if _, ok := v.(string); !ok {
			want = "string"
		}
	case KindBool:
		if _, ok := v.(bool); !ok {
			want = "bool"
		}
	case KindInt, KindLong:
		if !isInteger(v, f.Kind == KindInt) {
			want = "integer"
		}
	case KindTime:
		if !isInteger(v, false) {
			want = "integer (" + f.Unit.String() + ")"
			break
		}
		n, _ := v.(json.Number).Int64()
		if err := CheckTime(f.Unit, n); err != nil {
			return []string{fmt.Sprintf("field %s: %v", name, err)}
		}
	case KindCounts:
		obj, ok := v.(map[string]any)
		if !ok {
			want = "an object of counters"
			break
		}
		var problems []string
		for k, n := range obj {
			if !isInteger(n, false) {
				problems = append(problems, fmt.Sprintf("field %s.%s is %s, want integer", name, k, jsonType(n)))
			}
		}
		sort.Strings(problems)
		return problems
	case KindObject:
		obj, ok := v.(map[string]any)
		if !ok {
			want = "object"
			break
		}
		return checkFields(f.Fields, obj, name+".")
	}
	if want != "" {
		return []string{fmt.Sprintf("field %s is %s, want %s", name, jsonType(v), want)}
	}
	return nil
}

// isInteger reports whether a decoded JSON value is an integer, within 32
// bits when int32 is set.
func isInteger(v any, int32 bool) bool {
	num, ok := v.(json.Number)
	if !ok {
		return false
	}
	n, err := num.Int64()
	return err == nil && (!int32 || (n >= -1<<31 && n <= 1<<31-1))
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a bool"
	case json.Number:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// CheckHeaders lists the ways an answer's headers depart from the service's:
// every answer carries x-acs-request-id, equal to the body's RequestId (when
// the body is JSON and has one), and x-acs-trace-id.
func CheckHeaders(h http.Header, body []byte) []string {
	var problems []string
	rid := h.Get("X-Acs-Request-Id")
	if rid == "" {
		problems = append(problems, "header x-acs-request-id is missing")
	} else if doc, ok := decodeObject(body); ok {
		if want, _ := doc["RequestId"].(string); want != "" && want != rid {
			problems = append(problems, fmt.Sprintf("header x-acs-request-id %s is not the RequestId %s", clip(rid), want))
		}
	}
	if h.Get("X-Acs-Trace-Id") == "" {
		problems = append(problems, "header x-acs-trace-id is missing")
	}
	return problems
}
