package harness_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/target"
)

// BenchmarkExplore200 is `livemsg explore --budget 200 --seed 1` on the
// embedded emulator, as `make explore` runs it: the target is
// under 15 s a run (`make bench` prints it as s/run).
func BenchmarkExplore200(b *testing.B) {
	var took time.Duration
	for i := 0; i < b.N; i++ {
		begin := time.Now()
		err := harness.Explore{Target: target.Spec{Kind: target.Mock}, OutDir: b.TempDir(),
			Sequences: explore.Config{Budget: 200, Seed: 1}}.Run(context.Background(), harness.Output{Stdout: io.Discard, Stderr: io.Discard})
		took += time.Since(begin)
		if err != nil {
			b.Fatalf("explore of the emulator against itself: %v", err)
		}
	}
	b.ReportMetric(took.Seconds()/float64(b.N), "s/run")
}
