package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/livemsg/livemsg/mock/store"
)

// adminHandler serves the admin API under /_mock/: JSON in and out. It is
// the emulator's own: the real service has none of it.
func (e *Emulator) adminHandler() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("GET /_mock/clock", e.adminClock)
	m.HandleFunc("POST /_mock/clock/advance", e.adminAdvance)
	m.HandleFunc("POST /_mock/clock/set", e.adminSetClock)
	m.HandleFunc("POST /_mock/reset", e.adminReset)
	m.HandleFunc("GET /_mock/faults", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, map[string]any{"faults": e.faults.list()}) })
	m.HandleFunc("POST /_mock/faults", e.adminArmFault)
	m.HandleFunc("DELETE /_mock/faults", func(w http.ResponseWriter, r *http.Request) {
		op, given := r.URL.Query().Get("operation"), r.URL.Query().Has("operation")
		if _, ok := e.c.Operation(op); given && !ok {
			// a misspelt name would clear nothing while the caller thinks it cleared
			replyErr(w, 400, "operation must be an operation of the contract (or leave it out to clear every fault), got %q", clip(op))
			return
		}
		e.faults.clear(op)
		reply(w, 200, map[string]any{"faults": e.faults.list()})
	})
	m.HandleFunc("GET /_mock/keys", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, map[string]any{"keys": e.keys.list()}) })
	m.HandleFunc("POST /_mock/keys", e.adminAddKey)
	m.HandleFunc("DELETE /_mock/keys/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !e.keys.remove(r.PathValue("id")) {
			replyErr(w, 404, "no key %q", r.PathValue("id"))
			return
		}
		reply(w, 200, map[string]any{"deleted": r.PathValue("id")})
	})
	m.HandleFunc("GET /_mock/requests", func(w http.ResponseWriter, r *http.Request) {
		if n, ok := intQuery(w, r, "limit", 100); ok {
			reply(w, 200, map[string]any{"requests": e.log.recent(n)})
		}
	})
	m.HandleFunc("GET /_mock/events", func(w http.ResponseWriter, r *http.Request) {
		if since, ok := intQuery(w, r, "since", 0); ok {
			reply(w, 200, map[string]any{"events": e.store.Events(int64(since))})
		}
	})
	m.HandleFunc("GET /_mock/groups/{app}/{group}/members", e.adminMembers)
	m.HandleFunc("POST /_mock/groups/{app}/{group}/members", e.adminMembers)
	m.HandleFunc("GET /_mock/apps/{app}", e.adminApp)
	m.HandleFunc("POST /_mock/apps/{app}/groups", e.adminSeed)
	m.HandleFunc("GET /_mock/qps", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, e.limits.snapshot()) })
	m.HandleFunc("POST /_mock/qps", e.adminQPS)
	m.HandleFunc("GET /_mock/throttle", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, e.limits.shapeSnapshot()) })
	m.HandleFunc("POST /_mock/throttle", e.adminThrottle)
	notFound := func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(m, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			replyErr(w, 405, "%s %s: method not allowed, this endpoint takes %s", r.Method, clip(r.URL.Path), strings.Join(allow, ", "))
			return
		}
		replyErr(w, 404, "no admin endpoint %s %s (see docs/emulator.md, section Admin API)", r.Method, clip(r.URL.Path))
	}
	m.HandleFunc("/_mock/", notFound)
	m.HandleFunc("/_mock", notFound) // not a redirect to /_mock/
	return m
}

// allowedMethods lists the methods the admin API serves on r's path, for a
// request that matched none (405 and its Allow header rather than 404).
func allowedMethods(m *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if method == r.Method {
			continue
		}
		other := *r
		other.Method = method
		if _, pattern := m.Handler(&other); strings.HasPrefix(pattern, method+" ") {
			allow = append(allow, method)
		}
	}
	return allow
}

func (e *Emulator) adminClock(w http.ResponseWriter, _ *http.Request) {
	reply(w, 200, map[string]any{"now": e.clock.Now().UTC().Format(time.RFC3339Nano), "offset": e.clock.Offset().String()})
}

