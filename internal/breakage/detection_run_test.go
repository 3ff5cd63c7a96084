package breakage_test

import (
	"context"
	"fmt"
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
// detection seed. The calls it sent before the sequence that found the
// break are counted by a second run of the sequences before it (the same
// seed draws the same ones), through the proxy: a recording transport
// (Config.Record) would change the run, since explore joins no member
// when it records.
func runExplore(ctx context.Context, p breakage.Provider) detection {
	d := detection{p: p}
	res, _, err := exploreOnce(ctx, p, 0)
	if err != nil {
		d.exploreErr = err.Error()
		return d
	}
	if res.Divergence == nil {
		return d
	}
	d.calls, d.foundAt = res.Divergence.Calls(), res.FoundAt
	if res.FoundAt > 1 {
		before, calls, err := exploreOnce(ctx, p, res.FoundAt-1)
		if err != nil || before.Divergence != nil {
			d.exploreErr = fmt.Sprintf("the %d sequences before the finding one, run again, did not pass: %v", res.FoundAt-1, err)
			return d
		}
		d.requests = calls
	}
	return d
}

// exploreOnce runs explore on a fresh provider (budget 0: the default)
// and returns what it found and the API calls the proxy passed.
func exploreOnce(ctx context.Context, p breakage.Provider, budget int) (*explore.Result, int, error) {
	srv := p.Start(breakage.Unthrottled()...)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(ctx, perRunDeadline)
	defer cancel()
	creds := aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
	res, err := explore.Run(ctx, explore.Config{Target: aliyun.NewClient(srv.URL, creds), Admin: srv.URL + "/_mock",
		Seed: seed, ShrinkTime: shrinkTime, Budget: budget})
	return res, srv.Calls(), err
}
