package contract

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// SDKOp is an operation of an official SDK as reflection sees it: the
// request and response struct types (pointers are followed), and the
// SDK's item types of list fields, by field path ("GroupList",
// "GroupList.AdminList"): a struct of one list field whose JSON name is the
// element of each item in XML (SDK v1's BannedUserList{BannedUsers}).
type SDKOp struct {
	Request, Response reflect.Type
	Items             map[string]reflect.Type
}

// DriftReport is what CompareSDK found. Unexplained differences and stale
// exceptions are failures; explained ones are differences the contract
// records with @sdkDrift(reason:), each given with its reason.
type DriftReport struct {
	Unexplained []string
	Explained   []string
	Stale       []string // an @sdkDrift with no difference to explain
}

// Clean reports a contract that agrees with the SDK but for its explained
// exceptions.
func (r DriftReport) Clean() bool { return len(r.Unexplained) == 0 && len(r.Stale) == 0 }

// CompareSDK holds every operation of the contract against an SDK's:
// parameter names, their position (the contract sends every parameter in
// the query), list form (type:"Repeated") and kind; response field names
// (JSON), nesting, scalar kinds and list items' XML names. An operation the
// SDK lacks is a difference too.
func (c *Contract) CompareSDK(sdk map[string]SDKOp) DriftReport {
	d := &drift{}
	for _, op := range c.ops {
		d.op(op, sdk)
	}
	sort.Strings(d.r.Unexplained)
	sort.Strings(d.r.Explained)
	sort.Strings(d.r.Stale)
	return d.r
}

type drift struct {
	r    DriftReport
	used map[string]bool // excuses that explained something
}

// diff records a difference, explained when reason is not empty; key names
// the excuse that explains it.
func (d *drift) diff(key, reason, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if reason == "" {
		d.r.Unexplained = append(d.r.Unexplained, msg)
		return
	}
	d.used[key] = true
	d.r.Explained = append(d.r.Explained, msg+" (explained: "+reason+")")
}

func (d *drift) op(op *Operation, sdk map[string]SDKOp) {
	d.used = map[string]bool{}
	s, ok := sdk[op.Name]
	if !ok {
		d.diff("op", op.SDKDrift, "%s: the SDK has no such operation", op.Name)
		d.stale(op)
		return
	}
	only := map[string]bool{}
	for _, n := range op.SDKOnly {
		only[n] = true
	}
	d.request(op, s.Request, only)
	d.fields(op, "", op.Result, s.Response, s.Items, only)
	d.stale(op)
}

// stale reports the excuses of an operation that explained nothing.
func (d *drift) stale(op *Operation) {
	if op.SDKDrift != "" && !d.used["op"] && len(op.SDKOnly) == 0 {
		d.r.Stale = append(d.r.Stale, fmt.Sprintf("%s: @sdkDrift on the operation explains no difference", op.Name))
	}
	for _, n := range op.SDKOnly {
		if !d.used["only:"+n] {
			d.r.Stale = append(d.r.Stale, fmt.Sprintf("%s: @sdkDrift(sdkOnly:) names %s, which the contract has or the SDK lacks", op.Name, n))
		}
	}
	for _, p := range op.Params {
		if p.SDKDrift != "" && !d.used["param:"+p.Name] {
			d.r.Stale = append(d.r.Stale, fmt.Sprintf("%s: @sdkDrift on parameter %s explains no difference", op.Name, p.Name))
		}
	}
	var walk func(prefix string, fs []*Field)
	walk = func(prefix string, fs []*Field) {
		for _, f := range fs {
			if f.SDKDrift != "" && !d.used["field:"+prefix+f.Name] {
				d.r.Stale = append(d.r.Stale, fmt.Sprintf("%s: @sdkDrift on field %s explains no difference", op.Name, prefix+f.Name))
			}
			walk(prefix+f.Name+".", f.Fields)
		}
	}
	walk("", op.Result)
}

// sdkParam is a request parameter as SDK v1 declares it.
type sdkParam struct {
	name, position, kind string
	repeated             bool
}

func (d *drift) request(op *Operation, t reflect.Type, only map[string]bool) {
	t = deref(t)
	if t == nil || t.Kind() != reflect.Struct {
		d.diff("op", op.SDKDrift, "%s: the SDK's request is not a struct", op.Name)
		return
	}
	sdk := map[string]sdkParam{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous {
			continue // the embedded RpcRequest
		}
		name := sf.Tag.Get("name")
		if name == "" {
			name = sf.Name
		}
		sdk[name] = sdkParam{name: name, position: sf.Tag.Get("position"), kind: goKind(sf.Type), repeated: sf.Tag.Get("type") == "Repeated"}
	}
	for _, p := range op.Params {
		sp, ok := sdk[p.Name]
		key := "param:" + p.Name
		if !ok {
			d.diff(key, p.SDKDrift, "%s: parameter %s is not in the SDK's request", op.Name, p.Name)
			continue
		}
		delete(sdk, p.Name)
		if sp.position != "Query" {
			d.diff(key, p.SDKDrift, "%s: the SDK sends %s in position %q; the contract sends every parameter in the query", op.Name, p.Name, sp.position)
		}
		if sp.repeated != p.List {
			d.diff(key, p.SDKDrift, "%s: parameter %s is %s in the SDK and %s in the contract", op.Name, p.Name, listWord(sp.repeated), listWord(p.List))
		}
		want := paramKind(p)
		if sp.kind != want {
			d.diff(key, p.SDKDrift, "%s: parameter %s is %s in the SDK and %s in the contract", op.Name, p.Name, sp.kind, want)
		}
	}
	for _, name := range sortedNames(sdk) {
		reason := ""
		if only[name] {
			reason = strings.Join(op.SDKOnly, ", ") + " left out on purpose: " + op.SDKDrift
		}
		d.diff("only:"+name, reason, "%s: the SDK's parameter %s is not in the contract", op.Name, name)
	}
}

