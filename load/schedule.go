package load

import (
	"math"
	"time"
)

// A Schedule paces a drive, as vegeta's Pacer does, but it also reads the
// answers so far: the limit probe opens full pressure until the first
// throttle, waits out what it detected, and spends few over-limit
// requests. A constant rate is the simplest schedule.
type Schedule interface {
	// Next says when the next request goes, in time since the drive
	// began, and whether it is of the companion operation; done ends the
	// drive. now is the time since the drive began and seen every answer
	// so far. A Send at or before now is sent at once (the schedule may
	// count it as sent); one after now is waited for, unless an answer
	// comes first, in which case Next is asked again. Next is called with
	// seen locked: it must not keep seen.
	Next(now time.Duration, seen *Record) (next Send, done bool)
}

// Send is one request a schedule asks for.
type Send struct {
	At        time.Duration
	Companion bool
}

// Constant sends Rate requests per second, evenly, for Duration: the
// first at 0, the last before Duration.
type Constant struct {
	Rate     float64
	Duration time.Duration
	sent     int
}

// Next implements Schedule.
func (c *Constant) Next(now time.Duration, _ *Record) (Send, bool) {
	if c.sent >= c.total() {
		return Send{}, true
	}
	at := time.Duration(float64(c.sent) / c.Rate * float64(time.Second))
	if at <= now {
		c.sent++
	}
	return Send{At: at}, false
}

// total is how many requests the schedule sends: Rate × Duration, rounded.
func (c *Constant) total() int { return int(math.Round(c.Rate * c.Duration.Seconds())) }
