package aliyun

import (
	"fmt"
	"os"
	"strings"
)

// The standard environment variables of Alibaba Cloud credentials.
const (
	EnvAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	EnvSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"
)

// Credentials sign requests. String never shows the secret or the token.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
}

// CredentialsFromEnv reads the standard environment variables.
func CredentialsFromEnv() (Credentials, error) { return CredentialsFrom(os.Getenv) }

// CredentialsFrom reads the standard variables through getenv: the
// process's environment (os.Getenv) or a test's own.
func CredentialsFrom(getenv func(string) string) (Credentials, error) {
	c := Credentials{
		AccessKeyID:     getenv(EnvAccessKeyID),
		AccessKeySecret: getenv(EnvAccessKeySecret),
		SecurityToken:   getenv(EnvSecurityToken),
	}
	var missing []string
	if c.AccessKeyID == "" {
		missing = append(missing, EnvAccessKeyID)
	}
	if c.AccessKeySecret == "" {
		missing = append(missing, EnvAccessKeySecret)
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("set %s", strings.Join(missing, " and "))
	}
	return c, nil
}

// String masks the key id and leaves the secret and token out.
func (c Credentials) String() string {
	return "Credentials{AccessKeyID: " + MaskKeyID(c.AccessKeyID) + "}"
}

// GoString keeps %#v from printing the secret too.
func (c Credentials) GoString() string { return c.String() }

// MaskKeyID keeps the first two and last two characters of an AccessKeyId.
func MaskKeyID(id string) string {
	if len(id) <= 4 {
		return "****"
	}
	return id[:2] + strings.Repeat("*", len(id)-4) + id[len(id)-2:]
}
