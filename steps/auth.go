package steps

import (
	"context"
	"crypto/rand"
	"net/http"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

func (w *World) registerAuthSteps(sc stepTable) {
	sc.Given(`^a disabled key$`, func(ctx context.Context) error { return w.newKey(ctx, true, nil) })
	sc.Given(`^a key whose policy allows only "([^"]*)"$`, func(ctx context.Context, action string) error {
		return w.newKey(ctx, false, &mock.Policy{Allow: []mock.Statement{{Actions: []string{action}, Resources: []string{"*"}}}})
	})
	sc.When(`^I describe group "([^"]*)" with that key$`, func(ctx context.Context, alias string) error {
		_, err := w.doWith(ctx, w.otherClient(), w.describeReq(alias))
		return err
	})
	sc.When(`^I describe group "([^"]*)" signed with (v1|v3)$`, func(ctx context.Context, alias, v string) error {
		req := w.describeReq(alias)
		req.Signature = signature(v)
		_, err := w.do(ctx, req)
		return err
	})
	sc.When(`^I describe group "([^"]*)" signed with (v1|v3) and a wrong secret$`, func(ctx context.Context, alias, v string) error {
		req := w.describeReq(alias)
		req.Signature = signature(v)
		wrong := w.creds
		wrong.AccessKeySecret += "wrong"
		_, err := w.doWith(ctx, w.asKey(wrong), req)
		return err
	})
	sc.When(`^I describe group "([^"]*)" with an unknown AccessKeyId$`, func(ctx context.Context, alias string) error {
		unknown := aliyun.Credentials{AccessKeyID: "LTAI" + w.s.name("nokey"), AccessKeySecret: randomSecret()}
		_, err := w.doWith(ctx, w.asKey(unknown), w.describeReq(alias))
		return err
	})
	sc.When(`^I describe group "([^"]*)" with the timestamp "([^"]*)"$`, func(ctx context.Context, alias, ts string) error {
		return w.describeOverriding(ctx, alias, "Timestamp", ts)
	})
	sc.When(`^I describe group "([^"]*)" with a timestamp (\d+) minutes old$`, func(ctx context.Context, alias string, mins int) error {
		ts := time.Now().UTC().Add(-time.Duration(mins) * time.Minute).Format("2006-01-02T15:04:05Z")
		return w.describeOverriding(ctx, alias, "Timestamp", ts)
	})
	sc.When(`^I describe group "([^"]*)" with the signature method "([^"]*)"$`, func(ctx context.Context, alias, m string) error {
		return w.describeOverriding(ctx, alias, "SignatureMethod", m)
	})
	sc.When(`^I describe group "([^"]*)" with the Authorization header "([^"]*)"$`, func(ctx context.Context, alias, h string) error {
		req := w.describeReq(alias)
		req.Signature = aliyun.SignV3Version
		req.Overrides = map[string]string{"Authorization": h}
		_, err := w.do(ctx, req)
		return err
	})
	sc.When(`^I describe group "([^"]*)" twice with the same nonce$`, func(ctx context.Context, alias string) error {
		req := w.describeReq(alias)
		req.Overrides = map[string]string{"SignatureNonce": w.s.name("nonce")}
		first, err := w.do(ctx, req)
		if err != nil {
			return err
		}
		w.first = first
		_, err = w.do(ctx, req)
		return err
	})
	sc.Then(`^the first call succeeds and the second fails with "([^"]*)"$`, func(ctx context.Context, code string) error {
		require.NotNil(w.t(ctx), w.first, "no first call")
		assert.True(w.t(ctx), w.first.OK(), "first call: want success, got %d %s", w.first.Status, w.first.Code)
		return w.callFailsWith(ctx, code)
	})
}

func signature(v string) aliyun.SignatureVersion {
	if v == "v3" {
		return aliyun.SignV3Version
	}
	return aliyun.SignV1Version
}

func (w *World) describeReq(alias string) aliyun.Request {
	return w.op(contract.OpDescribeLiveMessageGroup, map[string]string{"GroupId": w.group(alias)})
}

func (w *World) describeOverriding(ctx context.Context, alias, name, value string) error {
	req := w.describeReq(alias)
	req.Overrides = map[string]string{name: value}
	_, err := w.do(ctx, req)
	return err
}

// newKey adds a second key on the scenario's account (emulator only).
func (w *World) newKey(ctx context.Context, inactive bool, p *mock.Policy) error {
	id := w.s.name("key")
	k := mock.Key{ID: id, Secret: id + "secret", Account: w.account, Inactive: inactive, Policy: p}
	if err := w.admin.AddKey(ctx, k); err != nil {
		return err
	}
	w.otherKey = &aliyun.Credentials{AccessKeyID: k.ID, AccessKeySecret: k.Secret}
	return nil
}

func (w *World) otherClient() *aliyun.Client {
	if w.otherKey == nil {
		return w.client
	}
	return w.asKey(*w.otherKey)
}

// randomSecret is a deliberately wrong secret: random, so that no one
// word of the report is registered as a secret and masked (it was
// "whatever", which the redactor then cut out of fixed text).
func randomSecret() string {
	return rand.Text()
}

// asKey is the scenario's client signing with other credentials (a wrong
// secret, an unknown key, a second key): the run's timeout and resends,
// and nothing recorded (--record): a replay signs with its own key, so the
// answer another key earned cannot be replayed (parity).
func (w *World) asKey(creds aliyun.Credentials) *aliyun.Client {
	return w.client.WithCredentials(creds).With(aliyun.WithHTTPClient(http.DefaultClient))
}
