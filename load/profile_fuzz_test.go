package load_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/livemsg/livemsg/load"
)

// FuzzParseProfile: a profile is outside input. Whatever the file holds,
// ParseProfile answers a checked profile or errors that name the file (and
// the line, where there is one); it never panics, and a profile it accepts
// has stages with positive durations, rates that are not negative, and a
// mix of positive weights.
func FuzzParseProfile(f *testing.F) {
	if b, err := os.ReadFile("../examples/profile.yaml"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		"", "stages: []", "stages:\n  - {duration: 1s, rate: 5}\nmix:\n  DeleteLiveMessageGroup: 1\nthresholds:\n  - {metric: p95_ms, below: 300}\n",
		"stages:\n  - {duration: -1s, rate: 5}", "mix: {Nope: 1}", "thresholds:\n  - {metric: p95_ms, below: x, abort: true, after: 1s}",
		"stages: {duration: 1s}", "\t\tbad: [", "start_rate: -3\n", "groups: 1e309\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := load.ParseProfile("fuzz.yaml", src, nil)
		if err != nil {
			if p != nil {
				t.Fatalf("a profile and an error: %v", err)
			}
			var pe *load.ProfileError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("the error does not name the file as a ProfileError: %v", err)
			}
			return
		}
		if len(p.Stages) == 0 || len(p.Mix) == 0 {
			t.Fatalf("accepted without stages or mix: %+v", p)
		}
		for _, s := range p.Stages {
			if s.Duration <= 0 || s.Rate < 0 {
				t.Fatalf("accepted stage %+v", s)
			}
		}
		for _, m := range p.Mix {
			if m.Weight <= 0 {
				t.Fatalf("accepted weight %+v", m)
			}
		}
	})
}
