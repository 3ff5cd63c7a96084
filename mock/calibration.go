package mock

import "maps"

// Calibration is what a calibration file (package calibrate, livemsg
// calibrate) makes of the emulator: per operation a limit and a
// throttling shape as a probe of the real service measured them, and the
// status and message of error answers as recorded there. calibrate's
// File.Emulator builds it, refusing what the emulator cannot honour.
type Calibration struct {
	QPS       map[string]int                    // operation -> limit
	Throttles map[string]Throttle               // operation -> shape
	Errors    map[string]map[string]ErrorAnswer // operation -> code -> answer
}

// ErrorAnswer is how an error code is answered: its status and message
// (0 and "" keep the contract's).
type ErrorAnswer struct {
	Status  int
	Message string
}

// WithCalibration makes the emulator behave as a calibration says; its
// limits and shapes replace what earlier options set for the same
// operations.
func WithCalibration(c Calibration) Option {
	return func(cfg *Config) {
		for op, n := range c.QPS {
			WithQPS(op, n)(cfg)
		}
		for op, t := range c.Throttles {
			WithThrottle(op, t)(cfg)
		}
		for op, codes := range c.Errors {
			if cfg.Errors == nil {
				cfg.Errors = map[string]map[string]ErrorAnswer{}
			}
			if cfg.Errors[op] == nil {
				cfg.Errors[op] = map[string]ErrorAnswer{}
			}
			maps.Copy(cfg.Errors[op], codes)
		}
	}
}

// Throttles returns the shape every operation is throttled in, as
// ParseThrottle reads it ("token:burst=74").
func (e *Emulator) Throttles() map[string]string { return e.limits.shapeSnapshot() }

// answer applies the calibrated answer of an operation's error code.
func (e *Emulator) answer(action string, status int, msg, code string) (int, string) {
	a, ok := e.errors[action][code]
	if !ok {
		return status, msg
	}
	if a.Status != 0 {
		status = a.Status
	}
	if a.Message != "" {
		msg = a.Message
	}
	return status, msg
}