// maxClockOffset bounds how far the admin API moves the clock from real
// time: a century, far past every retention and recovery window, and far
// from the 292 years where a time.Duration offset overflows and the clock
// would jump backwards.
const maxClockOffset = 100 * 365 * 24 * time.Hour

func (e *Emulator) adminAdvance(w http.ResponseWriter, r *http.Request) {
	var in struct{ By, Account string }
	if !decode(w, r, &in) {
		return
	}
	d, err := time.ParseDuration(in.By)
	if err != nil || d < 0 {
		replyErr(w, 400, "by must be a positive Go duration such as 720h, got %q", in.By)
		return
	}
	if cur := e.clock.OffsetFor(in.Account); d > maxClockOffset-cur {
		replyErr(w, 400, "the clock may be at most %s from real time; it is %s now, so by may be at most %s, not %s",
			maxClockOffset, cur, maxClockOffset-cur, d)
		return
	}
	if in.Account != "" {
		now := e.clock.AdvanceFor(in.Account, d)
		reply(w, 200, map[string]any{"account": in.Account, "now": now.UTC().Format(time.RFC3339Nano)})
		return
	}
	e.clock.Advance(d)
	e.adminClock(w, r)
}

func (e *Emulator) adminSetClock(w http.ResponseWriter, r *http.Request) {
	var in struct{ Now string }
	if !decode(w, r, &in) {
		return
	}
	t, err := time.Parse(time.RFC3339, in.Now)
	if err != nil {
		replyErr(w, 400, "now must be RFC 3339, got %q", in.Now)
		return
	}
	if d := time.Until(t); d > maxClockOffset || d < -maxClockOffset {
		replyErr(w, 400, "now must be within %s of real time, got %q", maxClockOffset, in.Now)
		return
	}
	e.clock.Set(t)
	e.adminClock(w, r)
}

// adminReset resets the emulator and hands the memory it held back to the
// operating system now, not over minutes: a standalone emulator's RSS
// falls back after a flood.
func (e *Emulator) adminReset(w http.ResponseWriter, _ *http.Request) {
	e.Reset()
	releaseMemory()
	reply(w, 200, map[string]any{"reset": true})
}

// releaseMemory returns the heap's free memory to the operating system
// when the process holds much (after a flood, or an app of 5000 groups),
// so a standalone emulator's RSS falls back after a reset. Below that it
// does nothing: the full collection it forces costs milliseconds, too
// much for the reset every explore sequence starts with.
func releaseMemory() {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 && s[0].Value.Uint64()-s[1].Value.Uint64() > releaseAbove {
		debug.FreeOSMemory()
	}
}

// releaseAbove is the memory held from the operating system over which a
// reset returns what is free.
const releaseAbove = 64 << 20

func (e *Emulator) adminArmFault(w http.ResponseWriter, r *http.Request) {
	var f Fault
	if !decode(w, r, &f) {
		return
	}
	if err := e.ArmFault(f); err != nil {
		replyErr(w, 400, "%v", err)
		return
	}
	reply(w, 200, map[string]any{"faults": e.faults.list()})
}

func (e *Emulator) adminAddKey(w http.ResponseWriter, r *http.Request) {
	var k Key
	if !decode(w, r, &k) {
		return
	}
	if k.ID == "" || k.Secret == "" {
		replyErr(w, 400, "a key needs an id and a secret")
		return
	}
	e.keys.put(k)
	reply(w, 200, map[string]any{"id": k.ID, "account": firstOf(k.Account, DefaultAccount)})
}

func (e *Emulator) adminMembers(w http.ResponseWriter, r *http.Request) {
	app, group := r.PathValue("app"), r.PathValue("group")
	if r.Method == http.MethodPost {
		var in struct{ Join, Leave []string }
		if !decode(w, r, &in) {
			return
		}
		if slices.Contains(in.Join, "") || slices.Contains(in.Leave, "") {
			replyErr(w, 400, "join and leave take user ids, and an empty one is not a user")
			return
		}
		if err := e.store.Join(app, group, in.Join...); err != nil {
			replyErr(w, 404, "%v", err)
			return
		}
		if err := e.store.Leave(app, group, in.Leave...); err != nil {
			replyErr(w, 404, "%v", err)
			return
		}
	}
	members, err := e.store.Members(app, group)
	if err != nil {
		replyErr(w, 404, "%v", err)
		return
	}
	reply(w, 200, map[string]any{"members": nonNil(members)})
}

