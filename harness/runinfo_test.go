package harness

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedactArgs(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "envsecretvalue")
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"plain flags kept", []string{"run", "--tags", "@op:X", "--out=dir"}, []string{"run", "--tags", "@op:X", "--out=dir"}},
		{"secret flag value, separate", []string{"mock", "--key", "id:secret"}, []string{"mock", "--key", "REDACTED"}},
		{"secret flag value, joined", []string{"run", "--access-key-secret=abc"}, []string{"run", "--access-key-secret=REDACTED"}},
		{"password in a URL", []string{"--endpoint", "http://u:pw@127.0.0.1:1"}, []string{"--endpoint", "http://u:REDACTED@127.0.0.1:1"}},
		{"the environment's secret anywhere", []string{"--app-id", "x-envsecretvalue"}, []string{"--app-id", "x-REDACTED"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, redactArgs(tc.in, nil))
		})
	}
}

// The environment's secrets are read through the command's lookup.
func TestRedactArgsThroughLookup(t *testing.T) {
	t.Parallel()
	own := func(k string) string { return map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": "lookuptoken"}[k] }
	assert.Equal(t, []string{"--app-id", "a-REDACTED"}, redactArgs([]string{"--app-id", "a-lookuptoken"}, own))
}
