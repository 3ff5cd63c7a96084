package load

import (
	"bytes"
	"slices"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/contract"
)

// Class is what an answer counts as.
type Class int

// The classes of an answer.
const (
	Served    Class = iota // a 2xx, or a business answer the probe expects
	Throttled              // a Throttling code (Throttling, Throttling.User, Throttling.Api, ...)
	Other                  // any other answer, transport errors included
)

func (c Class) String() string {
	switch c {
	case Served:
		return "served"
	case Throttled:
		return "throttled"
	}
	return "other"
}

// Classify sorts a vegeta result: throttled when the body carries a
// Throttling code (whatever the status), served when it is a 2xx without
// an error code or carries one of the probe's Served codes, other else.
func (p *Probe) Classify(r *vegeta.Result) Class {
	if r.Code == 0 {
		return Other // no answer: transport error, timeout, targeter error
	}
	code := ErrorCode(r.Body)
	switch {
	case contract.IsThrottling(code):
		return Throttled
	case code == "" && r.Code >= 200 && r.Code < 300:
		return Served
	case code != "" && slices.Contains(p.Served, code):
		return Served
	}
	return Other
}

var (
	jsonCodeKey = []byte(`"Code"`)
	xmlCodeTag  = []byte(`<Code>`)
)

// ErrorCode finds the error code of an Alibaba answer ("Code":"..." in
// JSON, <Code>...</Code> in XML) without decoding the whole body; "" when
// there is none. A success body has no Code field.
func ErrorCode(body []byte) string {
	if i := bytes.Index(body, jsonCodeKey); i >= 0 {
		rest := bytes.TrimLeft(body[i+len(jsonCodeKey):], " \t\r\n")
		if len(rest) == 0 || rest[0] != ':' {
			return ""
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '"' {
			return ""
		}
		rest = rest[1:]
		if j := bytes.IndexByte(rest, '"'); j >= 0 {
			return string(rest[:j])
		}
		return ""
	}
	if i := bytes.Index(body, xmlCodeTag); i >= 0 {
		rest := body[i+len(xmlCodeTag):]
		if j := bytes.IndexByte(rest, '<'); j >= 0 {
			return string(bytes.TrimSpace(rest[:j]))
		}
	}
	return ""
}
