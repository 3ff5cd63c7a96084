package load

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRefine(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		clean, high, estimate float64
		want                  float64
		ok                    bool
	}{
		{"first: just under the estimate", 0, 25, 23, 22, true},
		{"then just over it", 22, 30, 23, 24, true},
		{"close enough", 22, 25, 23, 0, false},
		{"bracket tight", 22, 24, 23, 0, false},
		{"large limit", 100, 200, 120, 117, true},
		{"large limit, over", 117, 200, 120, 123, true},
		{"large limit, tight", 117, 123, 120, 0, false},
		{"estimate contradicted: bisect", 30, 50, 20, 40, true},
		{"nothing left between", 10, 11, 10.5, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := refine(tc.clean, tc.high, tc.estimate)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}
