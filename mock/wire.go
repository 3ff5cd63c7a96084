package mock

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// Limits of one request, checked before anything of its size is
// allocated; over any of them the answer is InputInvalid (400).
const (
	maxBody   = 1 << 20   // bytes of a request body
	maxQuery  = 128 << 10 // bytes of a query string (GroupInfo's 32 KiB, percent-encoded, fits)
	maxParams = 1000      // parameters of the query and of a form body, each
)

// hostID is what the service answers as HostId.
const hostID = "live.aliyuncs.com"

// call is one decoded RPC request.
type call struct {
	action, version, format string
	op                      *contract.Operation
	raw                     url.Values // every parameter, protocol ones included
	query, form             string     // as received, for the request log
	bodyBytes               int        // length of the body received
	params                  contract.Params
	key                     Key
	rateHeader, rateValue   string // the rate-limit header of a throttled operation
}

// result is what an operation comes to: a success answer (a struct of
// apps.go, groups.go...) with its codec, or an error.
type result struct {
	answer any
	codec  *structCodec
	err    *contract.Error
}

func (e *Emulator) serveRPC(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rid := requestID()
	if heavyRequest(r) {
		if !e.heavy.enter(e.timeouts.Read) {
			err := e.c.Err(contract.CodeThrottlingApi, "Too many large requests at once.")
			e.write(w, rid, "JSON", "", fail(err))
			e.log.add(LoggedRequest{Time: e.clock.Now(), Method: r.Method, Status: err.Status, Code: err.Code,
				query: r.URL.RawQuery, bodyBytes: int(max(r.ContentLength, 0)), took: time.Since(start)})
			return
		}
		defer e.heavy.leave()
	}
	c, res := e.handleRPC(r)
	if c.rateHeader != "" {
		w.Header()[c.rateHeader] = []string{c.rateValue}
	}
	e.write(w, rid, c.format, c.action, res)
	status, code := http.StatusOK, ""
	if res.err != nil {
		status, code = res.err.Status, res.err.Code
	}
	e.log.add(LoggedRequest{Time: e.clock.Now(), Method: r.Method, Action: c.action, KeyID: c.key.ID,
		Status: status, Code: code, query: c.query, form: c.form, bodyBytes: c.bodyBytes, took: time.Since(start)})
	releaseValues(c.raw)
}

// handleRPC runs a request through wire checks, authentication, policy,
// throttling, faults, validation and the operation. A request refused at
// any stage changes no state.
func (e *Emulator) handleRPC(r *http.Request) (call, result) {
	c := call{format: "JSON"}
	if r.URL.Path != "/" && r.URL.Path != "" {
		return c, fail(e.c.Err(contract.CodeInvalidApiNotFound, ""))
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return c, fail(e.c.Err(contract.CodeInvalidApiNotFound, ""))
	}
	body, err := e.readParams(r, &c)
	raw := c.raw
	if err != nil {
		return c, fail(err)
	}
	format := raw.Get("Format")
	if strings.EqualFold(format, "XML") {
		c.format = "XML"
	}
	// v3 calls may name the action and version in headers instead
	// (canonical spellings: Header.Get would canonicalise on every call).
	if c.action = raw.Get("Action"); c.action == "" {
		c.action = r.Header.Get("X-Acs-Action")
	}
	if c.version = raw.Get("Version"); c.version == "" {
		c.version = r.Header.Get("X-Acs-Version")
	}
	switch op, ok := e.c.Operation(c.action); {
	case c.action == "":
		return c, fail(e.c.Missing("Action"))
	case !ok:
		return c, fail(e.c.Err(contract.CodeInvalidActionNotFound, "Specified api "+clip(c.action)+" is not found."))
	case c.version == "":
		return c, fail(e.c.Missing("Version"))
	case c.version != contract.Version:
		return c, fail(e.c.Err(contract.CodeInvalidVersion, ""))
	default:
		c.op = op
	}
	if format != "" && c.format != "XML" && !strings.EqualFold(format, "JSON") {
		return c, fail(e.c.InvalidCommon("Format"))
	}
	if c.key, err = e.authenticate(r, raw, body, c.form == ""); err != nil {
		return c, fail(err)
	}
	resource := c.op.Resource(c.key.Account, raw.Get("AppId")) // the @ram resource of the contract
	if !c.key.Policy.Allows(c.op.RAMAction, resource) {
		return c, fail(e.c.Err(contract.CodeNoAuth, "You are not authorized to perform "+c.op.RAMAction+" on "+resource+"."))
	}
	if d := e.limits.admit(c.key.Account, c.action, e.realNow()); d.header != "" || !d.ok {
		c.rateHeader, c.rateValue = d.header, d.value
		if !d.ok {
			return c, fail(e.c.Err(contract.CodeThrottlingUser, ""))
		}
	}
	if code := e.faults.fire(r.Context(), c.action, c.key.Account); code != "" {
		return c, fail(e.c.Err(code, "Injected fault."))
	}
	if c.params, err = e.c.Decode(c.op, raw); err != nil {
		return c, fail(err)
	}
	if err := e.c.Validate(c.op, c.params); err != nil {
		return c, fail(err)
	}
	return c, e.dispatch(c)
}

