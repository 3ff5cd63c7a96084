package load_test

import (
	"runtime"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

func client(srv *mock.Server) *aliyun.Client {
	return aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
}

// probeGate lets a few probes run at a time per core: each sends up to a
// few hundred requests per second, and more at once would measure the
// machine's stalls, not the emulator.
var probeGate = make(chan struct{}, 3*runtime.GOMAXPROCS(0))

// gated runs a probe's test body when the gate lets it.
func gated() func() {
	probeGate <- struct{}{}
	return func() { <-probeGate }
}
