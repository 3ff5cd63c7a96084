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
	return ok && t != nil && e != nil && t.Code == e.Code
}

const paramHole = "{Param}"

// matches reports whether a concrete wire code is an instance of ec.
func (ec *ErrorCode) matches(wire string) bool {
	if !strings.Contains(ec.Code, paramHole) {
		return ec.Code == wire
	}
	_, ok := ec.param(wire)
	return ok
}

// param returns the parameter name a concrete wire code puts in the {Param}
// hole of ec (GroupId for MissingGroupId).
func (ec *ErrorCode) param(wire string) (string, bool) {
	prefix, suffix, ok := strings.Cut(ec.Code, paramHole)
	if !ok || len(wire) <= len(prefix)+len(suffix) || !strings.HasPrefix(wire, prefix) || !strings.HasSuffix(wire, suffix) {
		return "", false
	}
	param := wire[len(prefix) : len(wire)-len(suffix)]
	return param, isParamName(param)
}

// isParamName reports a parameter name: letters and digits only, so that a
// template such as Invalid{Param} does not take in codes of another shape
// (InvalidApi.NotFound).
func isParamName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// Err builds the error for a wire code of the contract with its documented
// status. detail, when not empty, is the message; without it a gateway code
// has its fixed text and a product code (whose wire message is dynamic) the
// description of the error tables, which callers should not rely on: the
// emulator always says what was wrong. An unknown code is a programming
// error and panics, loudly, rather than passing for a ServerError: callers
// use the generated Code* constants (codes_gen.go) and check codes that
// come from outside (an armed fault) with Code first.
func (c *Contract) Err(wire, detail string) *Error {
	ec, ok := c.Code(wire)
	if !ok {
		panic(fmt.Sprintf("contract: error code %q is not in the contract", wire))
	}
	msg := ec.Message
	if ec.Dynamic() {
		msg = ec.Description
	}
	if param, ok := ec.param(wire); ok {
		msg = strings.ReplaceAll(msg, paramHole, param)
	}
	if detail != "" {
		msg = detail
	}
	return &Error{Code: wire, Status: ec.Status, Message: msg}
}

// Missing builds the gateway's Missing{Param} error for a parameter, with
// the status and message of the contract.
func (c *Contract) Missing(param string) *Error {
	wire := "Missing" + param
	if _, ok := c.Code(wire); !ok {
		// A contract without Missing{Param}: answer as the gateway does.
		return &Error{Code: wire, Status: 400, Message: param + " is mandatory for this action."}
	}
	return c.Err(wire, "")
}

// InvalidCommon builds the gateway's Invalid{Param} error for a common
// (protocol) parameter whose value the gateway does not accept.
func (c *Contract) InvalidCommon(param string) *Error { return c.Err("Invalid"+param, "") }

// Invalid builds InputInvalid with a message naming the parameter.
func (c *Contract) Invalid(param, format string, args ...any) *Error {
	return c.Err(CodeInputInvalid, fmt.Sprintf("The parameter %s is invalid: %s", param, fmt.Sprintf(format, args...)))
}

// IsThrottling reports a throttling code: the gateway's Throttling.User and
// Throttling.Api, and any other of the family (a bare "Throttling" from
// some gateways, Throttling.X tomorrow). A throttled request changed
// nothing, so it may always be sent again after a wait.
func IsThrottling(code string) bool { return strings.HasPrefix(code, throttlingFamily) }

// throttlingFamily is what every throttling code starts with.
const throttlingFamily = "Throttling"

// Idempotent reports whether the operation named action is safe to repeat
// (@idempotent); an action the contract does not have is not.
func (c *Contract) Idempotent(action string) bool {
	op, ok := c.Operation(action)
	return ok && op.Idempotent
}

// Transient reports a transient code of the contract (a server error of
// the gateway worth a retry); throttling is not one, nor any code the
// contract does not have.
func (c *Contract) Transient(code string) bool {
	ec, ok := c.Code(code)
	return ok && ec.Transient
}
