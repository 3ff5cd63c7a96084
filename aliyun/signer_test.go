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

var canonicalCases = []string{
	"", "a=1", "AccessKeyId=testid&Action=DescribeLiveMessageGroup&AppId=app&Signature=abc%2B%3D&SignatureNonce=n1",
	"a=1&a=2", "a=2&a=1", "b=1&a=2", "a=%20", "a=%41", "a=%2a", "a=%2", "a=+", "a", "a=1&", "&a=1", "=v", "a=%7E",
	"a=%E4%BD%A0&b=%2F", "Signature=x&Signature=y&a=1", "a=1;b", "a=%%41", "k%20=1&k=2", "a==1", "a=1&Signature",
}

// TestAppendStringToSignV1Canonical: for a canonical query the shortcut
// equals the general string to sign of the decoded parameters; for any
// other it declines and leaves dst as it was.
func TestAppendStringToSignV1Canonical(t *testing.T) {
	taken := 0
	for _, q := range canonicalCases {
		if checkCanonical(t, q) {
			taken++
		}
	}
	assert.GreaterOrEqual(t, taken, 8, "the shortcut is taken for canonical queries")
	for _, q := range []string{"a=%20", "a=%41", "b=1&a=2", "a=2&a=1", "a=+", "a", "a=%2a", "a=1&"} {
		_, ok := AppendStringToSignV1Canonical(nil, "GET", q)
		assert.Equal(t, q == "a=%20" || q == "a=1&", ok, "%q", q) // a trailing & adds no pair
	}
}

func FuzzAppendStringToSignV1Canonical(f *testing.F) {
	for _, q := range canonicalCases {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) { checkCanonical(t, q) })
}

func checkCanonical(t *testing.T, q string) bool {
	got, ok := AppendStringToSignV1Canonical([]byte("x"), "post", q)
	if !ok {
		assert.Equal(t, "x", string(got), "%q: nothing appended when declined", q)
		return false
	}
	params, err := url.ParseQuery(q)
	if !assert.NoError(t, err, "%q is canonical, so it parses", q) {
		return true
	}
	assert.Equal(t, "x"+StringToSignV1("POST", params), string(got), "%q", q)
	return true
}

// TestClientQueriesTakeTheCanonicalShortcut: what this client sends with a
// v1 signature is a canonical query, so an emulator verifies it without
// re-sorting.
func TestClientQueriesTakeTheCanonicalShortcut(t *testing.T) {
	c := NewClient("http://127.0.0.1", Credentials{AccessKeyID: "id", AccessKeySecret: "s", SecurityToken: "t"})
	for _, method := range []string{"GET", "POST"} {
		p, err := c.Build(Request{Action: "RemoveLiveMessageGroupBand", Method: method,
			Params: map[string]string{"AppId": "a b", "GroupId": "g*1"}, Lists: map[string][]string{"UnbannedUsers": {"u~1", "ü"}}})
		assert.NoError(t, err)
		u, err := url.Parse(p.URL)
		assert.NoError(t, err)
		got, ok := AppendStringToSignV1Canonical(nil, method, u.RawQuery)
		assert.True(t, ok, "%s %s", method, u.RawQuery)
		params, _ := url.ParseQuery(u.RawQuery)
		assert.Equal(t, StringToSignV1(method, params), string(got))
	}
}
