package mock

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
)

// encodeXML writes a response in Alibaba's XML shape: one element per
// field under the root; a list repeats its element name for each item.
func encodeXML(root string, fields map[string]any) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>")
	writeXMLElem(&b, root, fields)
	return b.Bytes()
}

func writeXMLElem(b *bytes.Buffer, name string, v any) {
	switch t := v.(type) {
	case map[string]any:
		fmt.Fprintf(b, "<%s>", name)
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			writeXMLElem(b, k, t[k])
		}
		fmt.Fprintf(b, "</%s>", name)
	case []any:
		fmt.Fprintf(b, "<%s>", name)
		for _, it := range t {
			writeXMLElem(b, "item", it)
		}
		fmt.Fprintf(b, "</%s>", name)
	case []string:
		fmt.Fprintf(b, "<%s>", name)
		for _, it := range t {
			writeXMLElem(b, "item", it)
		}
		fmt.Fprintf(b, "</%s>", name)
	default:
		fmt.Fprintf(b, "<%s>", name)
		_ = xml.EscapeText(b, []byte(fmt.Sprint(t)))
		fmt.Fprintf(b, "</%s>", name)
	}
}