func (d *drift) fields(op *Operation, prefix string, fs []*Field, t reflect.Type, items map[string]reflect.Type, only map[string]bool) {
	t = deref(t)
	if t == nil || t.Kind() != reflect.Struct {
		d.diff("op", op.SDKDrift, "%s: the SDK's %s is not a struct", op.Name, orWord(prefix, "response"))
		return
	}
	sdk := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous {
			continue // the embedded BaseResponse
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" {
			name = sf.Name
		}
		sdk[name] = sf
	}
	for _, f := range fs {
		path := prefix + f.Name
		key := "field:" + path
		sf, ok := sdk[f.Name]
		if !ok {
			d.diff(key, f.SDKDrift, "%s: response field %s is not in the SDK's response", op.Name, path)
			continue
		}
		delete(sdk, f.Name)
		ft := deref(sf.Type)
		isList := ft.Kind() == reflect.Slice
		if isList != f.List {
			d.diff(key, f.SDKDrift, "%s: response field %s is %s in the SDK and %s in the contract", op.Name, path, listWord(isList), listWord(f.List))
			continue
		}
		if isList {
			ft = deref(ft.Elem())
			d.xmlItem(op, path, f, items)
		}
		if f.Kind == KindObject {
			if ft.Kind() != reflect.Struct {
				d.diff(key, f.SDKDrift, "%s: response field %s is %s in the SDK and an object in the contract", op.Name, path, goKind(ft))
				continue
			}
			d.fields(op, path+".", f.Fields, ft, items, only)
			continue
		}
		if got, want := goKind(ft), fieldKind(f); got != want {
			d.diff(key, f.SDKDrift, "%s: response field %s is %s in the SDK and %s in the contract", op.Name, path, got, want)
		}
	}
	for _, name := range sortedNames(sdk) {
		reason := ""
		if only[prefix+name] {
			reason = "left out on purpose: " + op.SDKDrift
		}
		d.diff("only:"+prefix+name, reason, "%s: the SDK's response field %s is not in the contract", op.Name, prefix+name)
	}
}

// xmlItem checks the contract's XML item name of a list field against the
// SDK's item type.
func (d *drift) xmlItem(op *Operation, path string, f *Field, items map[string]reflect.Type) {
	key := "field:" + path
	it := deref(items[path])
	if it == nil {
		d.diff(key, f.SDKDrift, "%s: the SDK gives no item type for list field %s (XML item %q unchecked)", op.Name, path, f.XMLItem)
		return
	}
	if it.Kind() != reflect.Struct || it.NumField() != 1 {
		d.diff(key, f.SDKDrift, "%s: the SDK's item type %s of %s is not a struct of one list", op.Name, it, path)
		return
	}
	name, _, _ := strings.Cut(it.Field(0).Tag.Get("json"), ",")
	if name != f.XMLItem {
		d.diff(key, f.SDKDrift, "%s: the items of %s are %s in the SDK and %s in the contract (@xmlItem)", op.Name, path, name, f.XMLItem)
	}
}

// goKind names the kind of an SDK Go type as the contract sees it.
func goKind(t reflect.Type) string {
	t = deref(t)
	if strings.HasSuffix(t.PkgPath(), "/requests") { // SDK v1's request value types
		switch t.Name() {
		case "Integer":
			return "integer"
		case "Boolean":
			return "bool"
		case "Float":
			return "float"
		}
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int64:
		return "int64"
	case reflect.Int, reflect.Int32:
		return "int32"
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return "counts"
		}
	case reflect.Slice:
		return goKind(t.Elem())
	case reflect.Struct:
		return "object"
	}
	return t.String()
}

// paramKind is the SDK v1 request kind of a contract parameter: v1 sends
// every integer as requests.Integer, so widths are not told apart.
func paramKind(p *Param) string {
	switch p.Kind {
	case KindInt, KindLong, KindTime:
		return "integer"
	case KindBool:
		return "bool"
	}
	return "string"
}

// fieldKind is the Go kind of a response field of this contract kind.
func fieldKind(f *Field) string {
	switch f.Kind {
	case KindInt:
		return "int32"
	case KindLong, KindTime:
		return "int64"
	case KindBool:
		return "bool"
	case KindCounts:
		return "counts"
	case KindObject:
		return "object"
	}
	return "string"
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func listWord(list bool) string {
	if list {
		return "a list"
	}
	return "a scalar"
}

func orWord(prefix, def string) string {
	if prefix == "" {
		return def
	}
	return strings.TrimSuffix(prefix, ".")
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
