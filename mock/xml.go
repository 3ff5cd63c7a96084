package mock

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"strconv"

	"github.com/livemsg/livemsg/contract"
)

// encodeXML writes a response in Alibaba's XML shape: one element per
// field under the root, in the order of the JSON answer. A list is one
// element holding an element per item, named as the contract's @xmlItem
// says (the metadata's names: AdminList holds Admins, GroupList Groups,
// MessageList Messages, BannedUserList BannedUsers, ...). fields are the
// contract's fields of the answer (nil for an error body, which has no
// lists); c is the codec of the answer's type and rid its RequestId.
func encodeXML(root string, fields []*contract.Field, c *structCodec, answer any, rid string) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>")
	writeXMLObject(&b, root, fields, c, reflect.ValueOf(answer), rid)
	return b.Bytes()
}

// fieldOf is the contract field named name among fs (nil if none).
func fieldOf(fs []*contract.Field, name string) *contract.Field {
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// itemName is the element of each item of list field f.
func itemName(f *contract.Field) string {
	if f != nil && f.XMLItem != "" {
		return f.XMLItem
	}
	return "item" // a list the contract does not know: none is answered
}

func openXML(b *bytes.Buffer, name string) {
	b.WriteByte('<')
	b.WriteString(name)
	b.WriteByte('>')
}

func closeXML(b *bytes.Buffer, name string) {
	b.WriteString("</")
	b.WriteString(name)
	b.WriteByte('>')
}

// writeXMLObject writes element name holding the fields of struct v (and
// rid, when not empty, as RequestId in its place).
func writeXMLObject(b *bytes.Buffer, name string, sub []*contract.Field, c *structCodec, v reflect.Value, rid string) {
	openXML(b, name)
	for i := range c.fields {
		if i == c.ridAt && rid != "" {
			writeXMLRequestID(b, rid)
		}
		f := &c.fields[i]
		if fv, ok := f.value(v); ok {
			writeXMLValue(b, f.name, fieldOf(sub, f.name), fv)
		}
	}
	if c.ridAt == len(c.fields) && rid != "" {
		writeXMLRequestID(b, rid)
	}
	closeXML(b, name)
}

func writeXMLRequestID(b *bytes.Buffer, rid string) {
	openXML(b, "RequestId")
	_ = xml.EscapeText(b, []byte(rid))
	closeXML(b, "RequestId")
}

// writeXMLValue writes element name holding v, the value of contract field
// f (nil when the contract does not know it).
func writeXMLValue(b *bytes.Buffer, name string, f *contract.Field, v reflect.Value) {
	var sub []*contract.Field
	if f != nil {
		sub = f.Fields
	}
	switch v.Kind() {
	case reflect.Struct:
		writeXMLObject(b, name, sub, codecOf(v.Type()), v, "")
		return
	case reflect.Slice:
		openXML(b, name)
		item := itemName(f)
		var itemField *contract.Field
		if f != nil {
			itemField = &contract.Field{Name: item, Kind: f.Kind, Fields: f.Fields}
		}
		for i := range v.Len() {
			writeXMLValue(b, item, itemField, v.Index(i))
		}
		closeXML(b, name)
		return
	}
	openXML(b, name)
	switch v.Kind() {
	case reflect.Map:
		// Counters keyed by message type: the keys ("1", "2") are not XML
		// names, so each is an entry with its key as an attribute (the
		// metadata is silent; docs/fidelity.md).
		for _, k := range countKeys(v) {
			b.WriteString(`<entry key="`)
			_ = xml.EscapeText(b, []byte(k))
			b.WriteString(`">`)
			b.WriteString(strconv.FormatInt(v.MapIndex(reflect.ValueOf(k)).Int(), 10))
			b.WriteString(`</entry>`)
		}
	case reflect.String:
		_ = xml.EscapeText(b, []byte(v.String()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	default: // the integers: codecOf admits no other kind
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	}
	closeXML(b, name)
}
