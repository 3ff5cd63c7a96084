package load_test

import (
	"runtime"
	"sync"

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

// gated runs a probe's test body when the gate lets it, and never beside
// a profile test.
func gated() func() {
	profileLock.RLock()
	probeGate <- struct{}{}
	return func() { <-probeGate; profileLock.RUnlock() }
}

// profileLock runs the profile tests alone, each in turn, with no probe
// beside it: a profile drives up to 80 arrivals a second for a few seconds,
// and the probe matrix beside it would measure the machine's stalls (an
// evenly spaced limiter loses the credit of every pause).
var profileLock sync.RWMutex

// profileGated runs a profile test's body when nothing gated runs.
func profileGated() func() {
	profileLock.Lock()
	return profileLock.Unlock
}
