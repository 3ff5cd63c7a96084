package contract_test

import (
	"fmt"
	"net/url"

	"github.com/livemsg/livemsg/contract"
)

// ExampleContract_Validate decodes a request in the comma-separated list
// form and validates it against the contract.
func ExampleContract_Validate() {
	c := contract.Default()
	op, _ := c.Operation("RemoveLiveMessageGroupBand")
	raw, _ := url.ParseQuery("AppId=app1&GroupId=g1&UnbannedUsers=*,u1")
	params, err := c.Decode(op, raw)
	if err == nil {
		err = c.Validate(op, params)
	}
	fmt.Println(err)
	fmt.Println(c.Missing("GroupId"))
	// Output:
	// InputInvalid (400): The parameter UnbannedUsers is invalid: "*" stands for every item and cannot be combined with others
	// MissingGroupId (400): GroupId is mandatory for this action.
}
