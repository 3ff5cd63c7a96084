package breakage_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/internal/breakage"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

type suiteRun struct {
	res *steps.Result
	err string
}

// runSuite runs the real-target suite against the provider, as
// `livemsg contract --target real --endpoint URL --app-id APP` does
// (steps.Run on target.Open, the entry points under harness.Contract), in
// a fresh app made on the emulator behind the proxy.
func runSuite(ctx context.Context, t *testing.T, p breakage.Provider) suiteRun {
	srv := p.Start()
	defer srv.Close()
	ctx, cancel := context.WithTimeout(ctx, perRunDeadline)
	defer cancel()
	resp, err := srv.Backend.Client().Do(ctx, aliyun.Request{Action: contract.OpCreateLiveMessageApp, Params: map[string]string{"AppName": "detection"}})
	if err != nil || !resp.OK() {
		return suiteRun{err: fmt.Sprintf("create app: %v %v", err, resp)}
	}
	app, _ := resp.Fields["AppId"].(string)
	tg, err := target.Open(ctx, target.Spec{Kind: target.Real, Endpoint: srv.URL,
		Credentials: aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}})
	if err != nil {
		return suiteRun{err: err.Error()}
	}
	defer tg.Close()
	res, err := steps.Run(ctx, steps.Options{Target: tg, AppID: app, Tags: detectionTags, AllowOverLimit: allowOverLimit})
	if err != nil {
		return suiteRun{res: res, err: err.Error()}
	}
	return suiteRun{res: res}
}

// runExplore explores the provider with the default budget and the
// detection seed, counting the calls it sends until the first
// divergence.
func runExplore(ctx context.Context, p breakage.Provider) detection {
	srv := p.Start(breakage.Unthrottled()...)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(ctx, perRunDeadline)
	defer cancel()
	var sent, found atomic.Int64
	count := func(_ string, base http.RoundTripper) (http.RoundTripper, func(string, string)) {
		if base == nil {
			base = http.DefaultTransport
		}
		return counting{base, &sent}, func(outcome, _ string) {
			if outcome == "diverged" {
				found.CompareAndSwap(0, sent.Load())
			}
		}
	}
	creds := aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
	res, err := explore.Run(ctx, explore.Config{Target: aliyun.NewClient(srv.URL, creds), Admin: srv.URL + "/_mock",
		Seed: detectionSeed, ShrinkTime: shrinkTime, Record: count})
	d := detection{p: p}
	if err != nil {
		d.exploreErr = err.Error()
		return d
	}
	if res.Divergence != nil {
		d.calls, d.foundAt, d.requests = len(res.Divergence.Steps), res.FoundAt, int(found.Load())
	}
	return d
}

type counting struct {
	base http.RoundTripper
	n    *atomic.Int64
}

func (c counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}
