package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/faultproxy"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
)

// Canary credentials: recognisable, registered with the emulator, with an
// STS token holding the characters URLs encode.
const (
	canaryID     = "LTAI5tCanaryKeyId0123456"
	canarySecret = "CanarySecretValue0123456789abcd"
	canaryToken  = "CAISCanaryStsToken+/0123456789=="
)

// useCanary gives the commands t runs the canary credentials and no app.
func useCanary(t *testing.T) {
	setCmdEnv(t, map[string]string{aliyun.EnvAccessKeyID: canaryID, aliyun.EnvAccessKeySecret: canarySecret,
		aliyun.EnvSecurityToken: canaryToken, target.EnvAppID: ""})
}

// useEmulatorKey gives the commands t runs the emulator's default key.
func useEmulatorKey(t *testing.T) {
	setCmdEnv(t, map[string]string{aliyun.EnvAccessKeyID: mock.DefaultKeyID, aliyun.EnvAccessKeySecret: mock.DefaultKeySecret})
}

// sigRecorder proxies to the emulator and keeps every signature sent, so
// the outputs can be searched for each one.
type sigRecorder struct {
	mu   sync.Mutex
	sigs map[string]bool
	URL  string
}

var v3sig = regexp.MustCompile(`Signature=([0-9a-f]+)`)

func newSigRecorder(t *testing.T, backend string) *sigRecorder {
	u, err := url.Parse(backend)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	r := &sigRecorder{sigs: map[string]bool{}}
	srv := httptest.NewServer(r.wrap(rp))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// wrap keeps the signature of each request before next serves it.
func (r *sigRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		if s := req.URL.Query().Get("Signature"); s != "" {
			r.sigs[s] = true
		}
		if m := v3sig.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
			r.sigs[m[1]] = true
		}
		r.mu.Unlock()
		next.ServeHTTP(w, req)
	})
}

func (r *sigRecorder) signatures() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.sigs))
	for s := range r.sigs {
		out = append(out, s)
	}
	return out
}

// leakScanner collects every byte printed and written and searches it.
type leakScanner struct {
	t      *testing.T
	chunks map[string][]byte // where -> bytes
}

func (l *leakScanner) add(where string, b []byte) { l.chunks[where] = append(l.chunks[where], b...) }

func (l *leakScanner) addDir(dir string) int {
	n := 0
	require.NoError(l.t, filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		l.add(path, b)
		n++
		return nil
	}))
	return n
}

var unredacted = regexp.MustCompile(`(?i)(Signature|SecurityToken|AccessKeySecret)(=|%3D|":")([^&\s"'\\<]{1,8})`)

// check asserts: no canary secret, token or full key id, in any encoding;
// no signature that was sent; every Signature=/SecurityToken= redacted.
func (l *leakScanner) check(sigs []string) {
	needles := map[string]string{}
	for name, v := range map[string]string{"key id": canaryID, "secret": canarySecret, "token": canaryToken} {
		for _, form := range []string{v, aliyun.PercentEncode(v), url.QueryEscape(v)} {
			needles[form] = name
		}
	}
	needles["CanaryStsToken"] = "token (part)"
	needles["CanarySecretValue"] = "secret (part)"
	for _, s := range sigs {
		needles[s] = "signature"
		needles[aliyun.PercentEncode(s)] = "signature"
	}
	total := 0
	for where, b := range l.chunks {
		total += len(b)
		for needle, what := range needles {
			if n := bytes.Count(b, []byte(needle)); n > 0 {
				l.t.Errorf("%s: the %s appears %d times", where, what, n)
			}
		}
		for _, m := range unredacted.FindAll(b, -1) {
			if !bytes.HasPrefix(bytes.TrimLeft(m[bytes.IndexAny(m, "=D:")+1:], `"`), []byte("REDA")) {
				l.t.Errorf("%s: unredacted %q", where, m)
			}
		}
	}
	assert.Positive(l.t, total, "something was printed and written")
}

