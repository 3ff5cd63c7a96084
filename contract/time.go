package contract

import (
	"fmt"
	"time"
)

// TimeUnit is the unit of a UNIX timestamp: the SDL states it with the
// scalar (UnixSeconds, UnixMillis), so no time is ever read in the wrong one.
type TimeUnit int

// The units of time the contract knows.
const (
	NoUnit  TimeUnit = iota // not a time
	Seconds                 // UnixSeconds
	Millis                  // UnixMillis
)

func (u TimeUnit) String() string {
	switch u {
	case Seconds:
		return "UNIX seconds"
	case Millis:
		return "UNIX milliseconds"
	}
	return "no unit"
}

// UnixSeconds is a time as a UnixSeconds field holds it. The emulator
// builds every such field from this type (never from a bare int64), and its
// tests check each time field's Go type against the contract's unit.
type UnixSeconds int64

// UnixMillis is a time as a UnixMillis field holds it.
type UnixMillis int64

// SecondsOf is t as UnixSeconds.
func SecondsOf(t time.Time) UnixSeconds { return UnixSeconds(t.Unix()) }

// MillisOf is t as UnixMillis.
func MillisOf(t time.Time) UnixMillis { return UnixMillis(t.UnixMilli()) }

// Time is the instant.
func (s UnixSeconds) Time() time.Time { return time.Unix(int64(s), 0) }

// Time is the instant.
func (m UnixMillis) Time() time.Time { return time.UnixMilli(int64(m)) }

// millisFloor: UNIX milliseconds since 1973-03-03 are at least this, and
// UNIX seconds stay below it until the year 5138. A time field's value
// tells its unit by its magnitude, so a time written in the wrong unit is
// caught, whatever the clock says.
const millisFloor = 100_000_000_000

// CheckTime reports a value that cannot be a time in unit u (0 is allowed:
// "not set"), naming the unit it looks like instead.
func CheckTime(u TimeUnit, v int64) error {
	switch {
	case v < 0:
		return fmt.Errorf("%d is negative, want %s", v, u)
	case v == 0:
		return nil
	case u == Seconds && v >= millisFloor:
		return fmt.Errorf("%d looks like UNIX milliseconds (%s), want UNIX seconds", v, time.UnixMilli(v).UTC().Format(time.RFC3339))
	case u == Millis && v < millisFloor:
		return fmt.Errorf("%d looks like UNIX seconds (%s), want UNIX milliseconds", v, time.Unix(v, 0).UTC().Format(time.RFC3339))
	}
	return nil
}
