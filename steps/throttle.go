package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/load"
)

type burstResult = load.StepResult

func (w *World) registerThrottleSteps(sc stepTable) {
	sc.When(`^I send "([^"]*)" at (\d+) requests per second for (\d+) seconds?$`, func(ctx context.Context, op string, rate, secs int) error {
		err := w.burstOf(ctx, op, float64(rate), time.Duration(secs)*time.Second)
		if w.s.pacer != nil {
			// the burst filled the window of the shared account: let it empty
			w.s.pacer.Cooldown(op, 1100*time.Millisecond)
		}
		return err
	})
	sc.Given(`^the operation "([^"]*)" is saturated$`, func(ctx context.Context, op string) error {
		o, ok := w.s.contract.Operation(op)
		require.True(w.t(ctx), ok, "unknown operation %s", op)
		// 0.4 s at 4x: a window is full after its first quarter second,
		// and what it served then slides out a second later, so the next
		// call has 0.6 s to arrive in (half a second of burst left it 0.5
		// s; a burst of a second or a little more would leave it none)
		if err := w.burstOf(ctx, op, float64(4*o.QPS), 400*time.Millisecond); err != nil {
			return err
		}
		if w.burst.Throttled == 0 && w.burst.Faults > 0 {
			// too few requests reached the provider to fill its window:
			// the network's doing, nothing to judge it by
			w.transport = &aliyun.TransportError{Action: op, Cause: fmt.Sprintf(
				"the burst to saturate it was not throttled, and %d of its %d requests got no answer", w.burst.Faults, w.burst.Sent)}
			return w.transport
		}
		require.Positive(w.t(ctx), w.burst.Throttled, "a burst at 4x the limit should saturate %s", op)
		if w.s.pacer != nil {
			w.s.pacer.Saturated(op, 1100*time.Millisecond)
		}
		return nil
	})
	sc.Then(`^no request was throttled$`, func(ctx context.Context) error {
		require.NotNil(w.t(ctx), w.burst, "no burst was sent")
		assert.Zero(w.t(ctx), w.burst.Throttled, "below the limit nothing may be throttled: %+v", *w.burst)
		assert.Zero(w.t(ctx), unexpected(w.burst), "unexpected answers: %v", w.burst.OtherCodes)
		return nil
	})
	sc.Then(`^some requests were throttled with "([^"]*)"$`, func(ctx context.Context, code string) error {
		require.NotNil(w.t(ctx), w.burst, "no burst was sent")
		assert.Positive(w.t(ctx), w.burst.Throttled, "over the limit some requests must get %s: %+v", code, *w.burst)
		assert.Zero(w.t(ctx), unexpected(w.burst), "unexpected answers: %v", w.burst.OtherCodes)
		return nil
	})
	sc.Then(`^the served rate was at most (\d+) requests per second$`, func(ctx context.Context, limit int) error {
		require.NotNil(w.t(ctx), w.burst, "no burst was sent")
		assert.LessOrEqual(w.t(ctx), w.burst.AcceptedQPS, float64(limit)*1.1+1, "served rate over the limit")
		return nil
	})
}

// unexpected counts the Alibaba answers of a burst that were neither
// served nor throttled. A burst is never resent (each request counts once,
// as it was answered): a request the network lost got no answer, is
// counted apart (Faults, in the transcript as "unanswered") and judges
// nothing either way.
func unexpected(b *burstResult) int { return b.Other - b.Faults }

// burstOf drives op at rate with the load package's probe (vegeta), in the
// scenario's app and on its group g1.
func (w *World) burstOf(ctx context.Context, op string, rate float64, d time.Duration) error {
	p, err := load.NewProbe(op, load.Env{AppID: w.appID, GroupID: w.group("g1"), Prefix: w.s.name("probe")})
	if err != nil {
		return err
	}
	results := &bytes.Buffer{} // vegeta's encoding, each URL redacted
	res, err := load.Burst(ctx, w.client, p, rate, d, results)
	w.entries = append(w.entries, Entry{pending: &pendingBurst{probe: p, res: res, rate: rate, d: d, results: results}})
	if err != nil {
		return err
	}
	if res.Sent > 0 && res.Served+res.Throttled == 0 {
		// not one Alibaba answer: the network, not the limit, is measured
		cause := "no Alibaba answer to the burst"
		if len(res.OtherCodes) > 0 {
			cause += ": " + aliyun.RedactText(res.OtherCodes[0])
		}
		w.transport = &aliyun.TransportError{Action: op, Cause: cause}
		return w.transport
	}
	w.burst = &res
	return nil
}

// pendingBurst is a burst's answers, kept whole until the scenario ends.
type pendingBurst struct {
	probe   *load.Probe
	res     load.StepResult
	rate    float64
	d       time.Duration
	results io.Reader
}

// pick keeps, of a burst's answers, the first of each kind (served,
// throttled, each other code) for the transcript and the failure report:
// the throttled one is what reproduces Throttling.User.
func (b *pendingBurst) pick() []Entry {
	p, res, rate, d := b.probe, b.res, b.rate, b.d
	var out []Entry
	dec := vegeta.NewDecoder(b.results)
	seen := map[string]bool{}
	for {
		var r vegeta.Result
		if dec.Decode(&r) != nil {
			return out
		}
		resp := burstResponse(&r)
		kind := "served"
		switch class := p.Classify(&r); {
		case load.IsFault(&r):
			kind = "unanswered"
		case class == load.Throttled:
			kind = "throttled"
		case class != load.Served:
			kind = "answered " + resp.Code
		}
		if seen[kind] {
			continue
		}
		seen[kind] = true
		what := fmt.Sprintf("the first %s of %d requests sent at %g/s for %s: %d served, %d throttled, %d other",
			kind, res.Sent, rate, d, res.Served, res.Throttled, res.Other)
		out = append(out, callEntry(p.Request(), "", resp, r.Timestamp, what))
	}
}

// burstResponse rebuilds a response from a vegeta result (its URL already
// redacted): what a transcript shows of one request of a burst.
func burstResponse(r *vegeta.Result) *aliyun.Response {
	body := aliyun.RedactText(string(r.Body))
	resp := &aliyun.Response{Status: int(r.Code), Header: r.Headers, Body: []byte(body)}
	var f struct{ Code, RequestId string }
	if json.Unmarshal(r.Body, &f) == nil {
		resp.Code, resp.RequestID = f.Code, f.RequestId
	}
	resp.Exchange = &aliyun.Exchange{Method: r.Method, URL: aliyun.RedactText(r.URL), Status: int(r.Code),
		ResponseHeader: r.Headers.Clone(), ResponseBody: body, Duration: r.Latency}
	if r.Error != "" && r.Code == 0 {
		resp.Exchange.ResponseBody = aliyun.RedactText(r.Error)
	}
	return resp
}
