package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// admin talks to the emulator's admin API (/_mock/), which only @mock
// scenarios use. Each call is logged, redacted, to the scenario's
// transcript.
type admin struct {
	base string
	log  func(string) // nil = not logged
}

type keySpec struct {
	ID       string  `json:"id"`
	Secret   string  `json:"secret"`
	Account  string  `json:"account"`
	Inactive bool    `json:"inactive,omitempty"`
	Policy   *policy `json:"policy,omitempty"`
}

type policy struct {
	Allow []statement `json:"allow"`
}

type statement struct {
	Actions   []string `json:"actions"`
	Resources []string `json:"resources"`
}

type event struct {
	Type    string `json:"type"`
	AppID   string `json:"appId"`
	GroupID string `json:"groupId"`
	UserID  string `json:"userId"`
}

func (a *admin) addKey(ctx context.Context, k keySpec) error {
	aliyun.Register(aliyun.Credentials{AccessKeyID: k.ID, AccessKeySecret: k.Secret})
	return a.send(ctx, http.MethodPost, "/keys", k, nil)
}

// shownKey is a key as logged: its id masked, its secret left out.
type shownKey struct {
	ID       string  `json:"id"`
	Account  string  `json:"account"`
	Inactive bool    `json:"inactive,omitempty"`
	Policy   *policy `json:"policy,omitempty"`
}

func (k keySpec) shown() shownKey {
	return shownKey{ID: aliyun.MaskKeyID(k.ID), Account: k.Account, Inactive: k.Inactive, Policy: k.Policy}
}

// advance moves the clock of one account (scenarios run concurrently, each
// on its own account, so each moves only its own time).
func (a *admin) advance(ctx context.Context, account string, d time.Duration) error {
	return a.send(ctx, http.MethodPost, "/clock/advance", map[string]string{"by": d.String(), "account": account}, nil)
}

// fault arms an error code for one account's calls of an operation.
func (a *admin) fault(ctx context.Context, account, op, code string, times int) error {
	return a.send(ctx, http.MethodPost, "/faults", map[string]any{"operation": op, "account": account, "code": code, "times": times}, nil)
}

func (a *admin) join(ctx context.Context, app, group string, users []string) error {
	return a.send(ctx, http.MethodPost, "/groups/"+url.PathEscape(app)+"/"+url.PathEscape(group)+"/members", map[string]any{"join": users}, nil)
}

func (a *admin) events(ctx context.Context) ([]event, error) {
	var out struct {
		Events []event `json:"events"`
	}
	err := a.send(ctx, http.MethodGet, "/events", nil, &out)
	return out.Events, err
}

// seedGroups creates count groups in an app directly in the emulator's
// store, for the 5000-group cap (the API at 50 QPS would take 100 s).
func (a *admin) seedGroups(ctx context.Context, app, prefix string, count int) error {
	return a.send(ctx, http.MethodPost, "/apps/"+url.PathEscape(app)+"/groups", map[string]any{"prefix": prefix, "count": count}, nil)
}

// activeGroups reads how many groups of an app are not deleted.
func (a *admin) activeGroups(ctx context.Context, app string) (int, error) {
	var out struct {
		Active int `json:"activeGroups"`
	}
	err := a.send(ctx, http.MethodGet, "/apps/"+url.PathEscape(app), nil, &out)
	return out.Active, err
}

func (a *admin) send(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	line := method + " " + adminPrefix + path
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
		if k, ok := in.(keySpec); ok {
			b, _ = json.Marshal(k.shown())
		}
		line += " " + string(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.logf("%s -> %v", line, err)
		return fmt.Errorf("admin %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if method == http.MethodGet {
		a.logf("%s -> %d %s", line, resp.StatusCode, clip(bytes.TrimSpace(b), 200))
	} else {
		a.logf("%s -> %d", line, resp.StatusCode)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("admin %s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("admin %s %s: %w", method, path, err)
		}
	}
	return nil
}

// adminPrefix is where the admin API lives on an emulator.
const adminPrefix = "/_mock"

func (a *admin) logf(format string, args ...any) {
	if a.log != nil {
		a.log(fmt.Sprintf(format, args...))
	}
}

// clip shortens what is logged of an answer.
func clip(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return fmt.Sprintf("%s... (%d bytes)", b[:n], len(b))
}
