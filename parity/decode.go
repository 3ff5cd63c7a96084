package parity

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Body formats.
const (
	formatJSON  = "JSON"
	formatXML   = "XML"
	formatOther = "other"
)

// decodeBody turns a body into a tree of maps, lists and scalars; XML
// keeps its root element, and repeated elements become lists.
func decodeBody(body []byte) (any, string) {
	t := bytes.TrimSpace(body)
	if len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.UseNumber()
		var v map[string]any
		if dec.Decode(&v) == nil {
			if _, err := dec.Token(); err == io.EOF {
				return v, formatJSON
			}
		}
		return nil, formatOther
	}
	if len(t) > 0 && t[0] == '<' {
		if v, err := decodeXML(t); err == nil {
			return v, formatXML
		}
	}
	return nil, formatOther
}

type xmlNode struct {
	name     string
	text     strings.Builder
	children []*xmlNode
}

func decodeXML(b []byte) (any, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name.Local}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("unbalanced XML")
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil || len(stack) != 0 {
		return nil, fmt.Errorf("no XML document")
	}
	return map[string]any{root.name: root.value()}, nil
}

func (n *xmlNode) value() any {
	if len(n.children) == 0 {
		return strings.TrimSpace(n.text.String())
	}
	out := map[string]any{}
	for _, c := range n.children {
		v := c.value()
		switch prev := out[c.name].(type) {
		case nil:
			out[c.name] = v
		case []any:
			out[c.name] = append(prev, v)
		default:
			out[c.name] = []any{prev, v}
		}
	}
	return out
}

// codeOf is the error Code of a decoded answer ("" when none), at the top
// of a JSON body or under the root of an XML one.
func codeOf(tree any) string {
	m, ok := tree.(map[string]any)
	if !ok {
		return ""
	}
	if s, ok := m["Code"].(string); ok {
		return s
	}
	if len(m) == 1 {
		for _, v := range m {
			if inner, ok := v.(map[string]any); ok {
				s, _ := inner["Code"].(string)
				return s
			}
		}
	}
	return ""
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a bool"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func render(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return "null"
	case map[string]any, []any:
		b, _ := json.Marshal(t)
		return clip(string(b))
	}
	return fmt.Sprint(v)
}

// timeUnit says whether a value reads as a UNIX time: "seconds" or
// "milliseconds" between 2015 and ten years from now, "" otherwise.
func timeUnit(v string) string {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return ""
	}
	lo, hi := int64(1420070400), time.Now().AddDate(10, 0, 0).Unix()
	switch {
	case n >= lo && n <= hi:
		return "seconds"
	case n >= lo*1000 && n <= hi*1000:
		return "milliseconds"
	}
	return ""
}

var (
	uuidUpper = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)
	uuidLower = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	uuidAny   = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	alnumID   = regexp.MustCompile(`^[A-Za-z0-9_-]{6,128}$`)
	digits    = regexp.MustCompile(`^[0-9]+$`)
)

// shape classifies a value that may be an id a provider generated: an
// upper- or lower-case UUID, or letters and digits of some length. Other
// values ("" here) are compared as they are.
func shape(v string) string {
	switch {
	case uuidUpper.MatchString(v):
		return "upper-case UUID"
	case uuidLower.MatchString(v):
		return "lower-case UUID"
	case uuidAny.MatchString(v):
		return "mixed-case UUID"
	case digits.MatchString(v) && len(v) <= 19:
		// a number (an int64 has at most 19 digits); a longer run of
		// digits is an id whose random hex happened to draw no letter
		return ""
	case alnumID.MatchString(v):
		return fmt.Sprintf("%d-character id", len(v))
	}
	return ""
}
