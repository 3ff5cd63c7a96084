package contract

// Op returns the operation of that name (an OpX constant), or nil when
// the contract has none.
func (c *Contract) Op(name string) *Operation {
	op, _ := c.Operation(name)
	return op
}
