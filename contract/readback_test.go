package contract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadBackSays: a create is carried out when its group reads back
// active, not when it does not exist; a recover when its group reads back
// active, not when it is still deleted; anything else says nothing.
func TestReadBackSays(t *testing.T) {
	c := Default()
	create, _ := c.Operation(OpCreateLiveMessageGroup)
	recover, _ := c.Operation(OpRecoverLiveMessageDeletedGroup)
	require.NotNil(t, create.ReadBack)
	require.NotNil(t, recover.ReadBack)
	active, deleted := map[string]any{"Delete": false}, map[string]any{"Delete": true}
	for _, tc := range []struct {
		name           string
		r              *ReadBack
		ok             bool
		code           string
		fields         map[string]any
		carried, known bool
	}{
		{"create, group active", create.ReadBack, true, "", active, true, true},
		{"create, no such group", create.ReadBack, false, CodeResourceNotExist, nil, false, true},
		{"create, group deleted", create.ReadBack, true, "", deleted, false, false},
		{"create, read throttled", create.ReadBack, false, CodeThrottlingUser, nil, false, false},
		{"create, GroupId refused", create.ReadBack, false, CodeInputInvalid, nil, false, true},
		{"recover, group active", recover.ReadBack, true, "", active, true, true},
		{"recover, still deleted", recover.ReadBack, true, "", deleted, false, true},
		{"recover, no such group", recover.ReadBack, false, CodeResourceNotExist, nil, false, true},
		{"create, Delete as text", create.ReadBack, true, "", map[string]any{"Delete": "false"}, true, true},
	} {
		carried, known := tc.r.Says(tc.ok, tc.code, tc.fields)
		assert.Equal(t, [2]bool{tc.carried, tc.known}, [2]bool{carried, known}, tc.name)
	}
	got := c.ReadBackParams(create.ReadBack, map[string]string{"AppId": "a", "GroupId": "g", "CreatorId": "u", "GroupName": "n"})
	assert.Equal(t, map[string]string{"AppId": "a", "GroupId": "g"}, got, "only what the read takes")
}

// TestReadBackChecked: the loader refuses a read-back that could not
// settle anything: not a read, a code the read never answers, a field it
// has not, on a call that is resent anyway.
func TestReadBackChecked(t *testing.T) {
	good := `@readBack(op: "DescribeLiveMessageGroup", carried: ["Delete=false"], notCarried: ["ResourceNotExist", "InputInvalid"])`
	require.Contains(t, SDL(), good)
	for bad, says := range map[string]string{
		`@readBack(op: "DeleteLiveMessageGroup", carried: ["Delete=false"], notCarried: ["ResourceNotExist"])`: "not a read",
		`@readBack(op: "DescribeLiveMessageGroup", carried: ["Delete=false"], notCarried: ["Throttled"])`:      `does not answer "Throttled"`,
		`@readBack(op: "DescribeLiveMessageGroup", carried: ["Gone=false"], notCarried: ["ResourceNotExist"])`: "has no field Gone",
		good + "\n    @idempotent": "it is resent, not read back",
	} {
		_, err := Parse("bad.graphql", strings.Replace(SDL(), good, bad, 1))
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), says)
	}
}
