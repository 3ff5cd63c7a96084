package cassette

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"
)

// Recorder records the exchanges of one scenario or sequence: its
// Transport goes on the aliyun client's http.Client; Finish writes the
// cassette. Redaction happens as each exchange is captured (the request)
// and before anything is written (the answer), so a secret never reaches
// the file.
type Recorder struct {
	rec     *recorder.Recorder
	path    string
	secrets []string

	mu   sync.Mutex
	meta Meta
	done bool
}

// NewRecorder records into path (the .yaml extension is added when
// missing). base is the transport that really sends (nil =
// http.DefaultTransport); secrets are strings to scrub wherever they
// appear (the key secret, the security token, the key id).
func NewRecorder(path string, meta Meta, base http.RoundTripper, secrets ...string) (*Recorder, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	if filepath.Ext(path) == Ext {
		path = path[:len(path)-len(Ext)]
	}
	if meta.Recorded.IsZero() {
		meta.Recorded = time.Now().UTC()
	}
	if meta.Livemsg == "" {
		meta.Livemsg = LivemsgVersion()
	}
	r := &Recorder{path: path + Ext, meta: meta, secrets: usable(secrets)}
	rec, err := recorder.New(path,
		recorder.WithMode(recorder.ModeRecordOnly),
		recorder.WithRealTransport(base),
		recorder.WithSkipRequestLatency(true),
		recorder.WithHook(r.captured, recorder.AfterCaptureHook),
		recorder.WithHook(r.beforeSave, recorder.BeforeSaveHook),
		recorder.WithMarshalFunc(r.marshal),
	)
	if err != nil {
		return nil, fmt.Errorf("cassette: %w", err)
	}
	r.rec = rec
	return r, nil
}

// Transport is the recording http.RoundTripper.
func (r *Recorder) Transport() http.RoundTripper { return r.rec }

// Path is the file the cassette is written to.
func (r *Recorder) Path() string { return r.path }

// Finish sets the outcome and writes the cassette; later calls do nothing.
func (r *Recorder) Finish(outcome, detail string) error {
	r.mu.Lock()
	if r.done {
		r.mu.Unlock()
		return nil
	}
	r.done = true
	r.meta.Outcome, r.meta.Detail = outcome, scrub(detail, r.secrets)
	r.mu.Unlock()
	if err := r.rec.Stop(); err != nil {
		return fmt.Errorf("cassette %s: %w", r.path, err)
	}
	return nil
}

// captured redacts the request as soon as it is captured; the answer is
// left alone because go-vcr hands that very answer back to the client.
func (r *Recorder) captured(i *vcr.Interaction) error {
	redactRequest(&i.Request, time.Now(), r.secrets)
	return nil
}

// beforeSave keeps the headers that matter and scrubs the answer.
func (r *Recorder) beforeSave(i *vcr.Interaction) error {
	redactResponse(&i.Response, r.secrets)
	return nil
}

// marshal writes go-vcr's cassette with the livemsg header.
func (r *Recorder) marshal(v any) ([]byte, error) {
	c, ok := v.(*vcr.Cassette)
	if !ok {
		return nil, fmt.Errorf("cassette: cannot marshal %T", v)
	}
	r.mu.Lock()
	meta := r.meta
	r.mu.Unlock()
	f := &File{Livemsg: meta, Version: c.Version, Interactions: c.Interactions}
	return f.marshal()
}

// Dir hands out one Recorder per scenario or sequence, each writing its
// own file in one folder.
type Dir struct {
	path    string
	meta    Meta
	base    http.RoundTripper
	secrets []string

	mu   sync.Mutex
	used map[string]int
	errs []error
}

// NewDir records into the folder path. meta gives what every cassette
// shares (endpoint, target); Start fills in the rest.
func NewDir(path string, meta Meta, base http.RoundTripper, secrets ...string) *Dir {
	return &Dir{path: path, meta: meta, base: base, secrets: secrets, used: map[string]int{}}
}

// Path is the folder.
func (d *Dir) Path() string { return d.path }

// Start begins the cassette of one scenario, sequence or call.
func (d *Dir) Start(kind, name string, tags []string) (*Recorder, error) {
	file := d.fileFor(kind, name)
	meta := d.meta
	meta.Kind, meta.Name, meta.Tags = kind, name, append([]string(nil), tags...)
	meta.Recorded = time.Now().UTC()
	return NewRecorder(filepath.Join(d.path, file), meta, d.base, d.secrets...)
}

// Transport starts the cassette of one scenario, sequence or call over
// base (nil = the folder's) and returns its transport and the function to
// call with the outcome. When a cassette cannot be started or written,
// the exchange still happens and the error is kept for Err.
func (d *Dir) Transport(kind, name string, tags []string, base http.RoundTripper) (http.RoundTripper, func(outcome, detail string)) {
	if base == nil {
		base = d.base
	}
	file := d.fileFor(kind, name)
	meta := d.meta
	meta.Kind, meta.Name, meta.Tags = kind, name, append([]string(nil), tags...)
	meta.Recorded = time.Now().UTC()
	rec, err := NewRecorder(filepath.Join(d.path, file), meta, base, d.secrets...)
	if err != nil {
		d.fail(err)
		if base == nil {
			base = http.DefaultTransport
		}
		return base, func(string, string) {}
	}
	return rec.Transport(), func(outcome, detail string) {
		if err := rec.Finish(outcome, detail); err != nil {
			d.fail(err)
		}
	}
}

// Err returns what kept cassettes from being started or written.
func (d *Dir) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return errors.Join(d.errs...)
}

func (d *Dir) fail(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errs = append(d.errs, err)
}

func (d *Dir) fileFor(kind, name string) string {
	file := fileName(kind, name)
	d.mu.Lock()
	defer d.mu.Unlock()
	base := file
	for {
		d.used[base]++
		if n := d.used[base]; n > 1 {
			file = fmt.Sprintf("%s-%d", base, n)
		}
		if _, err := os.Stat(filepath.Join(d.path, file+Ext)); err != nil {
			return file // a file another run left is never overwritten
		}
	}
}

func usable(secrets []string) []string {
	var out []string
	for _, s := range secrets {
		if len(s) >= 4 {
			out = append(out, s)
		}
	}
	return out
}
