package calibrate

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// Emulator is what the calibration makes of the emulator
// (mock.WithCalibration). Every fact is honoured or the whole file is
// refused, with one line per fact the emulator cannot honour and why.
func (f *File) Emulator() (mock.Calibration, error) {
	c := mock.Calibration{QPS: map[string]int{}, Throttles: map[string]mock.Throttle{}, Errors: map[string]map[string]mock.ErrorAnswer{}}
	ct := contract.Default()
	var refused []error
	refuse := func(op, what string, err error) { refused = append(refused, fmt.Errorf("%s: %s: %w", op, what, err)) }
	for _, op := range f.Operations {
		o, ok := ct.Operation(op.Name)
		if !ok {
			refuse(op.Name, "operation", errors.New("the contract has no such operation"))
			continue
		}
		if op.Throttle != nil {
			t, rate, err := EmulatorThrottle(*op.Throttle)
			if err != nil {
				refuse(op.Name, "throttle", err)
			} else {
				c.QPS[op.Name], c.Throttles[op.Name] = rate, t
			}
		}
		for _, e := range op.Errors {
			a, err := errorAnswer(ct, e)
			if err != nil {
				refuse(op.Name, "error "+e.Code, err)
			} else if a != (mock.ErrorAnswer{}) {
				if c.Errors[op.Name] == nil {
					c.Errors[op.Name] = map[string]mock.ErrorAnswer{}
				}
				c.Errors[op.Name][e.Code] = a
			}
		}
		for _, fd := range op.Fields {
			if err := fieldHonoured(o, fd); err != nil {
				refuse(op.Name, "field "+fd.Name, err)
			}
		}
	}
	if len(refused) > 0 {
		return mock.Calibration{}, fmt.Errorf("the emulator cannot honour %d facts of the calibration:\n%w", len(refused), errors.Join(refused...))
	}
	return c, nil
}

// EmulatorThrottle is the emulator's throttle for a probe's measurement,
// and the limit it enforces: the one place where a measured shape becomes
// the emulator's. The probe and the emulator name shapes alike
// (contract.Shapes); summaries written before they did said "evenly
// spaced" for gcra and "long window" for window, and are read so.
//
//	shape     emulator
//	sliding   sliding
//	fixed     fixed
//	token     token, burst = the bucket (the burst over the rate)
//	gcra      gcra, burst = the bucket
//	window    window, seconds = the window, rounded
//	shared    shared, rate = the limit
//
// The limit is what the rate-limit headers said (their Limit, per second
// of the window) when it agrees with the sustained limit measured, within
// max(5%, 1): the service's own figure, where the measurement is within a
// request of it. Headers that disagree, or none, are refused: the emulator
// always sends them, with Limit its limit (times the seconds of a long
// window).
func EmulatorThrottle(t Throttle) (mock.Throttle, int, error) {
	var m mock.Throttle
	secs := 1
	shape := t.Shape
	if now, ok := olderShapes[shape]; ok {
		shape = now
	}
	switch shape {
	case contract.ShapeSliding, contract.ShapeFixed:
		m.Shape = shape
	case contract.ShapeToken, contract.ShapeGCRA:
		m.Shape, m.Burst = shape, max(t.Bucket, 1)
	case contract.ShapeWindow:
		secs = int(math.Round(t.WindowS))
		if secs < 2 || math.Abs(t.WindowS-float64(secs)) > windowSlack {
			return mock.Throttle{}, 0, fmt.Errorf("a long window of %gs: the emulator's windows last a whole number of seconds, at least 2", t.WindowS)
		}
		m.Shape, m.Seconds = shape, secs
	case contract.ShapeShared:
		m.Shape = shape
	default:
		return mock.Throttle{}, 0, fmt.Errorf("shape %q: the emulator throttles in %s", t.Shape, strings.Join(contract.Shapes, ", "))
	}
	measured := t.SustainedQPS * float64(secs)
	switch {
	case t.Headers == nil:
		return mock.Throttle{}, 0, fmt.Errorf("the service sent no rate-limit headers when it throttled; the emulator always sends %s", mock.HeaderUserAPI)
	case math.Abs(float64(t.Headers.Limit)-measured) > math.Max(headersAgree*measured, 1):
		return mock.Throttle{}, 0, fmt.Errorf("the rate-limit headers said Limit:%d where %.1f per %s was measured; the emulator's Limit is what it enforces",
			t.Headers.Limit, measured, windowName(m))
	case t.Headers.Limit%secs != 0:
		return mock.Throttle{}, 0, fmt.Errorf("the rate-limit headers said Limit:%d per %s: not a whole number per second, which the emulator enforces", t.Headers.Limit, windowName(m))
	}
	rate := t.Headers.Limit / secs
	if rate < 1 || rate > mock.MaxQPS {
		return mock.Throttle{}, 0, fmt.Errorf("a limit of %d per second: the emulator enforces 1 to %d", rate, mock.MaxQPS)
	}
	if m.Shape == mock.ShapeShared {
		m.Rate = rate
	}
	if err := m.Validate(); err != nil {
		return mock.Throttle{}, 0, err
	}
	return m, rate, nil
}

// headersAgree is how far the headers' Limit may be from the measured
// limit, as a share of it (as the probe judges them, at least 1).
const headersAgree = 0.05

// olderShapes are the probe's names of two shapes before the probe and
// the emulator shared the contract's.
var olderShapes = map[string]string{"evenly spaced": contract.ShapeGCRA, "long window": contract.ShapeWindow}

// windowSlack is how far from a whole second a long window's measured
// length may be (the probe's pilots find it to within half a second).
const windowSlack = 0.5

func windowName(m mock.Throttle) string {
	if m.Seconds > 0 {
		return fmt.Sprintf("%ds window", m.Seconds)
	}
	return "second"
}

// errorAnswer is the emulator's answer for a recorded error: the status
// and message where they differ from the contract's. A code the contract
// does not know is one the emulator never answers.
func errorAnswer(ct *contract.Contract, e Error) (mock.ErrorAnswer, error) {
	ec, ok := ct.Code(e.Code)
	if !ok {
		return mock.ErrorAnswer{}, errors.New("the contract does not document this code, so the emulator never answers it")
	}
	var a mock.ErrorAnswer
	if e.Status != 0 && e.Status != ec.Status {
		if e.Status < 400 || e.Status > 599 {
			return a, fmt.Errorf("status %d: an error answer's status is 4xx or 5xx", e.Status)
		}
		a.Status = e.Status
	}
	if e.Message != "" && e.Message != ec.Message {
		if ec.Dynamic() {
			return a, errors.New("a message for a code whose message names what was wrong: keep it as example")
		}
		a.Message = e.Message
	}
	return a, nil
}

// fieldHonoured checks that the emulator writes a field in the format
// recorded: it writes every field as the contract types it.
func fieldHonoured(op *contract.Operation, fd Field) error {
	for _, f := range op.Result {
		if f.Name != fd.Name {
			continue
		}
		if want := ContractFormat(f); fd.Format != want {
			return fmt.Errorf("recorded as %s; the emulator writes it as %s, the contract's type: change the contract first", fd.Format, want)
		}
		return nil
	}
	return errors.New("the contract has no such field in the answer, so the emulator never writes it")
}
