package harness

import (
	"net/http"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/target"
)

// recordDir makes the folder of cassettes of a run on t: every cassette
// names the endpoint and the kind of target, and the credentials are
// scrubbed wherever they would appear.
func recordDir(path string, t *target.Target) *cassette.Dir {
	creds := t.Client.Credentials()
	return cassette.NewDir(path, cassette.Meta{Endpoint: t.Endpoint, Target: t.Kind}, t.Client.HTTPClient().Transport,
		creds.AccessKeyID, creds.AccessKeySecret, creds.SecurityToken)
}

// recordCall gives `livemsg call --record` its recording client.
func recordCall(t *target.Target, path, action string) (*aliyun.Client, func(outcome, detail string)) {
	rt, finish := recordDir(path, t).Transport(cassette.KindCall, action, nil, nil)
	return t.Client.With(aliyun.WithHTTPClient(&http.Client{Transport: rt})), finish
}

// scenarioRecorder is steps.Options.Record over a cassette folder.
func scenarioRecorder(d *cassette.Dir) func(string, []string, http.RoundTripper) (http.RoundTripper, func(string, string)) {
	return func(name string, tags []string, base http.RoundTripper) (http.RoundTripper, func(string, string)) {
		return d.Transport(cassette.KindScenario, name, tags, base)
	}
}

func outcomeOf(ok bool) string {
	if ok {
		return "passed"
	}
	return "failed"
}
