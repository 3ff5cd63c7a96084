package mock

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
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
		e.faults.clear(r.URL.Query().Get("operation"))
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
		reply(w, 200, map[string]any{"requests": e.log.recent(intQuery(r, "limit", 100))})
	})
	m.HandleFunc("GET /_mock/events", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"events": e.store.Events(int64(intQuery(r, "since", 0)))})
	})
	m.HandleFunc("GET /_mock/groups/{app}/{group}/members", e.adminMembers)
	m.HandleFunc("POST /_mock/groups/{app}/{group}/members", e.adminMembers)
	m.HandleFunc("GET /_mock/apps/{app}", e.adminApp)
	m.HandleFunc("POST /_mock/apps/{app}/groups", e.adminSeed)
	m.HandleFunc("GET /_mock/qps", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, e.limits.snapshot()) })
	m.HandleFunc("POST /_mock/qps", e.adminQPS)
	m.HandleFunc("GET /_mock/throttle", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, e.limits.shapeSnapshot()) })
	m.HandleFunc("POST /_mock/throttle", e.adminThrottle)
	m.HandleFunc("/_mock/", func(w http.ResponseWriter, r *http.Request) {
		replyErr(w, 404, "no admin endpoint %s %s (see the README)", r.Method, r.URL.Path)
	})
	return m
}

func (e *Emulator) adminClock(w http.ResponseWriter, _ *http.Request) {
	reply(w, 200, map[string]any{"now": e.clock.Now().UTC().Format(time.RFC3339Nano), "offset": e.clock.Offset().String()})
}

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

// decode reads a JSON body (at most 1 MiB); on error it answers 400.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := readBody(r, 1<<20)
	if err == nil {
		err = json.Unmarshal(body, v)
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

func intQuery(r *http.Request, name string, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 0 {
		return def
	}
	return n
}
