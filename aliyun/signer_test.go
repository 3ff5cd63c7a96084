package aliyun

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The worked example of the signature v1 documentation.
func TestSignV1DocumentedExample(t *testing.T) {
	params := url.Values{}
	for k, v := range map[string]string{
		"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML",
		"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
		"SignatureVersion": "1.0", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26",
	} {
		params.Set(k, v)
	}
	sts := StringToSignV1("GET", params)
	assert.Equal(t, "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26", sts)
	assert.Equal(t, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=", SignV1("testsecret", sts))
}

// The worked example of the v3 documentation ("fixed parameter values").
func TestSignV3DocumentedExample(t *testing.T) {
	q := url.Values{"ImageId": {"win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"}, "RegionId": {"cn-shanghai"}}
	h := map[string]string{
		"host": "ecs.cn-shanghai.aliyuncs.com", "x-acs-action": "RunInstances", "x-acs-version": "2014-05-26",
		"x-acs-date": "2023-10-26T10:22:32Z", "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
		"x-acs-content-sha256": HashPayload(nil),
	}
	signed := []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}
	sts := StringToSignV3(CanonicalRequestV3("POST", "/", q, h, signed, h["x-acs-content-sha256"]))
	assert.Equal(t, "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259", sts)
	assert.Equal(t, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0", SignV3("YourAccessKeySecret", sts))
}

// TestAppendStringToSignV1MatchesTheSpelledOutForm: the one-pass string to
// sign equals METHOD&%2F&PercentEncode(CanonicalQuery) for names and values
// that need encoding, repeated names and unsorted input.
func TestAppendStringToSignV1MatchesTheSpelledOutForm(t *testing.T) {
	for _, params := range []url.Values{
		{"Action": {"DescribeLiveMessageGroup"}, "AppId": {"a1"}, "Signature": {"x"}},
		{"GroupName": {"a b*c~d/é"}, "Z": {"1"}, "a": {"2"}, "B.1": {"x=y&z"}},
		{"UnbannedUsers.1": {"u2"}, "UnbannedUsers.2": {"u1"}, "Dup": {"b", "a", "%", "~"}},
		{"na me": {""}, "n{": {"1"}, "nz": {"2"}, "n%": {"3"}},
		{},
	} {
		for _, method := range []string{"GET", "post"} {
			want := strings.ToUpper(method) + "&" + PercentEncode("/") + "&" + PercentEncode(CanonicalQuery(params))
			assert.Equal(t, want, string(AppendStringToSignV1(nil, method, params)), "%v", params)
		}
	}
}
