package breakage

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// Witness is a few calls, on a fresh app, on which a provider answers
// otherwise than the faithful emulator: the faithful emulator's answer to
// the last call passes Faithful, the provider's does not.
type Witness struct {
	Calls    []Call
	Faithful Check
}

// Call is one call of a witness. "{app}" in a parameter or list item is
// the fresh app's id. Join, when set, joins those users to group g1
// through the emulator's admin API instead of calling the API.
type Call struct {
	aliyun.Request
	Join []string
	// Key signs the call with another key (an unknown one).
	Key *aliyun.Credentials
}

// Check is what the faithful emulator answers to a witness's last call.
type Check struct {
	Status int    // the HTTP status (0 = any)
	Code   string // the error code when Status is checked ("" = success)
	// Field is a path in the JSON answer (A.B; "A.#" is the length of the
	// list A, "A.0.B" a field of its first item), Value its value as
	// fmt.Sprint prints it.
	Field, Value string
	// Header must start with HeaderValue ("" with Header set: absent).
	Header, HeaderValue string
	// Has is text the body holds; HasNot text it does not.
	Has, HasNot string
	// Func is a check of its own; prev is the answer before the last.
	Func func(prev, last *aliyun.Response) error
}

// Verify says how an answer departs from the check (nil = it passes).
func (c Check) Verify(prev, last *aliyun.Response) error {
	if c.Status != 0 && (last.Status != c.Status || last.Code != c.Code) {
		return fmt.Errorf("answered %d %q, the check wants %d %q", last.Status, last.Code, c.Status, c.Code)
	}
	if c.Field != "" {
		v, ok := at(last.Fields, strings.Split(c.Field, "."))
		if got := fmt.Sprint(v); !ok || got != c.Value {
			return fmt.Errorf("%s is %s (present %t), the check wants %s", c.Field, got, ok, c.Value)
		}
	}
	if c.Header != "" {
		got := last.Header.Get(c.Header)
		if (c.HeaderValue == "" && got != "") || !strings.HasPrefix(got, c.HeaderValue) || (c.HeaderValue != "" && got == "") {
			return fmt.Errorf("header %s is %q, the check wants %q", c.Header, got, c.HeaderValue)
		}
	}
	if c.Has != "" && !bytes.Contains(last.Body, []byte(c.Has)) {
		return fmt.Errorf("the body lacks %q: %s", c.Has, last.Body)
	}
	if c.HasNot != "" && bytes.Contains(last.Body, []byte(c.HasNot)) {
		return fmt.Errorf("the body holds %q: %s", c.HasNot, last.Body)
	}
	if c.Func != nil {
		return c.Func(prev, last)
	}
	return nil
}

func at(v any, path []string) (any, bool) {
	for _, k := range path {
		switch t := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = t[k]; !ok {
				return nil, false
			}
		case []any:
			if k == "#" {
				v = len(t)
				continue
			}
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Run makes a fresh app on the server s (on its emulator, which no break
// touches) and runs the witness's calls through its proxy; it returns the
// last two answers.
func (w Witness) Run(ctx context.Context, s *Server) (prev, last *aliyun.Response, err error) {
	base := s.URL
	creds := aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
	c := aliyun.NewClient(base, creds)
	resp, err := aliyun.NewClient(s.Backend.URL, creds).Do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "witness"}})
	if err != nil {
		return nil, nil, err
	}
	app, _ := resp.Fields["AppId"].(string)
	if !resp.OK() || app == "" {
		return nil, nil, fmt.Errorf("create app: %d %s %s", resp.Status, resp.Code, resp.Message)
	}
	fill := func(s string) string { return strings.ReplaceAll(s, "{app}", app) }
	nonce := fresh()
	for _, call := range w.Calls {
		if call.Join != nil {
			if err := mock.NewAdmin(base).Join(ctx, app, "g1", call.Join...); err != nil {
				return nil, nil, err
			}
			continue
		}
		r := call.Request
		r.Params = map[string]string{}
		for k, v := range call.Params {
			r.Params[k] = fill(v)
		}
		r.Overrides = map[string]string{}
		for k, v := range call.Overrides {
			r.Overrides[k] = protocolValue(v, nonce)
		}
		r.Lists = map[string][]string{}
		for k, vs := range call.Lists {
			for _, v := range vs {
				r.Lists[k] = append(r.Lists[k], fill(v))
			}
		}
		cl := c
		if call.Key != nil {
			cl = aliyun.NewClient(base, *call.Key)
		}
		resp, err := cl.Do(ctx, r)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", r.Action, err)
		}
		prev, last = last, resp
	}
	if last == nil {
		return nil, nil, fmt.Errorf("a witness without calls")
	}
	return prev, last, nil
}
