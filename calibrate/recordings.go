package calibrate

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"

	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
)

// addRecordings adds what the cassettes under dir recorded of a real
// target: each error answer's status and message, each served answer's
// field formats. Other YAML files (not cassettes) are passed over.
func (f *File) addRecordings(dir string) ([]string, error) {
	var notes []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Ext(path) != cassette.Ext {
			return nil
		}
		c, err := cassette.Load(path)
		if err != nil {
			return nil // not a cassette (a profile, a calibration)
		}
		if c.Livemsg.Target != realTarget {
			notes = append(notes, fmt.Sprintf("%s: left out: recorded on %q, not on a real target", path, c.Livemsg.Target))
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		f.addCassette(c, Source{Run: dir, File: filepath.ToSlash(rel), Date: c.Livemsg.Recorded.UTC().Truncate(1e9)})
		return nil
	})
	if err != nil {
		return notes, fmt.Errorf("calibrate: %w", err)
	}
	return notes, nil
}

func (f *File) addCassette(c *cassette.File, src Source) {
	ct := contract.Default()
	for _, in := range c.Interactions {
		if u, err := url.Parse(in.Request.URL); err == nil && mock.IsOwnPath(u.Path) {
			continue // the emulator's admin API: not the service's
		}
		req, err := cassette.Decode(in)
		if err != nil || req.Action == "" {
			continue
		}
		body := []byte(in.Response.Body)
		if code := load.ErrorCode(body); code != "" {
			f.operation(req.Action).addError(ct, code, in.Response.Code, messageOf(body), src)
			continue
		}
		if in.Response.Code/100 != 2 {
			continue
		}
		op, ok := ct.Operation(req.Action)
		if !ok {
			continue
		}
		fields := topFields(body)
		for _, fd := range op.Result {
			if v, ok := fields[fd.Name]; ok {
				f.operation(req.Action).addField(fd.Name, formatOf(v, fd), src)
			}
		}
	}
}

// addError keeps the newest recording of a code.
func (op *Operation) addError(ct *contract.Contract, code string, status int, msg string, src Source) {
	e := Error{Code: code, Status: status, Source: src}
	if ec, ok := ct.Code(code); ok && !ec.Dynamic() {
		e.Message = msg
	} else {
		e.Example = msg
	}
	op.Errors = keepNewest(op.Errors, e, func(e Error) (string, Source) { return e.Code, e.Source })
}

// addField keeps the newest recording of a field.
func (op *Operation) addField(name, format string, src Source) {
	op.Fields = keepNewest(op.Fields, Field{Name: name, Format: format, Source: src},
		func(f Field) (string, Source) { return f.Name, f.Source })
}

// keepNewest puts fact in list, in place of one with the same key when it
// is at least as new.
func keepNewest[T any](list []T, fact T, keyOf func(T) (string, Source)) []T {
	key, src := keyOf(fact)
	for i := range list {
		if k, s := keyOf(list[i]); k == key {
			if !s.newer(src) {
				list[i] = fact
			}
			return list
		}
	}
	return append(list, fact)
}

// messageOf is an error answer's Message, in JSON or XML.
func messageOf(body []byte) string {
	var e struct{ Message string }
	if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '<' {
		_ = xml.Unmarshal(t, &e)
	} else {
		_ = json.Unmarshal(t, &e)
	}
	return e.Message
}

// topFields are the top-level fields of a JSON answer (nil for XML).
func topFields(body []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return nil
	}
	return m
}

// The formats of a field.
const (
	FormatString  = "string"
	FormatNumber  = "number"
	FormatBoolean = "boolean"
	FormatList    = "list"
	FormatObject  = "object"
	FormatNull    = "null"
)

// millisFrom: a UNIX time this large is in milliseconds (1973 in them,
// 5138 in seconds).
const millisFrom = 1e11

// formatOf is the format a recorded value has; a time says its unit.
func formatOf(v any, fd *contract.Field) string {
	switch x := v.(type) {
	case string:
		return FormatString
	case bool:
		return FormatBoolean
	case []any:
		return FormatList
	case map[string]any:
		return FormatObject
	case json.Number:
		if fd.Kind == contract.KindTime && !fd.List {
			if n, err := x.Float64(); err == nil && n >= millisFrom {
				return timeFormat(contract.Millis)
			}
			return timeFormat(contract.Seconds)
		}
		return FormatNumber
	}
	return FormatNull
}

// ContractFormat is the format the emulator writes a field in: the
// contract's.
func ContractFormat(fd *contract.Field) string {
	switch {
	case fd.List:
		return FormatList
	case fd.Kind == contract.KindString:
		return FormatString
	case fd.Kind == contract.KindBool:
		return FormatBoolean
	case fd.Kind == contract.KindObject || fd.Kind == contract.KindCounts:
		return FormatObject
	case fd.Kind == contract.KindTime:
		return timeFormat(fd.Unit)
	}
	return FormatNumber
}

func timeFormat(u contract.TimeUnit) string { return FormatNumber + " (" + u.String() + ")" }
