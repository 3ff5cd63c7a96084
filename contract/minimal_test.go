package contract

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMinimalIsValid: the request Minimal builds for every operation of the
// contract passes Decode and Validate, holds every required parameter and
// nothing optional; set overrides, and "" leaves a parameter out.
func TestMinimalIsValid(t *testing.T) {
	c := Default()
	for _, op := range c.Operations() {
		params, lists := op.Minimal(map[string]string{"AppId": "app1"})
		raw := url.Values{}
		for k, v := range params {
			raw.Set(k, v)
		}
		for k, vs := range lists {
			for i, v := range vs {
				raw.Set(k+"."+itoa(i+1), v)
			}
		}
		decoded, err := c.Decode(op, raw)
		require.Nil(t, err, "%s: %v", op.Name, err)
		assert.Nil(t, c.Validate(op, decoded), "%s: the minimal request is valid", op.Name)
		for _, p := range op.Params {
			_, inP := params[p.Name]
			_, inL := lists[p.Name]
			if p.Name == "AppId" {
				continue
			}
			assert.Equal(t, p.Required, inP || inL, "%s.%s is in the minimal request exactly when required", op.Name, p.Name)
		}
	}
	op, ok := c.Operation("DescribeLiveMessageGroup")
	require.True(t, ok)
	params, _ := op.Minimal(map[string]string{"GroupId": "g1", "AppId": "", "DataCenter": "ap-southeast-1"})
	assert.Equal(t, map[string]string{"GroupId": "g1", "DataCenter": "ap-southeast-1"}, params)
}

// TestMinimalFollowsConstraints: a bound, a choice and a URL rule change
// the generated value.
func TestMinimalFollowsConstraints(t *testing.T) {
	min, max := int64(10), int64(50)
	assert.Equal(t, "10", (&Param{Kind: KindInt, Min: &min, Max: &max}).example())
	assert.Equal(t, "b", (&Param{OneOf: []string{"b", "a"}}).example())
	assert.Equal(t, "https://example.com/livemsg", (&Param{URL: &URLRule{Schemes: []string{"https"}}}).example())
	assert.Equal(t, "livemsg000", (&Param{MinLength: 10}).example())
	assert.Equal(t, "false", (&Param{Kind: KindBool}).example())
}

func itoa(i int) string { return string(rune('0' + i)) }
