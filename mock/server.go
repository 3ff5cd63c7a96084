package mock

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// The emulator's default account and key.
const (
	DefaultAccount   = "1234567890123456"
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
	Clock     *OffsetClock // nil = real time
	Contract  *contract.Contract
	MaxSkew   time.Duration // allowed clock skew of a signed timestamp (default 15m)
}

// DefaultConfig verifies signatures and knows the default key.
func DefaultConfig() Config {
	return Config{Auth: true, Keys: []Key{{ID: DefaultKeyID, Secret: DefaultKeySecret, Account: DefaultAccount}}}
}

// Emulator is the emulator's http.Handler.
type Emulator struct {
	c       *contract.Contract
	clock   *OffsetClock
	store   *Store
	keys    *keyring
	auth    bool
	skew    time.Duration
	nonces  *nonceCache
	limits  *throttle
	faults  *faults
	log     *requestLog
	admin   http.Handler
	realNow func() time.Time
}

// New makes an emulator.
func New(cfg Config) *Emulator {
	if cfg.Clock == nil {
		cfg.Clock = NewOffsetClock(nil)
	}
	if cfg.Contract == nil {
		cfg.Contract = contract.Default()
	}
	if cfg.MaxSkew == 0 {
		cfg.MaxSkew = 15 * time.Minute
	}
	e := &Emulator{
		c: cfg.Contract, clock: cfg.Clock, store: NewStore(cfg.Clock), keys: newKeyring(cfg.Keys),
		auth: cfg.Auth, skew: cfg.MaxSkew, nonces: newNonceCache(cfg.MaxSkew), realNow: time.Now,
		limits: newThrottle(cfg.Contract, cfg.QPS, cfg.Throttle, cfg.Throttles), faults: newFaults(), log: newRequestLog(1000),
	}
	e.admin = e.adminHandler()
	return e
}

// Store is the emulator's state.
func (e *Emulator) Store() *Store { return e.store }

// Requests returns up to n of the most recent requests, newest first,
// redacted as the admin API's /_mock/requests shows them.
func (e *Emulator) Requests(n int) []LoggedRequest { return e.log.recent(n) }

// Clock is the emulator's clock.
func (e *Emulator) Clock() *OffsetClock { return e.clock }

// ServeHTTP routes: /healthz, the admin API under /_mock/, the RPC endpoint.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/healthz":
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	case strings.HasPrefix(r.URL.Path, "/_mock/") || r.URL.Path == "/_mock":
		e.admin.ServeHTTP(w, r)
	default:
		e.serveRPC(w, r)
	}
}

// Server is an emulator on a free loopback port, shaped like httptest.Server.
type Server struct {
	URL      string
	Emulator *Emulator
	srv      *http.Server
	done     chan struct{}
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
func WithClock(clock *OffsetClock) Option { return func(c *Config) { c.Clock = clock } }

// NewServer starts an emulator on 127.0.0.1:0.
func NewServer(opts ...Option) *Server {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("mock: cannot listen on loopback: " + err.Error())
	}
	e := New(cfg)
	s := &Server{URL: "http://" + ln.Addr().String(), Emulator: e, done: make(chan struct{}),
		srv: &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s
}

// Close stops the server and waits for it.
func (s *Server) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
	<-s.done
}
