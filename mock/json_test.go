package mock

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAppendJSONMatchesEncodingJSON: the fast encoder writes what
// encoding/json would (without HTML escaping) for every shape answers hold.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	v := map[string]any{
		"RequestId": "A-1", "Delete": true, "Createtime": int64(1700000000123), "MsgType": 3,
		"AdminList": []string{"a", "b\"c"}, "Empty": []string{}, "MsgAmount": map[string]int64{"1": 2, "10": 3},
		"GroupList": []any{map[string]any{"GroupId": "g<1>&", "Info": "line\nnext\ttab\x01 é 中 \u2028"}},
		"Broken":    "\xff", "Nil": nil,
	}
	got := appendJSON(nil, v)
	var back, want any
	require.NoError(t, json.Unmarshal(got, &back), "valid JSON: %s", got)
	ref, err := json.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(ref, &want))
	assert.Equal(t, want, back)
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00\xff", "中文\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var back string
		if err := json.Unmarshal(appendString(nil, s), &back); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		ref, _ := json.Marshal(s)
		var want string
		_ = json.Unmarshal(ref, &want)
		if back != want {
			t.Fatalf("%q: got %q want %q", s, back, want)
		}
	})
}
