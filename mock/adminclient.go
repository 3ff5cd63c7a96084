package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock/store"
)

// AdminPrefix is where the admin API lives on an emulator's endpoint.
const AdminPrefix = "/_mock"

// HealthPath is the emulator's health check.
const HealthPath = "/healthz"

// IsAdminPath reports a path of the admin API.
func IsAdminPath(path string) bool {
	return path == AdminPrefix || strings.HasPrefix(path, AdminPrefix+"/")
}

// IsOwnPath reports a path the emulator serves for itself, not as the
// service: the admin API and the health check. A recording leaves such a
// call out of what the service answered.
func IsOwnPath(path string) bool { return path == HealthPath || IsAdminPath(path) }

// Admin is a client of an emulator's admin API (docs/emulator.md, section
// Admin API): the one the contract steps, the load profiles, explore,
// parity and the tests use. The real service has no such API.
type Admin struct {
	// Base is the admin API's base URL: an endpoint and AdminPrefix.
	Base string
	// HTTP sends the calls (nil = a client with a 5 s timeout).
	HTTP *http.Client
	// Log receives each call as a line, secrets left out (nil = none).
	Log func(line string)
}

// NewAdmin returns a client of the admin API of the emulator at endpoint.
func NewAdmin(endpoint string) *Admin { return &Admin{Base: endpoint + AdminPrefix} }

// Reset empties the emulator: apps, groups, faults, keys added, clocks.
func (a *Admin) Reset(ctx context.Context) error {
	return a.Send(ctx, http.MethodPost, "/reset", nil, nil)
}

// AddKey adds an access key (its secret is registered for redaction and
// never logged).
func (a *Admin) AddKey(ctx context.Context, k Key) error {
	aliyun.Register(aliyun.Credentials{AccessKeyID: k.ID, AccessKeySecret: k.Secret})
	return a.Send(ctx, http.MethodPost, "/keys", k, nil)
}

// Advance moves the clock of one account ("" = every account's) by d.
func (a *Admin) Advance(ctx context.Context, account string, d time.Duration) error {
	return a.Send(ctx, http.MethodPost, "/clock/advance", map[string]string{"by": d.String(), "account": account}, nil)
}

// Fault arms an error code for times calls of op by one account.
func (a *Admin) Fault(ctx context.Context, account, op, code string, times int) error {
	return a.Send(ctx, http.MethodPost, "/faults", map[string]any{"operation": op, "account": account, "code": code, "times": times}, nil)
}

// Join makes users members of a group (the API has no call that does).
func (a *Admin) Join(ctx context.Context, app, group string, users ...string) error {
	return a.Send(ctx, http.MethodPost, "/groups/"+url.PathEscape(app)+"/"+url.PathEscape(group)+"/members", map[string]any{"join": users}, nil)
}

// Events returns the store's events (creates, deletes, mutes...).
func (a *Admin) Events(ctx context.Context) ([]store.Event, error) {
	var out struct {
		Events []store.Event `json:"events"`
	}
	err := a.Send(ctx, http.MethodGet, "/events", nil, &out)
	return out.Events, err
}

// SeedGroups creates count groups named prefix1... in an app directly in
// the store.
func (a *Admin) SeedGroups(ctx context.Context, app, prefix string, count int) error {
	return a.Send(ctx, http.MethodPost, "/apps/"+url.PathEscape(app)+"/groups", map[string]any{"prefix": prefix, "count": count}, nil)
}

// ActiveGroups returns how many groups of an app are not deleted.
func (a *Admin) ActiveGroups(ctx context.Context, app string) (int, error) {
	var out struct {
		Active int `json:"activeGroups"`
	}
	err := a.Send(ctx, http.MethodGet, "/apps/"+url.PathEscape(app), nil, &out)
	return out.Active, err
}

// Send calls the admin API: in is sent as JSON (nil = no body), the
// answer decoded into out (nil = not read). An answer other than 2xx is
// an error that quotes it.
func (a *Admin) Send(ctx context.Context, method, path string, in, out any) error {
	status, b, err := a.Do(ctx, method, path, in)
	if err != nil {
		return err
	}
	if status/100 != 2 {
		return fmt.Errorf("admin %s %s: %d %s", method, path, status, clipAnswer(bytes.TrimSpace(b), loggedAnswer))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("admin %s %s: %w", method, path, err)
		}
	}
	return nil
}

// Do calls the admin API and returns the answer's status and body, whatever
// the status: an error is a call that got no answer.
func (a *Admin) Do(ctx context.Context, method, path string, in any) (int, []byte, error) {
	var body io.Reader
	line := method + " " + AdminPrefix + path
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(b)
		if k, ok := in.(Key); ok {
			b, _ = json.Marshal(Key{ID: aliyun.MaskKeyID(k.ID), Account: k.Account, Inactive: k.Inactive, Policy: k.Policy})
		}
		line += " " + string(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.Base+path, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	hc := a.HTTP
	if hc == nil {
		hc = defaultAdminHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		a.logf("%s -> %v", line, err)
		return 0, nil, fmt.Errorf("admin %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxAdminAnswer))
	if method == http.MethodGet {
		a.logf("%s -> %d %s", line, resp.StatusCode, clipAnswer(bytes.TrimSpace(b), loggedAnswer))
	} else {
		a.logf("%s -> %d", line, resp.StatusCode)
	}
	return resp.StatusCode, b, nil
}

var defaultAdminHTTP = &http.Client{Timeout: 5 * time.Second}

const (
	maxAdminAnswer = 4 << 20 // the most of an admin answer read
	loggedAnswer   = 200     // the most of it a log line or an error quotes
)

func (a *Admin) logf(format string, args ...any) {
	if a.Log != nil {
		a.Log(fmt.Sprintf(format, args...))
	}
}

// clipAnswer shortens what is logged of an answer.
func clipAnswer(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return fmt.Sprintf("%s... (%d bytes)", b[:n], len(b))
}
