package reports

import (
	"math"
	"strconv"
)

// axis maps a data range [0, max] onto pixels and chooses round ticks.
type axis struct {
	max      float64 // data value at the far end, a multiple of step
	step     float64 // distance between ticks
	from, to float64 // pixels of 0 and of max
}

// newAxis returns an axis from 0 to at least hi, with about n round ticks
// (steps of 1, 2, 2.5 or 5 times a power of ten).
func newAxis(hi float64, n int, from, to float64) axis {
	if !(hi > 0) || math.IsInf(hi, 0) {
		hi = 1
	}
	step := niceStep(hi / float64(n))
	return axis{max: math.Ceil(hi/step-1e-9) * step, step: step, from: from, to: to}
}

// px is the pixel of value v.
func (a axis) px(v float64) float64 { return a.from + (a.to-a.from)*v/a.max }

// ticks are the values of the axis' ticks, 0 included.
func (a axis) ticks() []float64 {
	var out []float64
	for i := 0; ; i++ {
		v := float64(i) * a.step
		if v > a.max+a.step*1e-6 {
			return out
		}
		out = append(out, v)
	}
}

func niceStep(raw float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if raw <= m*mag*(1+1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// num formats a number for a label: no decimals when it is whole, else up to
// two, trailing zeros dropped.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
