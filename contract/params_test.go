package contract

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	c := Default()
	op := mustOp(t, "RemoveLiveMessageGroupBand")
	tests := []struct {
		name  string
		query string
		want  Params // when code is ""
		code  string
		param string // the parameter the message must name
	}{
		{name: "indexed list", query: "UnbannedUsers.1=a&UnbannedUsers.2=b", want: Params{"UnbannedUsers": {"a", "b"}}},
		{name: "indexed list out of order", query: "UnbannedUsers.2=b&UnbannedUsers.1=a", want: Params{"UnbannedUsers": {"a", "b"}}},
		{name: "indexed list of ten", query: "UnbannedUsers.10=j&UnbannedUsers.1=a&UnbannedUsers.2=b&UnbannedUsers.3=c&UnbannedUsers.4=d&UnbannedUsers.5=e&UnbannedUsers.6=f&UnbannedUsers.7=g&UnbannedUsers.8=h&UnbannedUsers.9=i",
			want: Params{"UnbannedUsers": {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}}},
		{name: "comma list", query: "UnbannedUsers=a,b", want: Params{"UnbannedUsers": {"a", "b"}}},
		{name: "comma list with spaces", query: "UnbannedUsers=a,%20b", want: Params{"UnbannedUsers": {"a", "b"}}},
		{name: "JSON list", query: `UnbannedUsers=["a","b"]`, want: Params{"UnbannedUsers": {"a", "b"}}},
		{name: "JSON list escaped", query: "UnbannedUsers=" + url.QueryEscape(` ["a", "b"] `), want: Params{"UnbannedUsers": {"a", "b"}}},
		{name: "single item", query: "UnbannedUsers=*", want: Params{"UnbannedUsers": {"*"}}},
		{name: "empty list value", query: "UnbannedUsers=", want: Params{"UnbannedUsers": {}}},
		{name: "scalars", query: "AppId=app1&GroupId=g1&DataCenter=cn-shanghai",
			want: Params{"AppId": {"app1"}, "GroupId": {"g1"}, "DataCenter": {"cn-shanghai"}}},
		{name: "empty scalar kept", query: "GroupId=", want: Params{"GroupId": {""}}},
		{name: "unknown and common params ignored",
			query: "Action=RemoveLiveMessageGroupBand&Version=2016-11-01&Format=JSON&AccessKeyId=ak&SignatureMethod=HMAC-SHA1" +
				"&SignatureVersion=1.0&SignatureNonce=n&SignatureType=&Timestamp=2026-01-01T00:00:00Z&Signature=s&RegionId=cn-shanghai" +
				"&SecurityToken=t&Foo=bar&Foo=baz&Bar.1=x&GroupId.1=x&AppId=app1",
			want: Params{"AppId": {"app1"}}},
		{name: "mixed comma and indexed", query: "UnbannedUsers=a&UnbannedUsers.1=b", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "mixed JSON and indexed", query: `UnbannedUsers=["a"]&UnbannedUsers.1=b`, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "gap", query: "UnbannedUsers.1=a&UnbannedUsers.3=b", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "index zero", query: "UnbannedUsers.0=a&UnbannedUsers.1=b", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "index not a number", query: "UnbannedUsers.x=a", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "index empty", query: "UnbannedUsers.=a", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "index with leading zero", query: "UnbannedUsers.1=a&UnbannedUsers.01=b", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "index with plus", query: "UnbannedUsers.1=a&UnbannedUsers.%2B1=b", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "index of an index", query: "UnbannedUsers.1.1=a", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "same index twice", query: "UnbannedUsers.1=a&UnbannedUsers.1=b", code: "InputInvalid", param: "UnbannedUsers.1"},
		{name: "duplicate scalar", query: "GroupId=a&GroupId=b", code: "InputInvalid", param: "GroupId"},
		{name: "duplicate scalar same value", query: "GroupId=a&GroupId=a", code: "InputInvalid", param: "GroupId"},
		{name: "list sent twice", query: "UnbannedUsers=a&UnbannedUsers=b", code: "InputInvalid", param: "UnbannedUsers"},
		{name: "bad JSON", query: `UnbannedUsers=["a",`, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "JSON of numbers", query: `UnbannedUsers=[1,2]`, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "JSON with trailing data", query: `UnbannedUsers=["a"]x`, code: "InputInvalid", param: "UnbannedUsers"},
		{name: "invalid UTF-8 value", query: "GroupId=%ff", code: "InputInvalid", param: "GroupId"},
		{name: "invalid UTF-8 list item", query: "UnbannedUsers.1=%c3%28", code: "InputInvalid", param: "UnbannedUsers.1"},
		{name: "invalid UTF-8 name", query: "Group%ffId=a", code: "InputInvalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw, perr := url.ParseQuery(tc.query)
			require.NoError(t, perr, "the test query should parse")
			got, err := c.Decode(op, raw)
			if tc.code == "" {
				require.Nil(t, err, "%s should decode", tc.query)
				assert.Equal(t, tc.want, got, "decoded parameters of %s", tc.query)
				return
			}
			require.NotNil(t, err, "%s should be rejected", tc.query)
			assert.Nil(t, got, "no parameters with an error")
			assert.Equal(t, tc.code, err.Code, "code for %s (%s)", tc.query, err.Message)
			assert.Equal(t, 400, err.Status, "status of %s", tc.code)
			if tc.param != "" {
				assert.Contains(t, err.Message, "The parameter "+tc.param+" ", "the message should name the parameter")
			}
		})
	}
}

// TestDecodeListFormsAgree checks that the three list forms real clients send
// give the same parameters and the same verdict.
func TestDecodeListFormsAgree(t *testing.T) {
	c := Default()
	op := mustOp(t, "RemoveLiveMessageGroupBand")
	forms := []struct {
		name  string
		query string
	}{
		{name: "SDK v1 indexed", query: "AppId=app1&GroupId=g1&UnbannedUsers.1=a&UnbannedUsers.2=b"},
		{name: "comma-separated", query: "AppId=app1&GroupId=g1&UnbannedUsers=a,b"},
		{name: "JSON array", query: `AppId=app1&GroupId=g1&UnbannedUsers=["a","b"]`},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			raw, perr := url.ParseQuery(f.query)
			require.NoError(t, perr, "the test query should parse")
			got, err := c.Decode(op, raw)
			require.Nil(t, err, "%s should decode", f.query)
			assert.Equal(t, []string{"a", "b"}, got.List("UnbannedUsers"), "the list of %s", f.query)
			assert.Nil(t, c.Validate(op, got), "%s should validate", f.query)
		})
	}
}

// TestDecodeDeterministic checks that a request with several faults gets the
// same answer every time, whatever the order of map iteration.
func TestDecodeDeterministic(t *testing.T) {
	c := Default()
	op := mustOp(t, "RemoveLiveMessageGroupBand")
	raw, perr := url.ParseQuery("AppId=a&AppId=b&GroupId=x&GroupId=y&UnbannedUsers.1=a&UnbannedUsers.3=c&DataCenter=%ff")
	require.NoError(t, perr, "the test query should parse")
	first, _ := c.Decode(op, raw)
	_, want := c.Decode(op, raw)
	require.NotNil(t, want, "the request should be rejected")
	assert.Nil(t, first, "no parameters with an error")
	for range 50 {
		_, err := c.Decode(op, raw)
		require.NotNil(t, err, "the request should be rejected")
		assert.Equal(t, want.Message, err.Message, "the same request should get the same answer")
	}
}