func (e *Emulator) adminApp(w http.ResponseWriter, r *http.Request) {
	if _, ok := e.store.App(r.PathValue("app")); !ok {
		replyErr(w, 404, "%v", store.ErrAppNotFound)
		return
	}
	reply(w, 200, map[string]any{"appId": r.PathValue("app"), "activeGroups": e.store.ActiveGroups(r.PathValue("app"))})
}

func (e *Emulator) adminSeed(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Prefix string
		Count  int
	}
	if !decode(w, r, &in) {
		return
	}
	if in.Prefix == "" || in.Count <= 0 || in.Count > store.MaxGroupsPerApp {
		replyErr(w, 400, "want a prefix and a count from 1 to %d", store.MaxGroupsPerApp)
		return
	}
	made, err := e.store.SeedGroups(r.PathValue("app"), in.Prefix, in.Count)
	switch {
	case errors.Is(err, store.ErrAppNotFound):
		replyErr(w, 404, "%v", err)
	case err != nil:
		replyErr(w, 409, "created %d groups, then: %v", made, err)
	default:
		reply(w, 200, map[string]any{"created": made})
	}
}

func (e *Emulator) adminQPS(w http.ResponseWriter, r *http.Request) {
	var in map[string]int
	if !decode(w, r, &in) {
		return
	}
	for op, n := range in {
		if _, ok := e.c.Operation(op); !ok || n < 0 || n > MaxQPS {
			replyErr(w, 400, "want {\"Operation\": N} with 0 <= N <= %d, got %q: %d", MaxQPS, op, n)
			return
		}
	}
	for op, n := range in {
		e.limits.set(op, n)
	}
	reply(w, 200, e.limits.snapshot())
}

// adminThrottle chooses throttling shapes at run time:
// {"DeleteLiveMessageGroup": "token:burst=2x", "*": "fixed"}, "*" for every
// operation without a shape of its own. Nothing changes unless all parse.
func (e *Emulator) adminThrottle(w http.ResponseWriter, r *http.Request) {
	var in map[string]string
	if !decode(w, r, &in) {
		return
	}
	shapes := make(map[string]Throttle, len(in))
	for op, spec := range in {
		if _, ok := e.c.Operation(op); !ok && op != "*" {
			replyErr(w, 400, "want {\"Operation\": \"SHAPE\"} or {\"*\": \"SHAPE\"}, got unknown operation %q", clip(op))
			return
		}
		t, err := ParseThrottle(spec)
		if err != nil {
			replyErr(w, 400, "%s: %v", clip(op), err)
			return
		}
		shapes[op] = t
	}
	for op, t := range shapes {
		if op == "*" {
			op = ""
		}
		e.limits.setShape(op, t)
	}
	reply(w, 200, e.limits.shapeSnapshot())
}

// decode reads a JSON body (at most 1 MiB): one JSON value, no field the
// endpoint does not know (a misspelt "acount" would otherwise move every
// account's clock); on error it answers 400.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := readBody(r, 1<<20)
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(v)
		if errors.Is(err, io.EOF) {
			err = errors.New("the body is empty, want a JSON object")
		} else if err == nil {
			if _, after := dec.Token(); !errors.Is(after, io.EOF) {
				err = errors.New("more than one JSON value")
			}
		}
	}
	if err != nil {
		replyErr(w, 400, "bad JSON body: %v", err)
		return false
	}
	return true
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func replyErr(w http.ResponseWriter, status int, format string, args ...any) {
	reply(w, status, map[string]string{"error": fmt.Sprintf(format, args...)})
}

// intQuery reads a whole number >= 0 from the query (def when absent); a
// bad one answers 400.
func intQuery(w http.ResponseWriter, r *http.Request, name string, def int) (int, bool) {
	q := r.URL.Query()
	if !q.Has(name) {
		return def, true
	}
	n, err := strconv.Atoi(q.Get(name))
	if err != nil || n < 0 {
		replyErr(w, 400, "%s must be a whole number >= 0, got %q", name, clip(q.Get(name)))
		return 0, false
	}
	return n, true
}
