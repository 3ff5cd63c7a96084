package load_test

import (
	"flag"
	"os"
	"sync"
	"testing"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/internal/testrun"
	"github.com/livemsg/livemsg/mock"
)

func client(srv *mock.Server) *aliyun.Client {
	return aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
}

// The tests that time a provider run in lanes: tests of one lane run
// together, up to its width, and never beside another lane's. The other
// tests (a few requests each) run beside any lane.
//   - probes at loopback: each sends up to a few hundred requests per
//     second, and more at once would measure the machine's stalls, not
//     the emulator (three);
//   - probes at a distance: a few dozen requests a second each, waiting
//     on the link most of the time; a busy machine beside them bunches
//     the sender's requests, and at a distance a bunch is a round trip of
//     them sent blind (three: six at once, beside a busy package, sent
//     too slowly to measure a window within 10 s);
//   - profiles, two at a time: a profile drives up to 80 arrivals a second
//     for a few seconds, and a probe beside it would measure the machine's
//     stalls (an evenly spaced limiter loses the credit of every pause).
var (
	probeLane   = lane{width: 3} // probes at loopback
	farLane     = lane{width: 3} // probes at a distance
	profileLane = lane{width: 2} // profiles
)

// lane is a kind of timed test; lanes take turns (laneGate).
type lane struct{ width int }

// laneGate lets the tests of one lane in at a time.
var laneGate = struct {
	sync.Mutex
	cond *sync.Cond
	cur  *lane // the lane running (nil: none)
	in   int   // its tests running
}{}

func init() { laneGate.cond = sync.NewCond(&laneGate.Mutex) }

// enter waits until the test may run in l, and returns its leave.
func (l *lane) enter() func() {
	g := &laneGate
	g.Lock()
	for g.cur != nil && (g.cur != l || g.in >= l.width) {
		g.cond.Wait()
	}
	g.cur = l
	g.in++
	g.Unlock()
	return func() {
		g.Lock()
		g.in--
		if g.in == 0 {
			g.cur = nil
		}
		g.Unlock()
		g.cond.Broadcast()
	}
}

// gated runs a probe's test body in the loopback probes' lane.
func gated() func() { return probeLane.enter() }

// farGated runs a probe at a distance in its lane.
func farGated() func() { return farLane.enter() }

// profileGated runs a profile test's body alone.
func profileGated() func() { return profileLane.enter() }

// defaultParallel is how many tests of the package may run at once unless
// -parallel says otherwise: the lanes bound the timed ones, and the rest
// wait on loopback answers more than they use the cores.
const defaultParallel = 16

// TestMain runs the tests defaultParallel at a time unless -parallel says
// otherwise (it defaults to the cores, two here, and the lanes would then
// queue behind the quick tests).
func TestMain(m *testing.M) {
	flag.Parse()
	testrun.DefaultParallel(defaultParallel)
	os.Exit(m.Run())
}
