package contract

import (
	"net/url"
	"testing"
)

// FuzzDecodeValidate feeds arbitrary query strings through Decode and
// Validate for RemoveLiveMessageGroupBand: no input may panic, and every
// rejection must be a client error (4xx) with a code of the contract.
func FuzzDecodeValidate(f *testing.F) {
	for _, seed := range []string{
		"AppId=app1&GroupId=g1&UnbannedUsers.1=a&UnbannedUsers.2=b",
		"AppId=app1&GroupId=g1&UnbannedUsers=a,b",
		`AppId=app1&GroupId=g1&UnbannedUsers=["a","b"]`,
		"AppId=app1&GroupId=g1&UnbannedUsers=*",
		"AppId=app1&GroupId=g1&UnbannedUsers=*,a&DataCenter=eu-west-1",
		"AppId=app1&GroupId=g1&UnbannedUsers.1=a&UnbannedUsers.3=b",
		"AppId=app1&AppId=app2&UnbannedUsers.01=a&UnbannedUsers=b",
		`GroupId=%ff&UnbannedUsers=["a",null]`,
		"Action=RemoveLiveMessageGroupBand&Version=2016-11-01&Foo=bar",
		"",
	} {
		f.Add(seed)
	}
	c := Default()
	op, ok := c.Operation("RemoveLiveMessageGroupBand")
	if !ok {
		f.Fatal("RemoveLiveMessageGroupBand should be in the contract")
	}
	f.Fuzz(func(t *testing.T, query string) {
		raw, err := url.ParseQuery(query)
		if err != nil {
			return // the HTTP layer answers a query it cannot parse
		}
		params, apiErr := c.Decode(op, raw)
		if _, again := c.Decode(op, raw); (again == nil) != (apiErr == nil) || (again != nil && again.Message != apiErr.Message) {
			t.Fatalf("Decode of %q answered %v, then %v", query, apiErr, again)
		}
		if apiErr == nil {
			apiErr = c.Validate(op, params)
		}
		if apiErr == nil {
			if n := len(params.List("UnbannedUsers")); n < 1 || n > 30 {
				t.Fatalf("valid request with %d UnbannedUsers: %q", n, query)
			}
			return
		}
		if apiErr.Status < 400 || apiErr.Status > 499 {
			t.Fatalf("status %d for %q: %v", apiErr.Status, query, apiErr)
		}
		if _, ok := c.Code(apiErr.Code); !ok {
			t.Fatalf("code %s of %q is not in the contract", apiErr.Code, query)
		}
		if apiErr.Message == "" {
			t.Fatalf("error without a message for %q", query)
		}
	})
}
