package contract

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErr(t *testing.T) {
	c := Default()
	tests := []struct {
		name   string
		wire   string
		detail string
		want   Error
	}{
		{name: "documented message", wire: "ResourceNotExist", want: Error{Code: "ResourceNotExist", Status: 404, Message: "The requested resource does not exist."}},
		{name: "detail replaces message", wire: "NoAuth", detail: "no", want: Error{Code: "NoAuth", Status: 403, Message: "no"}},
		{name: "too many groups", wire: "ErrorTooManyGroups", want: Error{Code: "ErrorTooManyGroups", Status: 400, Message: "At most 5000 groups can be created under an AppId at the same time."}},
		{name: "server error", wire: "ServerError", want: Error{Code: "ServerError", Status: 500, Message: "An unknown error occurred."}},
		{name: "gateway code", wire: "Throttling.User", want: Error{Code: "Throttling.User", Status: 400, Message: "Request was denied due to user flow control."}},
		{name: "gateway 404", wire: "InvalidAction.NotFound", want: Error{Code: "InvalidAction.NotFound", Status: 404, Message: "Specified api is not found, please check your url and method."}},
		{name: "templated code fills its message", wire: "MissingGroupId", want: Error{Code: "MissingGroupId", Status: 400, Message: "GroupId is mandatory for this action."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Err(tc.wire, tc.detail)
			require.NotNil(t, got, "Err should build an error")
			assert.Equal(t, tc.want, *got, "error for %s", tc.wire)
		})
	}
}

func TestMissingAndInvalid(t *testing.T) {
	c := Default()
	m := c.Missing("UnbannedUsers")
	assert.Equal(t, Error{Code: "MissingUnbannedUsers", Status: 400, Message: "UnbannedUsers is mandatory for this action."}, *m, "Missing builds the gateway code")

	inv := c.Invalid("PageSize", "must be at most %d, got %d", 50, 51)
	assert.Equal(t, Error{Code: "InputInvalid", Status: 400, Message: "The parameter PageSize is invalid: must be at most 50, got 51"}, *inv, "Invalid names the parameter")
	assert.Equal(t, "InputInvalid (400): The parameter PageSize is invalid: must be at most 50, got 51", inv.Error(), "Error() shows code, status and message")
}

func TestErrorIs(t *testing.T) {
	c := Default()
	wrapped := fmt.Errorf("remove band: %w", c.Invalid("GroupId", "letters and digits only"))
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{name: "same code", err: wrapped, target: &Error{Code: "InputInvalid"}, want: true},
		{name: "same code other status and message", err: c.Err("NoAuth", ""), target: &Error{Code: "NoAuth", Status: 500, Message: "x"}, want: true},
		{name: "other code", err: wrapped, target: &Error{Code: "NoAuth"}, want: false},
		{name: "templated code by concrete code", err: c.Missing("GroupId"), target: &Error{Code: "MissingGroupId"}, want: true},
		{name: "other concrete code", err: c.Missing("GroupId"), target: &Error{Code: "MissingAppId"}, want: false},
		{name: "not an *Error", err: wrapped, target: errors.New("InputInvalid"), want: false},
		{name: "nil *Error target", err: wrapped, target: (*Error)(nil), want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got bool
			require.NotPanics(t, func() { got = errors.Is(tc.err, tc.target) }, "errors.Is should not panic")
			assert.Equal(t, tc.want, got, "errors.Is(%v, %v)", tc.err, tc.target)
		})
	}

	var apiErr *Error
	require.True(t, errors.As(wrapped, &apiErr), "errors.As should find the *Error")
	assert.Equal(t, 400, apiErr.Status, "status of the wrapped error")
}

func TestCodeTemplate(t *testing.T) {
	c := Default()
	tests := []struct {
		wire string
		want string // "" = not found
	}{
		{wire: "MissingGroupId", want: "Missing{Param}"},
		{wire: "MissingAppId", want: "Missing{Param}"},
		{wire: "Missing{Param}", want: "Missing{Param}"},
		{wire: "Missing", want: ""},
		{wire: "missingGroupId", want: ""},
		{wire: "XMissingGroupId", want: ""},
		{wire: "InvalidFormat", want: "Invalid{Param}"},
		{wire: "InvalidApi.NotFound", want: "InvalidApi.NotFound"}, // its own code, not the template
		{wire: "InvalidFoo.Bar", want: ""},                         // a placeholder holds a parameter name only
		{wire: "Missing-GroupId", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.wire, func(t *testing.T) {
			ec, ok := c.Code(tc.wire)
			if tc.want == "" {
				assert.False(t, ok, "%s should not match a contract code", tc.wire)
				return
			}
			require.True(t, ok, "%s should match a contract code", tc.wire)
			assert.Equal(t, tc.want, ec.Code, "code matched by %s", tc.wire)
			want := 400
			if tc.wire == "InvalidApi.NotFound" {
				want = 404
			}
			assert.Equal(t, want, ec.Status, "status of %s", tc.wire)
		})
	}
}

func TestInvalidCommon(t *testing.T) {
	err := Default().InvalidCommon("Format")
	assert.Equal(t, "InvalidFormat", err.Code)
	assert.Equal(t, 400, err.Status)
	assert.Equal(t, "Specified parameter Format is not valid.", err.Message)
}
