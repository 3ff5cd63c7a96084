package mock

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// An answer is a struct (beside its handler): each field carries its wire name in a
// json tag, `json:"GroupId"`. A pointer field, tagged `json:"Name,omitempty"`,
// is left out of the answer when nil: it is how an answer holds a field the
// contract marks @optional. The fields of an embedded struct are the
// answer's own; an embedded pointer left nil leaves all of its fields out
// (a deleted group's description has Deletatime and Deletor, a live one's
// its counters). Strings, bools, integers (contract.UnixSeconds and
// UnixMillis among them), slices, map[string]int64 and nested structs are
// the shapes an answer may hold; any other is refused when the route table
// is built, at start, never while answering.
//
// The codec of each answer type is built once, by reflection, and the
// encoders below walk an answer with it: fields in the order of their wire
// names (the order the map answers had, so the bytes are those of before),
// the RequestId the wire layer adds among them in its place.

// answerField is one field of an answer, as the wire names it.
type answerField struct {
	name     string
	index    []int        // path from the answer through embedded structs
	typ      reflect.Type // the value's type (a pointer field's: what it points to)
	optional bool         // left out when nil: a pointer, or in an embedded pointer
	enc      encoder      // JSON of the value
}

type encoder func(b []byte, v reflect.Value) []byte

// structCodec is the wire view of an answer type.
type structCodec struct {
	typ    reflect.Type
	fields []answerField // by wire name
	ridAt  int           // where RequestId goes among the fields, for a whole answer
}

var codecs sync.Map // reflect.Type → *structCodec

// codecOf returns the codec of an answer struct type, built on first use.
// It panics on a type an answer may not hold: the route table calls it for
// every handler's answer type when the package loads.
func codecOf(t reflect.Type) *structCodec {
	if c, ok := codecs.Load(t); ok {
		return c.(*structCodec)
	}
	c := buildCodec(t)
	actual, _ := codecs.LoadOrStore(t, c)
	return actual.(*structCodec)
}

func buildCodec(t reflect.Type) *structCodec {
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("mock: answer type %v is not a struct", t))
	}
	c := &structCodec{typ: t}
	c.collect(t, nil, false)
	slices.SortFunc(c.fields, func(a, b answerField) int { return strings.Compare(a.name, b.name) })
	for i := 1; i < len(c.fields); i++ {
		if c.fields[i].name == c.fields[i-1].name {
			panic(fmt.Sprintf("mock: answer type %v has two fields named %s", t, c.fields[i].name))
		}
	}
	c.ridAt, _ = slices.BinarySearchFunc(c.fields, "RequestId", func(f answerField, name string) int { return strings.Compare(f.name, name) })
	return c
}

