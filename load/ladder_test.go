package load

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRates(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []Rate
	}{
		{"default ladder", "0.5x,1x,1.5x,2x", DefaultRates},
		{"absolute", "25,50,75", []Rate{{Absolute: 25}, {Absolute: 50}, {Absolute: 75}}},
		{"mixed with spaces", " 0.5x, 75 ,2X", []Rate{{Multiple: 0.5}, {Absolute: 75}, {Multiple: 2}}},
		{"fractional", "12.5", []Rate{{Absolute: 12.5}}},
		{"trailing comma", "1x,", []Rate{{Multiple: 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseRates(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, bad := range []string{"", ",", "x", "-1x", "0", "0x", "fast", "1.5xx", "NaN", "Inf", "1e9", "0.001"} {
		t.Run("refuses "+bad, func(t *testing.T) {
			_, err := ParseRates(bad)
			assert.Error(t, err, "%q is not a ladder", bad)
		})
	}
}

func FuzzParseRates(f *testing.F) {
	for _, s := range []string{"0.5x,1x,1.5x,2x", "25,50,75", "1e2x", " 3 ,x", "0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rates, err := ParseRates(s)
		if err != nil {
			return
		}
		for _, r := range rates {
			v := r.For(50)
			if !(v > 0 && v <= maxRate*50) {
				t.Fatalf("%q gave rate %v", s, v)
			}
		}
	})
}

func TestRateFor(t *testing.T) {
	rates, err := ParseRates("0.5x,1x,75")
	require.NoError(t, err)
	assert.Equal(t, []float64{25, 50, 75}, []float64{rates[0].For(50), rates[1].For(50), rates[2].For(50)})
	assert.Equal(t, []string{"0.5x", "1x", "75"}, []string{rates[0].String(), rates[1].String(), rates[2].String()})
}

func TestLadder(t *testing.T) {
	for _, tc := range []struct {
		name       string
		rates      []Rate
		documented int
		want       []float64
	}{
		{"default at 50", DefaultRates, 50, []float64{25, 50, 75, 100}},
		{"default at 10", DefaultRates, 10, []float64{5, 10, 15, 20}},
		{"sorted and each once", []Rate{{Absolute: 75}, {Multiple: 1}, {Absolute: 50}}, 50, []float64{50, 75}},
		{"rounded to a hundredth", []Rate{{Multiple: 1.0 / 3}}, 10, []float64{3.33}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Ladder(tc.rates, tc.documented))
		})
	}
}

func TestNextRung(t *testing.T) {
	for _, tc := range []struct {
		name       string
		top        float64
		documented int
		want       float64
		ok         bool
	}{
		{"below the limit: not extended", 25, 50, 0, false},
		{"at the limit", 50, 50, 75, true},
		{"above", 100, 50, 150, true},
		{"clamped to 8x", 300, 50, 400, true},
		{"at 8x: stop", 400, 50, 0, false},
		{"small limit", 20, 10, 30, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := nextRung(tc.top, tc.documented)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
	// the whole extension from 2x of 50 reaches 8x in four rungs
	rung, n := 100.0, 0
	for next, ok := nextRung(rung, 50); ok; next, ok = nextRung(rung, 50) {
		rung, n = next, n+1
	}
	assert.Equal(t, 400.0, rung)
	assert.Equal(t, 4, n, "100 → 150 → 225 → 338 → 400")
}
