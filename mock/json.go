package mock

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/livemsg/livemsg/contract"
)

// appendJSON encodes an answer without reflection: maps with sorted keys,
// slices, strings, bools and integers, the only shapes answers hold. It is
// on every request's path, so it matters for throughput.
func appendJSON(b []byte, v any) []byte {
	switch t := v.(type) {
	case map[string]any:
		var stack [24]string
		keys := stack[:0]
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendJSON(b, t[k])
		}
		return append(b, '}')
	case map[string]int64:
		m := make(map[string]any, len(t))
		for k, n := range t {
			m[k] = n
		}
		return appendJSON(b, m)
	case []any:
		b = append(b, '[')
		for i, it := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, it)
		}
		return append(b, ']')
	case []string:
		b = append(b, '[')
		for i, it := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, it)
		}
		return append(b, ']')
	case string:
		return appendString(b, t)
	case bool:
		return strconv.AppendBool(b, t)
	case int:
		return strconv.AppendInt(b, int64(t), 10)
	case int64:
		return strconv.AppendInt(b, t, 10)
	case contract.UnixSeconds:
		return strconv.AppendInt(b, int64(t), 10)
	case contract.UnixMillis:
		return strconv.AppendInt(b, int64(t), 10)
	case nil:
		return append(b, "null"...)
	}
	return appendString(b, "")
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
