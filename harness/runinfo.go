package harness

import (
	"net/url"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/target"
	"github.com/livemsg/livemsg/version"
)

// buildInfo is the running build as the report records it.
func buildInfo() reports.BuildInfo {
	in := version.Get()
	return reports.BuildInfo{Version: in.Version, Commit: in.Commit, Modified: in.Modified, GoVersion: in.GoVersion}
}

// secretFlag names flags whose value may be a secret (livemsg has none on
// the commands that write reports today; this keeps it so if one comes).
func secretFlag(name string) bool {
	name = strings.ToLower(strings.TrimLeft(name, "-"))
	for _, w := range []string{"secret", "token", "password", "key"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// redactArgs is the command line as a report records it: the value of a
// flag that may hold a secret, the password of a URL and any credential
// from the environment (read through getenv, nil: os.Getenv) replaced by
// REDACTED.
func redactArgs(args []string, getenv func(string) string) []string {
	getenv = target.Lookup(getenv)
	var secrets []string
	for _, v := range []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"} {
		if s := getenv(v); len(s) >= 4 {
			secrets = append(secrets, s)
		}
	}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(a, "=")
		switch {
		case strings.HasPrefix(a, "-") && secretFlag(name) && hasValue:
			a = name + "=" + aliyun.Redacted
		case strings.HasPrefix(a, "-") && secretFlag(name) && i+1 < len(args):
			out = append(out, a)
			i++
			a = aliyun.Redacted
		}
		if u, err := url.Parse(a); err == nil && u.User != nil {
			if _, ok := u.User.Password(); ok {
				u.User = url.UserPassword(u.User.Username(), aliyun.Redacted)
				a = u.String()
			}
		}
		for _, s := range secrets {
			a = strings.ReplaceAll(a, s, aliyun.Redacted)
		}
		out = append(out, a)
	}
	return out
}
