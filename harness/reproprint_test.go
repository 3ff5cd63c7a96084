package harness

import (
	"testing"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/steps"
	"github.com/stretchr/testify/assert"
)

// TestCallLine: the line says every part of the request that call can say,
// and refuses what it cannot.
func TestCallLine(t *testing.T) {
	base := func() aliyun.Request {
		return aliyun.Request{Action: "RemoveLiveMessageGroupBand", Params: map[string]string{"AppId": "a1", "GroupId": "g 1"},
			Lists: map[string][]string{"UnbannedUsers": {"u1", "u2"}}}
	}
	for _, tc := range []struct {
		name    string
		change  func(*aliyun.Request)
		want    string
		notWhy  string
		otherKy string
	}{
		{name: "plain", change: func(*aliyun.Request) {},
			want: "livemsg call --target real RemoveLiveMessageGroupBand AppId=a1 'GroupId=g 1' UnbannedUsers=u1,u2"},
		{name: "envelope", change: func(r *aliyun.Request) {
			r.Signature, r.Method, r.Format, r.ListStyle = aliyun.SignV3Version, "GET", "XML", aliyun.ListJSON
		}, want: "livemsg call --target real --sign v3 --method GET --format XML --lists json RemoveLiveMessageGroupBand"},
		{name: "a required parameter missing", change: func(r *aliyun.Request) { delete(r.Params, "GroupId") },
			want: "--unchecked RemoveLiveMessageGroupBand AppId=a1 UnbannedUsers=u1,u2"},
		{name: "v3 version header", change: func(r *aliyun.Request) { r.Signature, r.Version = aliyun.SignV3Version, "2099-01-01" },
			notWhy: "x-acs-version"},
		{name: "omitted", change: func(r *aliyun.Request) { r.Omit = []string{"SignatureNonce"} }, notWhy: "leaves out SignatureNonce"},
		{name: "tampered", change: func(r *aliyun.Request) { r.TamperSignature = true }, notWhy: "corrupted"},
		{name: "another key", change: func(*aliyun.Request) {}, otherKy: "a key unknown to the target", notWhy: "a key unknown to the target"},
		{name: "unknown action", change: func(r *aliyun.Request) { r.Action = "Nope" }, notWhy: "Nope is not an operation"},
		{name: "a comma in a list item", change: func(r *aliyun.Request) { r.Lists["UnbannedUsers"] = []string{"a,b"} }, notWhy: "holds a comma"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := base()
			tc.change(&req)
			line, why := callLine(steps.Entry{Request: req, OtherKey: tc.otherKy}, []string{"--target", "real"})
			if tc.notWhy != "" {
				assert.Empty(t, line)
				assert.Contains(t, why, tc.notWhy)
				return
			}
			assert.Empty(t, why)
			assert.Contains(t, line, tc.want)
		})
	}
}