// collect adds the fields of struct t, reached through path (optional when
// the path passed an embedded pointer).
func (c *structCodec) collect(t reflect.Type, path []int, optional bool) {
	for i := range t.NumField() {
		sf := t.Field(i)
		index := append(slices.Clip(path), i)
		tag, hasTag := sf.Tag.Lookup("json")
		if sf.Anonymous && !hasTag {
			et, opt := sf.Type, optional
			if et.Kind() == reflect.Pointer {
				et, opt = et.Elem(), true
			}
			if et.Kind() != reflect.Struct {
				panic(fmt.Sprintf("mock: answer type %v embeds %v, not a struct", c.typ, sf.Type))
			}
			c.collect(et, index, opt)
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !sf.IsExported() || name == "" || name == "-" {
			panic(fmt.Sprintf("mock: field %s of answer type %v has no wire name (json tag)", sf.Name, c.typ))
		}
		f := answerField{name: name, index: index, typ: sf.Type, optional: optional}
		switch ptr := sf.Type.Kind() == reflect.Pointer; {
		case ptr && opts != "omitempty":
			panic(fmt.Sprintf("mock: pointer field %s of answer type %v must be tagged omitempty (left out when nil)", sf.Name, c.typ))
		case !ptr && opts != "":
			panic(fmt.Sprintf("mock: field %s of answer type %v: only a pointer field may be left out (tag %q)", sf.Name, c.typ, tag))
		case ptr:
			f.typ, f.optional = sf.Type.Elem(), true
		}
		f.enc = encoderOf(f.typ, c.typ)
		c.fields = append(c.fields, f)
	}
}

var countsType = reflect.TypeFor[map[string]int64]()

// encoderOf returns the JSON encoder of a value of type t, a field of
// answer type owner.
func encoderOf(t, owner reflect.Type) encoder {
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, v reflect.Value) []byte { return appendString(b, v.String()) }
	case reflect.Bool:
		return func(b []byte, v reflect.Value) []byte { return strconv.AppendBool(b, v.Bool()) }
	case reflect.Int, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value) []byte { return strconv.AppendInt(b, v.Int(), 10) }
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return func(b []byte, v reflect.Value) []byte { // []string, the common list
				b = append(b, '[')
				for i := range v.Len() {
					if i > 0 {
						b = append(b, ',')
					}
					b = appendString(b, v.Index(i).String())
				}
				return append(b, ']')
			}
		}
		item := encoderOf(t.Elem(), owner)
		return func(b []byte, v reflect.Value) []byte { // a nil list is [] (the contract's lists are never null)
			b = append(b, '[')
			for i := range v.Len() {
				if i > 0 {
					b = append(b, ',')
				}
				b = item(b, v.Index(i))
			}
			return append(b, ']')
		}
	case reflect.Map:
		if t != countsType {
			break
		}
		return func(b []byte, v reflect.Value) []byte {
			b = append(b, '{')
			for i, k := range countKeys(v) {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, k)
				b = append(b, ':')
				b = strconv.AppendInt(b, v.MapIndex(reflect.ValueOf(k)).Int(), 10)
			}
			return append(b, '}')
		}
	case reflect.Struct:
		c := codecOf(t)
		return func(b []byte, v reflect.Value) []byte { return c.appendObject(b, v, "") }
	}
	panic(fmt.Sprintf("mock: answer type %v holds a %v, which no answer may", owner, t))
}

// countKeys are the keys of a map[string]int64 (read through reflection:
// the map may sit in an unexported embedded struct), sorted.
func countKeys(v reflect.Value) []string {
	keys := make([]string, 0, v.Len())
	for _, k := range v.MapKeys() {
		keys = append(keys, k.String())
	}
	slices.Sort(keys)
	return keys
}

// value is field f of answer v, and false when f is left out (a nil
// pointer, or a nil embedded pointer on its path).
func (f *answerField) value(v reflect.Value) (reflect.Value, bool) {
	for _, i := range f.index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, true
}

// appendObject writes answer v as a JSON object; rid, when not empty, is
// the RequestId of a whole answer, written in its place.
func (c *structCodec) appendObject(b []byte, v reflect.Value, rid string) []byte {
	b = append(b, '{')
	n := 0
	for i := range c.fields {
		if i == c.ridAt && rid != "" {
			b = appendRequestID(b, rid, n)
			n++
		}
		f := &c.fields[i]
		fv, ok := f.value(v)
		if !ok {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendString(b, f.name)
		b = append(b, ':')
		b = f.enc(b, fv)
	}
	if c.ridAt == len(c.fields) && rid != "" {
		b = appendRequestID(b, rid, n)
	}
	return append(b, '}')
}

func appendRequestID(b []byte, rid string, n int) []byte {
	if n > 0 {
		b = append(b, ',')
	}
	b = append(b, `"RequestId":`...)
	return appendString(b, rid)
}

// appendAnswer writes a whole answer (a success or an error body) as JSON.
func appendAnswer(b []byte, c *structCodec, answer any, rid string) []byte {
	return c.appendObject(b, reflect.ValueOf(answer), rid)
}

// plainJSON marks the bytes a JSON string holds as they are.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString writes a JSON string, escaping as encoding/json does
// without HTML escaping.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	i := 0
	for i < len(s) && plainJSON[s[i]] { // the common case: nothing to escape
		i++
	}
	if i == len(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	b = append(b, s[:i]...)
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
