package mock_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// drive sends n signed DescribeLiveMessageGroup calls to url from workers
// goroutines (each call signed afresh: a new nonce and timestamp) and
// returns the calls per second.
func drive(b *testing.B, url, app string, n, workers int) float64 {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: workers}
	defer tr.CloseIdleConnections()
	c := aliyun.NewClient(url, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret},
		aliyun.WithHTTPClient(&http.Client{Transport: tr}))
	req := aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}}
	var left atomic.Int64
	left.Store(int64(n))
	var failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for left.Add(-1) >= 0 {
				resp, err := c.Do(context.Background(), req)
				if err != nil || !resp.OK() {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		b.Fatalf("%d calls failed", failed.Load())
	}
	return float64(n) / time.Since(start).Seconds()
}

func benchServer(b *testing.B) (*mock.Server, string) {
	b.Helper()
	srv := mock.NewServer(mock.WithQPS("DescribeLiveMessageGroup", 0))
	app, err := srv.Emulator.Store().CreateApp(store.AppSpec{Name: "bench", Owner: mock.DefaultAccount})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := srv.Emulator.Store().CreateGroup(app.ID, store.GroupSpec{ID: "g1", CreatorID: "c"}); err != nil {
		b.Fatal(err)
	}
	return srv, app.ID
}

// BenchmarkThroughputVsBareHandler: signed DescribeLiveMessageGroup
// throughput of the emulator against a bare net/http handler returning a
// fixed body, same machine, same load generator (which signs every call
// for both). Target ratio >= 0.8.
func BenchmarkThroughputVsBareHandler(b *testing.B) {
	srv, app := benchServer(b)
	defer srv.Close()
	// The bare handler answers the very bytes the emulator answers to this
	// call, so the client decodes the same body from both and the ratio
	// measures the server alone.
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	resp, err := c.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}})
	if err != nil || !resp.OK() {
		b.Fatalf("describe: %v %+v", err, resp)
	}
	body := resp.Body
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		_, _ = w.Write(body)
	}))
	defer bare.Close()
	// Many short rounds, alternating: on a shared two-core machine the
	// speed drifts within seconds, and a pair of adjacent rounds sees the
	// same machine. The ratio is the median of the pairs' ratios; its
	// quartiles show the spread.
	const n, workers, rounds = 3000, 16, 21
	for range b.N {
		drive(b, bare.URL, app, 2000, workers) // warm both up
		drive(b, srv.URL, app, 2000, workers)
		var bares, emus, ratios []float64
		for range rounds {
			bareRPS := drive(b, bare.URL, app, n, workers)
			emuRPS := drive(b, srv.URL, app, n, workers)
			bares, emus, ratios = append(bares, bareRPS), append(emus, emuRPS), append(ratios, emuRPS/bareRPS)
		}
		b.ReportMetric(median(emus), "emulator_req/s")
		b.ReportMetric(median(bares), "bare_req/s")
		b.ReportMetric(quantile(ratios, 0.25), "ratio_q1")
		b.ReportMetric(median(ratios), "ratio")
		b.ReportMetric(quantile(ratios, 0.75), "ratio_q3")
	}
}

func median(v []float64) float64 { return quantile(v, 0.5) }

// quantile is the q-quantile of v (nearest rank).
func quantile(v []float64, q float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

// BenchmarkP99At1000RPS: latency of signed DescribeLiveMessageGroup calls
// at a constant 1,000 req/s for 5 s (vegeta). Target p99 < 5 ms.
func BenchmarkP99At1000RPS(b *testing.B) {
	srv, app := benchServer(b)
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	req := aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}}
	targeter := func(t *vegeta.Target) error {
		p, err := c.Build(req)
		if err != nil {
			return err
		}
		t.Method, t.URL, t.Body, t.Header = p.Method, p.URL, p.Body, p.Header
		return nil
	}
	for range b.N {
		atk := vegeta.NewAttacker(vegeta.KeepAlive(true))
		var m vegeta.Metrics
		for r := range atk.Attack(targeter, vegeta.ConstantPacer{Freq: 1000, Per: time.Second}, 5*time.Second, "p99") {
			m.Add(r)
		}
		m.Close()
		if m.Success < 0.999 {
			b.Fatalf("success %.4f: %v", m.Success, m.Errors)
		}
		b.ReportMetric(float64(m.Latencies.P99.Microseconds())/1000, "p99_ms")
		b.ReportMetric(float64(m.Latencies.P50.Microseconds())/1000, "p50_ms")
		b.ReportMetric(m.Throughput, "req/s")
	}
}

// BenchmarkServeDescribe: the emulator's own cost of one signed
// DescribeLiveMessageGroup (parse, verify, throttle, validate, answer),
// without the network; requests are signed beforehand in batches.
func BenchmarkServeDescribe(b *testing.B) {
	srv, app := benchServer(b)
	defer srv.Close()
	c := aliyun.NewClient("http://127.0.0.1", aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	call := aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": app, "GroupId": "g1"}}
	const batch = 1000
	reqs := make([]*http.Request, batch)
	sign := func() {
		for i := range reqs {
			p, err := c.Build(call)
			if err != nil {
				b.Fatal(err)
			}
			reqs[i] = httptest.NewRequest(p.Method, p.URL, nil)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%batch == 0 {
			b.StopTimer()
			sign()
			b.StartTimer()
		}
		w := httptest.NewRecorder()
		srv.Emulator.ServeHTTP(w, reqs[i%batch])
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
