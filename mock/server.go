package mock

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// The emulator's default account and key.
const (
	DefaultAccount   = store.DefaultAccount
	DefaultKeyID     = "testid"
	DefaultKeySecret = "testsecret"
)

// Config configures an emulator.
type Config struct {
	Auth bool           // verify signatures
	Keys []Key          // access keys and their accounts
	QPS  map[string]int // per-operation limit overrides; 0 lifts a limit
	// Throttle is the shape every operation is throttled in (zero =
	// sliding); Throttles chooses one per operation.
	Throttle  Throttle
	Throttles map[string]Throttle
	Clock     *store.OffsetClock // nil = real time
	// Now is the wall clock of throttling (where a fixed window falls)
	// and of signature timestamps and nonces; nil = time.Now. The store's
	// time is Clock's.
	Now      func() time.Time
	Contract *contract.Contract
	MaxSkew  time.Duration // allowed clock skew of a signed timestamp (default 15m)
	Timeouts Timeouts      // connection timeouts; zero fields take the defaults
	Apps     []AppSeed     // apps (and their groups) to create at start
	// Errors answers an operation's error codes with another status or
	// message than the contract's (operation -> code; WithCalibration).
	Errors map[string]map[string]ErrorAnswer
}

// DefaultConfig verifies signatures and knows the default key.
func DefaultConfig() Config {
	return Config{Auth: true, Keys: []Key{{ID: DefaultKeyID, Secret: DefaultKeySecret, Account: DefaultAccount}}}
}

// Emulator is the emulator's http.Handler.
type Emulator struct {
	c        *contract.Contract
	clock    *store.OffsetClock
	store    *store.Store
	keys     *keyring
	auth     bool
	skew     time.Duration
	timeouts Timeouts
	nonces   *nonceCache
	limits   *throttle
	faults   *faults
	log      *requestLog
	heavy    gate // requests with a large body or query served at once
	admin    http.Handler
	realNow  func() time.Time
	errors   map[string]map[string]ErrorAnswer // calibrated error answers
}

// New makes an emulator. It panics if cfg.Apps cannot be seeded (a
// duplicate AppId, more than the documented caps): a mistake in the
// calling code, as with regexp.MustCompile.
func New(cfg Config) *Emulator {
	e, err := newEmulator(cfg)
	if err != nil {
		panic("mock: " + err.Error())
	}
	return e
}

func newEmulator(cfg Config) (*Emulator, error) {
	if cfg.Clock == nil {
		cfg.Clock = store.NewOffsetClock(nil)
	}
	if cfg.Contract == nil {
		cfg.Contract = contract.Default()
	}
	if missing := unserved(cfg.Contract); len(missing) > 0 {
		return nil, fmt.Errorf("the contract has operations the emulator has no handler for: %v", missing)
	}
	if cfg.MaxSkew == 0 {
		cfg.MaxSkew = 15 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &Emulator{
		c: cfg.Contract, clock: cfg.Clock, store: store.NewStore(cfg.Clock), keys: newKeyring(cfg.Keys),
		auth: cfg.Auth, skew: cfg.MaxSkew, timeouts: cfg.Timeouts.withDefaults(),
		nonces: newNonceCache(cfg.MaxSkew), realNow: cfg.Now,
		limits: newThrottle(cfg.Contract, cfg.QPS, cfg.Throttle, cfg.Throttles), faults: newFaults(), log: newRequestLog(maxRequests),
		heavy: newGate(), errors: cfg.Errors,
	}
	e.admin = e.adminHandler()
	return e, e.Seed(cfg.Apps...)
}

// Store is the emulator's state.
func (e *Emulator) Store() *store.Store { return e.store }

// Requests returns up to n of the most recent requests, newest first,
// redacted as the admin API's /_mock/requests shows them.
func (e *Emulator) Requests(n int) []LoggedRequest { return e.log.recent(n) }

// Clock is the emulator's clock.
func (e *Emulator) Clock() *store.OffsetClock { return e.clock }

// ServeHTTP routes: /healthz, the admin API under /_mock/, the RPC endpoint.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == HealthPath:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	case IsAdminPath(r.URL.Path):
		e.admin.ServeHTTP(w, r)
	default:
		e.serveRPC(w, r)
	}
}

