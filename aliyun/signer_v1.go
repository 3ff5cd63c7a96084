package aliyun

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"strings"
)

// StringToSignV1 is METHOD&%2F&enc(canonical query).
func StringToSignV1(method string, params url.Values) string {
	return strings.ToUpper(method) + "&" + PercentEncode("/") + "&" + PercentEncode(CanonicalQuery(params))
}

// SignV1 is base64(HMAC-SHA1(secret + "&", stringToSign)).
func SignV1(secret, stringToSign string) string {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
