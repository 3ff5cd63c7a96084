package aliyun

import "strings"

// The names of the request parameters and headers that carry a credential
// or a signature: the one list every redactor reads (this package's
// RedactText and RedactURL, the emulator's request log, the cassettes).
const (
	ParamSignature       = "Signature"
	ParamSecurityToken   = "SecurityToken"
	ParamAccessKeySecret = "AccessKeySecret"
	// ParamAccessKeyID is not secret as a whole: it is masked (MaskKeyID).
	ParamAccessKeyID = "AccessKeyId"
	// HeaderSecurityToken carries the security token of a v3 request.
	HeaderSecurityToken = "x-acs-security-token"
)

// SecretParams are redacted wherever they appear in a query, a form or a
// text.
var SecretParams = []string{ParamSignature, ParamSecurityToken, ParamAccessKeySecret}

// SigningParams are the protocol parameters that only sign a request: the
// secret ones, the key id and the signature's own settings. A recording
// never writes them.
var SigningParams = append(append([]string(nil), SecretParams...),
	ParamAccessKeyID, "SignatureNonce", "SignatureMethod", "SignatureVersion", "SignatureType")

// IsSecretParam reports a parameter whose value is redacted.
func IsSecretParam(name string) bool {
	for _, p := range SecretParams {
		if p == name {
			return true
		}
	}
	return false
}

// secretParamPattern is the alternation of SecretParams for a pattern.
func secretParamPattern() string { return "(" + strings.Join(SecretParams, "|") + ")" }

// lower returns the names in lower case: the keys a secret shape is
// searched by.
func lower(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(n)
	}
	return out
}