// TestNoSecretLeavesTheProcess runs every command with canary credentials
// against an external emulator, healthy and unreachable, and searches every
// byte printed and every file written (vegeta's binary result files too)
// for the key id, the secret, the token and every signature sent.
func TestNoSecretLeavesTheProcess(t *testing.T) {
	t.Parallel()
	timed(t) // its load probes would disturb those of a test judging one
	useCanary(t)
	emu := mock.NewServer(mock.WithKey(mock.Key{ID: canaryID, Secret: canarySecret, Account: mock.DefaultAccount}))
	defer emu.Close()
	rec := newSigRecorder(t, emu.URL)
	down := faultproxy.Refused(t)
	scan := &leakScanner{t: t, chunks: map[string][]byte{}}
	out := t.TempDir()
	runScan := func(args ...string) (int, string, string) {
		code, stdout, stderr := run(t, args...)
		scan.add(strings.Join(args[:1], " ")+" stdout", []byte(stdout))
		scan.add(strings.Join(args[:1], " ")+" stderr", []byte(stderr))
		return code, stdout, stderr
	}
	real := func(endpoint string, args ...string) []string {
		return append([]string{args[0], "--target", "real", "--endpoint", endpoint}, args[1:]...)
	}

	code, stdout, stderr := runScan(real(rec.URL, "call", "CreateLiveMessageApp", "AppName=canary")...)
	require.Equal(t, exitOK, code, stderr)
	var app struct{ AppId string }
	require.NoError(t, json.Unmarshal([]byte(stdout[strings.LastIndex(stdout, "\n<\n< ")+5:]), &app), stdout)
	require.NotEmpty(t, app.AppId)
	assert.Contains(t, stdout, aliyun.MaskKeyID(canaryID), "the key id appears masked")

	for _, endpoint := range []string{rec.URL, down} {
		dir := filepath.Join(out, map[bool]string{true: "healthy", false: "down"}[endpoint == rec.URL])
		runScan(real(endpoint, "call", "--sign", "v3", "DescribeLiveMessageGroup", "AppId="+app.AppId, "GroupId=g1")...)
		runScan(real(endpoint, "call", "DescribeLiveMessageGroup", "AppId="+app.AppId, "GroupId=g1")...)
		runScan(real(endpoint, "contract", "--app-id", app.AppId, "--out", dir, "--"+harness.ConsentFlag,
			"--tags", "@op:RemoveLiveMessageGroupBand,@code:Throttling.User")...)
		runScan(real(endpoint, "repro", "ResourceNotExist", "--app-id", app.AppId, "--out", dir)...)
		runScan(real(endpoint, "load", "--app-id", app.AppId, "--out", dir, "--"+harness.ConsentFlag, "--max-requests", "1100",
			"--op", "DeleteLiveMessageGroup")...)
		runScan(real(endpoint, "run", "--app-id", app.AppId, "--out", dir, "--"+harness.ConsentFlag, "--max-requests", "2500",
			"--tags", "@op:DeleteLiveMessageGroup && @code:ResourceNotExist")...)
		// a journal with a group left behind, for cleanup
		journal := filepath.Join(dir, "left.jsonl")
		require.NoError(t, os.WriteFile(journal, []byte(`{"op":"created","app_id":"`+app.AppId+`","group_id":"canaryleft"}`+"\n"), 0o644))
		runScan(real(endpoint, "cleanup", "--journal", journal)...)
		runScan(real(endpoint, "cleanup", "--journal", filepath.Join(dir, "contract", "journal.jsonl"))...)
		assert.Positive(t, scan.addDir(dir), "files written under %s", dir)
		bins, _ := filepath.Glob(filepath.Join(dir, "load", "*.bin"))
		assert.NotEmpty(t, bins, "vegeta result files written")
	}
	// the emulator started with the canary key
	ctx, cancel := context.WithCancel(context.Background())
	var mockOut bytes.Buffer
	done := make(chan int, 1)
	pr, pw := io.Pipe()
	go func() {
		done <- dispatch(ctx, env{Stdout: pw, Stderr: &mockOut}, []string{"mock", "--listen", "127.0.0.1:0", "--key", canaryID + ":" + canarySecret})
		pw.Close()
	}()
	line := make([]byte, 64)
	n, _ := pr.Read(line)
	scan.add("mock stdout", line[:n])
	cancel()
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("mock did not stop")
	}
	scan.add("mock stderr", mockOut.Bytes())

	sigs := rec.signatures()
	require.Greater(t, len(sigs), 50, "many signed calls went out")
	scan.check(sigs)
}