// readParams merges the query and a form body. A parameter in both, a
// query, body or parameter count over its limit, or a malformed encoding
// is InputInvalid. The limits are checked on the raw bytes, before a
// parameter map or a body buffer of that size exists.
func (e *Emulator) readParams(r *http.Request, c *call) ([]byte, *contract.Error) {
	c.query = r.URL.RawQuery
	switch {
	case len(c.query) > maxQuery:
		discardBody(r)
		return nil, e.c.Err(contract.CodeInputInvalid, "The query string is longer than 128 KiB.")
	case strings.Count(c.query, "&") >= maxParams:
		discardBody(r)
		return nil, e.c.Err(contract.CodeInputInvalid, "The query string has more than 1000 parameters.")
	}
	c.raw = acquireValues()
	qerr := parseQueryInto(c.raw, c.query)
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		var err error
		body, err = readBody(r, maxBody)
		c.bodyBytes = len(body)
		switch {
		case errors.Is(err, errBodyTooLarge):
			c.bodyBytes = int(max(r.ContentLength, maxBody+1)) // a chunked body: at least this much
			return nil, e.c.Err(contract.CodeInputInvalid, "The request body is larger than 1 MiB.")
		case err != nil:
			return nil, e.c.Err(contract.CodeInputInvalid, "The request body could not be read.")
		}
	}
	if qerr != nil {
		return body, e.c.Err(contract.CodeInputInvalid, "The query string is not well formed.")
	}
	if len(body) > 0 && isForm(r.Header.Get("Content-Type")) {
		if bytes.Count(body, ampersand) >= maxParams {
			c.form = string(body[:min(len(body), maxLogged+1)]) // enough for the log to see it cut
			return body, e.c.Err(contract.CodeInputInvalid, "The form body has more than 1000 parameters.")
		}
		c.form = string(body)
		form, err := parseQuery(c.form)
		if err != nil {
			return body, e.c.Err(contract.CodeInputInvalid, "The form body is not well formed.")
		}
		for k, v := range form {
			if c.raw.Has(k) {
				return body, e.c.Invalid(clip(k), "sent both in the query and in the body")
			}
			c.raw[k] = v
		}
	}
	return body, nil
}

var ampersand = []byte{'&'}

// The parameter maps of requests are recycled: nothing keeps one after its
// request (the log keeps the query string, the store and the decoded
// parameters keep the value strings, never the map).
var valuesPool = sync.Pool{New: func() any { return make(url.Values, 16) }}

func acquireValues() url.Values { return valuesPool.Get().(url.Values) }

func releaseValues(v url.Values) {
	if v == nil || len(v) > 64 { // an odd, large request: not worth keeping
		return
	}
	clear(v)
	valuesPool.Put(v)
}

// isForm reports a form-encoded Content-Type, without parsing the common
// spellings.
func isForm(ct string) bool {
	const form = "application/x-www-form-urlencoded"
	if ct == form || ct == form+"; charset=UTF-8" || ct == form+";charset=utf-8" {
		return true
	}
	t, _, _ := mime.ParseMediaType(ct)
	return t == form
}

