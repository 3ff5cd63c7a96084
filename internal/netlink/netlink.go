// Package netlink puts a real network between a test and an endpoint on
// loopback: a toxiproxy proxy (github.com/Shopify/toxiproxy/v2, run in
// process) whose toxics add latency and jitter, limit bandwidth, reset
// connections after the provider has answered, cut answers short, or fall
// silent. Tests of the harness at a distance go through it.
package netlink

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/Shopify/toxiproxy/v2/collectors"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// Link is a toxiproxy proxy in front of one HTTP endpoint. URL is where
// to send requests; the endpoint itself stays reachable directly (for the
// admin API and for checking what really happened).
type Link struct {
	URL   string
	proxy *toxiproxy.Proxy
}

var linkSeq atomic.Int64

// New starts a link in front of endpoint (an http:// URL on loopback);
// it stops when the test ends.
func New(t testing.TB, endpoint string) *Link {
	t.Helper()
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		t.Fatalf("netlink: endpoint %q is not a URL", endpoint)
	}
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	srv.Metrics.ProxyMetrics = collectors.NewProxyMetricCollectors()
	p := toxiproxy.NewProxy(srv, fmt.Sprintf("link%d", linkSeq.Add(1)), "127.0.0.1:0", u.Host)
	if err := p.Start(); err != nil {
		t.Fatalf("netlink: %v", err)
	}
	t.Cleanup(p.Stop)
	return &Link{URL: "http://" + p.Listen, proxy: p}
}

// Stream is the direction a toxic acts on.
type Stream string

// The two directions.
const (
	Upstream   Stream = "upstream"   // requests, on their way to the provider
	Downstream Stream = "downstream" // answers, on their way back
)

// Add adds a toxic of toxiproxy's (latency, bandwidth, reset_peer,
// limit_data, timeout, slicer...) under name, to a toxicity share of the
// connections (1 = all), with its attributes.
func (l *Link) Add(t testing.TB, name, kind string, s Stream, toxicity float32, attrs map[string]any) {
	t.Helper()
	b, err := json.Marshal(map[string]any{"name": name, "type": kind, "stream": string(s), "toxicity": toxicity, "attributes": attrs})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.proxy.Toxics.AddToxicJson(bytes.NewReader(b)); err != nil {
		t.Fatalf("netlink: add %s: %v", name, err)
	}
}

// Remove takes a toxic away (for connections made from now on and those
// it is acting on).
func (l *Link) Remove(t testing.TB, name string) {
	t.Helper()
	if err := l.proxy.Toxics.RemoveToxic(context.Background(), name); err != nil {
		t.Fatalf("netlink: remove %s: %v", name, err)
	}
}

// Distance delays every chunk each way by oneWay ± jitter (uniform), so
// a round trip takes 2×oneWay ± 2×jitter.
func (l *Link) Distance(t testing.TB, oneWay, jitter time.Duration) {
	t.Helper()
	a := map[string]any{"latency": oneWay.Milliseconds(), "jitter": jitter.Milliseconds()}
	l.Add(t, "distance_up", "latency", Upstream, 1, a)
	l.Add(t, "distance_down", "latency", Downstream, 1, a)
}

// LoseAnswers resets a share of connections right after the provider has
// answered on them: the request was carried out, its answer never arrives.
func (l *Link) LoseAnswers(t testing.TB, share float32) {
	t.Helper()
	l.Add(t, "lose_answers", "reset_peer", Downstream, share, map[string]any{"timeout": 0})
}

// CutAnswers closes a share of connections after n bytes of answer: the
// request was carried out, its answer arrives cut short.
func (l *Link) CutAnswers(t testing.TB, share float32, n int) {
	t.Helper()
	l.Add(t, "cut_answers", "limit_data", Downstream, share, map[string]any{"bytes": n})
}

// DropRequests resets a share of connections before their request
// reaches the provider: nothing was carried out.
func (l *Link) DropRequests(t testing.TB, share float32) {
	t.Helper()
	l.Add(t, "drop_requests", "reset_peer", Upstream, share, map[string]any{"timeout": 0})
}

// Silence swallows everything sent on a share of connections and never
// answers (the connection stays open).
func (l *Link) Silence(t testing.TB, share float32) {
	t.Helper()
	l.Add(t, "silence", "timeout", Upstream, share, map[string]any{"timeout": 0})
}

// Bandwidth limits answers to kbps kilobytes per second.
func (l *Link) Bandwidth(t testing.TB, kbps int) {
	t.Helper()
	l.Add(t, "bandwidth", "bandwidth", Downstream, 1, map[string]any{"rate": kbps})
}