// Server is an emulator on a free loopback port, shaped like
// httptest.Server. The Emulator's methods (Store, Clock, ArmFault, SetQPS,
// Requests, Reset, ...) are the server's.
type Server struct {
	*Emulator
	URL  string // http://127.0.0.1:PORT
	srv  *http.Server
	done chan struct{}
}

// Option configures NewServer.
type Option func(*Config)

// WithQPS overrides one operation's limit (0 lifts it).
func WithQPS(op string, n int) Option {
	return func(c *Config) {
		if c.QPS == nil {
			c.QPS = map[string]int{}
		}
		c.QPS[op] = n
	}
}

// WithThrottle throttles op in a shape; op "" sets the shape of every
// operation without one of its own.
func WithThrottle(op string, t Throttle) Option {
	return func(c *Config) {
		if op == "" {
			c.Throttle = t
			return
		}
		if c.Throttles == nil {
			c.Throttles = map[string]Throttle{}
		}
		c.Throttles[op] = t
	}
}

// WithAuth turns signature verification on or off.
func WithAuth(on bool) Option { return func(c *Config) { c.Auth = on } }

// WithKey adds an access key.
func WithKey(k Key) Option { return func(c *Config) { c.Keys = append(c.Keys, k) } }

// WithClock sets the clock.
func WithClock(clock *store.OffsetClock) Option { return func(c *Config) { c.Clock = clock } }

// WithWallClock sets the wall clock of throttling and signatures
// (Config.Now): a test puts a fixed window's turn where it wants it.
func WithWallClock(now func() time.Time) Option { return func(c *Config) { c.Now = now } }

// WithTimeouts sets the connection timeouts (zero fields keep the defaults).
func WithTimeouts(t Timeouts) Option { return func(c *Config) { c.Timeouts = t } }

// WithApps seeds apps, with their groups, members and muted users, owned
// by the default account unless they say otherwise.
func WithApps(apps ...AppSeed) Option { return func(c *Config) { c.Apps = append(c.Apps, apps...) } }

// NewServer starts an emulator on 127.0.0.1:0; Close stops it. It panics
// when no loopback port is free or a seed is wrong (see New).
func NewServer(opts ...Option) *Server {
	s, err := newServer(opts)
	if err != nil {
		panic("mock: " + err.Error())
	}
	return s
}

// TB is the part of testing.TB that NewTestServer uses.
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// NewTestServer starts an emulator on 127.0.0.1:0 for a test and closes it
// when the test ends (t.Cleanup). A seed that cannot be created fails the
// test.
func NewTestServer(t TB, opts ...Option) *Server {
	t.Helper()
	s, err := newServer(opts)
	if err != nil {
		t.Fatalf("mock.NewTestServer: %v", err)
		return nil
	}
	t.Cleanup(s.Close)
	return s
}

func newServer(opts []Option) (*Server, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	e, err := newEmulator(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("cannot listen on loopback: %w", err)
	}
	s := &Server{Emulator: e, URL: "http://" + ln.Addr().String(), srv: e.HTTPServer(), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Host is the server's host:port (127.0.0.1:PORT), as the official SDKs
// take an endpoint: client.Domain (SDK v1), Config.Endpoint (darabonba),
// with the scheme http.
func (s *Server) Host() string { return strings.TrimPrefix(s.URL, "http://") }

// Client returns a client of this project's aliyun package on the server,
// signing with the default key.
func (s *Server) Client(opts ...aliyun.Option) *aliyun.Client {
	return aliyun.NewClient(s.URL, aliyun.Credentials{AccessKeyID: DefaultKeyID, AccessKeySecret: DefaultKeySecret}, opts...)
}

// Close stops the server and waits for it. Calling it again does nothing.
func (s *Server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if s.srv.Shutdown(ctx) != nil {
		_ = s.srv.Close() // a call still held (a long latency fault): cut it
	}
	<-s.done
}
