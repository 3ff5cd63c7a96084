package mock

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"

	"github.com/livemsg/livemsg/contract"
)

// encodeXML writes a response in Alibaba's XML shape: one element per
// field under the root. A list is one element holding an element per item,
// named as the contract's @xmlItem says (the metadata's names: AdminList
// holds Admins, GroupList Groups, MessageList Messages, BannedUserList
// BannedUsers, ...). fields are the contract's fields of the answer (nil for
// an error body, which has no lists).
func encodeXML(root string, fields []*contract.Field, body map[string]any) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>")
	writeXMLElem(&b, root, &contract.Field{Name: root, Kind: contract.KindObject, Fields: fields}, body)
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

func writeXMLElem(b *bytes.Buffer, name string, f *contract.Field, v any) {
	fmt.Fprintf(b, "<%s>", name)
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var sub []*contract.Field
		if f != nil {
			sub = f.Fields
		}
		for _, k := range keys {
			writeXMLElem(b, k, fieldOf(sub, k), t[k])
		}
	case map[string]int64:
		// Counters keyed by message type: the keys ("1", "2") are not XML
		// names, so each is an entry with its key as an attribute (the
		// metadata is silent; docs/fidelity.md).
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString(`<entry key="`)
			_ = xml.EscapeText(b, []byte(k))
			fmt.Fprintf(b, `">%d</entry>`, t[k])
		}
	case []any:
		item := &contract.Field{Name: itemName(f)}
		if f != nil {
			item.Kind, item.Fields = f.Kind, f.Fields
		}
		for _, it := range t {
			writeXMLElem(b, item.Name, item, it)
		}
	case []string:
		for _, it := range t {
			writeXMLElem(b, itemName(f), nil, it)
		}
	default:
		_ = xml.EscapeText(b, []byte(fmt.Sprint(t)))
	}
	fmt.Fprintf(b, "</%s>", name)
}
