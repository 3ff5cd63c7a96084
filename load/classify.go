package load

import (
	"bytes"
	"strings"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Class is what an answer counts as.
type Class int

// The classes of an answer.
const (
	Served    Class = iota // a 2xx, or a business answer the probe expects
	Throttled              // a Throttling.* code
	Other                  // any other error, transport errors included
)

// Classify sorts a vegeta result.
func (p *Probe) Classify(r *vegeta.Result) Class {
	if r.Error != "" && r.Code == 0 {
		return Other
	}
	code := errorCode(r.Body)
	switch {
	case strings.HasPrefix(code, "Throttling"):
		return Throttled
	case r.Code >= 200 && r.Code < 300 && code == "":
		return Served
	}
	for _, s := range p.Served {
		if code == s {
			return Served
		}
	}
	return Other
}

var codeKey = []byte(`"Code":"`)

// errorCode finds "Code":"..." in a JSON body without decoding it all.
func errorCode(body []byte) string {
	i := bytes.Index(body, codeKey)
	if i < 0 {
		return ""
	}
	rest := body[i+len(codeKey):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}
