package contract

import (
	"fmt"
	"strings"
)

// Error is an API error: a wire code, its HTTP status from the contract, and
// a message. It is what the emulator answers and what Validate returns.
type Error struct {
	Code    string
	Status  int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%d): %s", e.Code, e.Status, e.Message) }

// Is matches another *Error with the same code, so errors.Is works on codes.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

const paramHole = "{Param}"

// matches reports whether a concrete wire code is an instance of ec.
func (ec *ErrorCode) matches(wire string) bool {
	if !strings.Contains(ec.Code, paramHole) {
		return ec.Code == wire
	}
	prefix, suffix, _ := strings.Cut(ec.Code, paramHole)
	return len(wire) > len(prefix)+len(suffix) && strings.HasPrefix(wire, prefix) && strings.HasSuffix(wire, suffix)
}

// Err builds the error for a wire code of the contract with its documented
// status. detail, when not empty, replaces the documented message. An
// unknown code is a programming error and becomes ServerError.
func (c *Contract) Err(wire, detail string) *Error {
	ec, ok := c.Code(wire)
	if !ok {
		return &Error{Code: "ServerError", Status: 500, Message: "unknown error code " + wire}
	}
	msg := ec.Message
	if detail != "" {
		msg = detail
	}
	return &Error{Code: wire, Status: ec.Status, Message: msg}
}

// Missing builds the gateway's Missing{Param} error for a parameter.
func (c *Contract) Missing(param string) *Error {
	ec, _ := c.Code("Missing" + param)
	msg := "{Param} is mandatory for this action."
	if ec != nil {
		msg = ec.Message
	}
	return &Error{Code: "Missing" + param, Status: 400, Message: strings.ReplaceAll(msg, paramHole, param)}
}

// Invalid builds InputInvalid with a message naming the parameter.
func (c *Contract) Invalid(param, format string, args ...any) *Error {
	return c.Err("InputInvalid", fmt.Sprintf("The parameter %s is invalid: %s", param, fmt.Sprintf(format, args...)))
}
