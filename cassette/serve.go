package cassette

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
)

// KindTraffic is the recording of what an application sent to the
// emulator (livemsg mock --record) and what it was answered.
const KindTraffic = "traffic"

// RecordHandler records what clients send to h and what h answers, as a
// Recorder over a client does, in one cassette of kind KindTraffic in the
// folder dir: a handler that serves through the recording, and the
// Recorder (Finish writes the file). A path own reports (the emulator's
// admin API and health check, mock.IsOwnPath) is served but not recorded:
// it is not the service's.
func RecordHandler(h http.Handler, dir string, meta Meta, own func(path string) bool, secrets ...string) (http.Handler, *Recorder, error) {
	meta.Kind = KindTraffic
	if meta.Name == "" {
		meta.Name = "traffic"
	}
	d := NewDir(dir, meta, nil)
	rec, err := NewRecorder(filepath.Join(dir, d.fileFor(KindTraffic, meta.Name)), meta, handlerTransport{h}, secrets...)
	if err != nil {
		return nil, nil, err
	}
	rt := rec.Transport()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if own(r.URL.Path) {
			h.ServeHTTP(w, r)
			return
		}
		out := r.Clone(r.Context())
		out.RequestURI = ""
		out.URL.Scheme, out.URL.Host = "http", r.Host
		resp, err := rt.RoundTrip(out)
		if err != nil {
			http.Error(w, fmt.Sprintf("livemsg: recording: %v", err), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}), rec, nil
}

// handlerTransport serves a request with a handler, in process.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	in := r.Clone(r.Context())
	in.RequestURI = r.URL.RequestURI()
	t.h.ServeHTTP(w, in)
	return w.Result(), nil
}
