package contract

// Op returns the operation of that name (an OpX constant), or nil when
// the contract has none.
func (c *Contract) Op(name string) *Operation {
	op, _ := c.Operation(name)
	return op
}

// QPS is the documented QPS limit of the operation of that name (0 when
// the contract has no such operation, or it has no limit): what a
// client-side pacer keeps under (aliyun.NewPacer).
func (c *Contract) QPS(name string) int {
	if op := c.Op(name); op != nil {
		return op.QPS
	}
	return 0
}
