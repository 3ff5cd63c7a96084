package explore

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/livemsg/livemsg/contract"
)

// TestGeneratorNeverCreatesTheAbsentGroup: the id that stands for a group
// that does not exist is drawn (for every other operation), but never for
// the operation that creates groups: created, it would exist outside the
// pool that is journaled and cleaned up, left behind on a real account.
func TestGeneratorNeverCreatesTheAbsentGroup(t *testing.T) {
	c := contract.Default()
	const absent = "xabcde1none"
	drawn := 0
	rapid.Check(t, func(rt *rapid.T) {
		steps := newGenerator(c, []string{"xabcde1g1", "xabcde1g2", "xabcde1g3"}, absent, true).steps(6).Draw(rt, "steps")
		for _, s := range steps {
			op, _ := c.Operation(s.Op)
			if s.Params["GroupId"] != absent {
				continue
			}
			if op.Role == contract.RoleCreateGroup {
				rt.Fatalf("%s drawn with the absent group %s", s.Op, absent)
			}
			drawn++
		}
	})
	if drawn == 0 {
		t.Fatalf("the absent group was never drawn: the check above proved nothing")
	}
}