// parseQuery is url.ParseQuery (same values, same errors) with fewer
// allocations: one map sized from the '&' count (or a recycled one, with
// parseQueryInto), one backing array for the values, and no copy of a name
// or value that needs no unescaping.
func parseQuery(q string) (url.Values, error) {
	m := make(url.Values, min(strings.Count(q, "&")+1, 64))
	return m, parseQueryInto(m, q)
}

// parseQueryInto adds the parameters of q to m.
func parseQueryInto(m url.Values, q string) error {
	n := min(strings.Count(q, "&")+1, 64) // a run of '&' alone sizes nothing large
	vals := make([]string, 0, n)
	var first error
	for q != "" {
		var part string
		part, q, _ = strings.Cut(q, "&")
		if part == "" {
			continue
		}
		if strings.Contains(part, ";") {
			if first == nil {
				first = errors.New("invalid semicolon separator in query")
			}
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, err := unescapeQuery(k)
		if err != nil {
			first = cmp.Or(first, err)
			continue
		}
		v, err = unescapeQuery(v)
		if err != nil {
			first = cmp.Or(first, err)
			continue
		}
		if old, ok := m[k]; ok {
			m[k] = append(old, v)
			continue
		}
		vals = append(vals, v)
		m[k] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	return first
}

func unescapeQuery(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, nil
	}
	return url.QueryUnescape(s)
}

func fail(err *contract.Error) result { return result{err: err} }

// write answers in JSON, or XML when asked, with the RequestId everywhere.
func (e *Emulator) write(w http.ResponseWriter, rid, format, action string, res result) {
	status, body, codec := http.StatusOK, res.answer, res.codec
	if res.err != nil {
		var msg string
		status, msg = e.answer(action, res.err.Status, res.err.Message, res.err.Code)
		codec = errorCodec
		body = errorBody{Code: res.err.Code, HostID: hostID, Message: msg,
			Recommend: "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(res.err.Code) + "&product=live&requestId=" + rid}
	}
	h := w.Header()
	// Every answer carries x-acs-request-id (the body's RequestId) and
	// x-acs-trace-id, as the service's do.
	h["X-Acs-Request-Id"] = []string{rid}
	h["X-Acs-Trace-Id"] = []string{traceID()}
	if format == "XML" {
		root := "Error"
		var fields []*contract.Field
		if res.err == nil {
			root = action + "Response"
			if op, ok := e.c.Operation(action); ok {
				fields = op.Result
			}
		}
		h["Content-Type"] = xmlContentType
		w.WriteHeader(status)
		_, _ = w.Write(encodeXML(root, fields, codec, body, rid))
		return
	}
	buf := answerBuffers.Get().(*[]byte)
	out := append(appendAnswer((*buf)[:0], codec, body, rid), '\n')
	h["Content-Type"] = jsonContentType
	w.WriteHeader(status)
	_, _ = w.Write(out) // copied by the ResponseWriter: the buffer is free again
	if cap(out) <= 64<<10 {
		*buf = out
		answerBuffers.Put(buf)
	}
}

var errorCodec = codecOf(reflect.TypeFor[errorBody]())

// The Content-Type values are shared, never modified slices: net/http
// only reads them.
var (
	jsonContentType = []string{"application/json;charset=utf-8"}
	xmlContentType  = []string{"text/xml;charset=utf-8"}
)

// answerBuffers recycles JSON answer buffers; a large answer (a long
// message list) is left to the collector rather than kept.
var answerBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// requestID is an upper-case random UUID.
func requestID() string {
	const hex = "0123456789ABCDEF"
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	j := 0
	for i, v := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = hex[v>>4], hex[v&15]
		j += 2
	}
	return string(out[:])
}

// traceID is 32 random lower-case hex digits, the shape of the service's
// x-acs-trace-id.
func traceID() string {
	const hex = "0123456789abcdef"
	var b [16]byte
	_, _ = rand.Read(b[:])
	var out [32]byte
	for i, v := range b {
		out[2*i], out[2*i+1] = hex[v>>4], hex[v&15]
	}
	return string(out[:])
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
