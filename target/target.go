// Package target resolves where a run points — an embedded emulator on a
// free loopback port, an external emulator, or the real endpoint — and says
// what that target can do (whether the emulator's admin API is there).
package target

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// The kinds of target.
const (
	Mock = "mock"
	Real = "real"
)

// Spec says where to point a run, as the CLI flags give it.
type Spec struct {
	Kind     string // Mock or Real
	Endpoint string // "" = embedded emulator (Mock) or the public endpoint (Real)
	// Mock options for an embedded emulator.
	MockOptions []mock.Option
	// Credentials override; zero = emulator default key (Mock) or the
	// standard environment variables (Real).
	Credentials aliyun.Credentials
	// Timeout bounds each request (0 = DefaultTimeout).
	Timeout time.Duration
	// Retries is how many times a call safe to repeat (the contract's
	// @idempotent) is resent after no answer or a transient one (0 =
	// never); RetryBudget bounds the resends of the whole run, every call
	// together (0 = none).
	Retries, RetryBudget int
	// Getenv reads the environment for the Real credentials (nil:
	// os.Getenv); the command line's tests give their own.
	Getenv func(string) string
}

// DefaultTimeout bounds each request unless --timeout says otherwise.
const DefaultTimeout = 10 * time.Second

// Target is an opened target.
type Target struct {
	Kind     string
	Endpoint string
	// Admin is the emulator's admin API base URL ("" on a real target):
	// scenarios tagged @mock need it.
	Admin    string
	Client   *aliyun.Client
	Embedded *mock.Server // the embedded emulator, when one was started
	// Retries is the run's retry budget, shared by Client and every client
	// made from it: what it allows and what was resent, per operation.
	Retries *aliyun.RetryBudget
	// RetriesPerCall is Spec.Retries.
	RetriesPerCall int
	getenv         func(string) string // Spec.Getenv
}

// AppID returns flag, or LIVEMSG_APP_ID read as the spec said.
func (t *Target) AppID(flag string) string { return AppID(flag, t.getenv) }

// ErrConfig marks a configuration error: the CLI exits 2 on it.
var ErrConfig = errors.New("configuration")

// Open resolves the spec. An embedded emulator is started on 127.0.0.1:0;
// an external endpoint is checked for reachability first.
func Open(ctx context.Context, s Spec) (*Target, error) {
	t := &Target{Kind: s.Kind, getenv: s.Getenv}
	creds := s.Credentials
	switch s.Kind {
	case Mock:
		if creds.AccessKeyID == "" {
			creds = aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
		}
		if s.Endpoint == "" {
			t.Embedded = mock.NewServer(s.MockOptions...)
			t.Endpoint = t.Embedded.URL
		} else {
			ep, err := normalize(s.Endpoint)
			if err != nil {
				return nil, err
			}
			t.Endpoint = ep
		}
		t.Admin = t.Endpoint + mock.AdminPrefix
	case Real:
		if creds.AccessKeyID == "" {
			var err error
			if creds, err = aliyun.CredentialsFrom(Lookup(s.Getenv)); err != nil {
				return nil, fmt.Errorf("%w: real target needs credentials: %v", ErrConfig, err)
			}
		}
		ep := s.Endpoint
		if ep == "" {
			ep = aliyun.DefaultEndpoint
		}
		var err error
		if t.Endpoint, err = normalize(ep); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: --target must be mock or real, not %q", ErrConfig, s.Kind)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	t.Retries, t.RetriesPerCall = aliyun.NewGrowingRetryBudget(s.RetryBudget, aliyun.RetryBudgetPer), max(s.Retries, 0)
	t.Client = aliyun.NewClient(t.Endpoint, creds, aliyun.WithTimeout(timeout),
		aliyun.WithRetries(t.RetriesPerCall, t.Retries, retryRules()))
	if t.Embedded == nil && t.Admin != "" {
		if err := t.checkHealth(ctx); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// retryRules are the contract's: what is safe to repeat, what answer is
// worth a resend. Given even with no resends, so that a call not safe to
// repeat says its outcome is unknown when its answer was lost.
func retryRules() aliyun.RetryRules {
	c := contract.Default()
	return aliyun.RetryRules{Idempotent: c.Idempotent, Transient: c.Transient, Settle: Settle}
}

// Settle reads back, as the contract's @readBack says, whether a call not
// safe to repeat whose answer was lost was carried out (a create: is the
// group there?). An operation without a read-back, or a read that got no
// answer or one that says neither, leaves it unknown.
func Settle(ctx context.Context, c *aliyun.Client, req aliyun.Request) aliyun.Fate {
	k := contract.Default()
	op, ok := k.Operation(req.Action)
	if !ok || op.ReadBack == nil {
		return aliyun.MaybeCarried
	}
	resp, err := c.Do(ctx, aliyun.Request{Action: op.ReadBack.Op, Params: k.ReadBackParams(op.ReadBack, req.Params)})
	if err != nil {
		return aliyun.MaybeCarried
	}
	switch carried, known := op.ReadBack.Says(resp.OK(), resp.Code, resp.Fields); {
	case !known:
		return aliyun.MaybeCarried
	case carried && req.Fresh:
		return aliyun.Carried
	case carried:
		return aliyun.MaybeCarried // it may have been there before the call
	}
	return aliyun.NotCarried
}

// Close stops an embedded emulator.
func (t *Target) Close() {
	if t.Embedded != nil {
		t.Embedded.Close()
	}
}

// IsReal reports whether the run points at the real service (or something
// treated as it): no admin API, safety rules apply.
func (t *Target) IsReal() bool { return t.Kind == Real }

// Describe names the target for reports, without secrets.
func (t *Target) Describe() string {
	switch {
	case t.Embedded != nil:
		return "mock (embedded emulator at " + t.Endpoint + ")"
	case t.Kind == Mock:
		return "mock (external emulator at " + t.Endpoint + ")"
	}
	return "real (" + t.Endpoint + ")"
}

func (t *Target) checkHealth(ctx context.Context) error {
	timeout := min(5*time.Second, t.Client.Timeout())
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.Endpoint+mock.HealthPath, nil)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrConfig, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, aliyun.NewTransportError("GET "+t.Endpoint+mock.HealthPath, err, timeout))
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: GET %s/healthz answered %d %s: is it a livemsg emulator? (use --target real for another endpoint)",
			ErrConfig, t.Endpoint, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return nil
}

func normalize(endpoint string) (string, error) {
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%w: --endpoint %q is not an http(s) URL", ErrConfig, endpoint)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// EnvAppID is the environment variable that names the app a real run uses.
const EnvAppID = "LIVEMSG_APP_ID"

// AppID returns flag, or LIVEMSG_APP_ID read through getenv (nil:
// os.Getenv).
func AppID(flag string, getenv func(string) string) string {
	if flag != "" {
		return flag
	}
	return Lookup(getenv)(EnvAppID)
}

// Lookup is getenv, or os.Getenv when it is nil: how a command reads its
// environment, the process's unless a test gives its own.
func Lookup(getenv func(string) string) func(string) string {
	if getenv == nil {
		return os.Getenv
	}
	return getenv
}
