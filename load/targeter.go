package load

import (
	"net/http"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/aliyun"
)

// Targeter returns a dynamic vegeta targeter for the probe: every target is
// built and signed afresh by the client (a new nonce, the current
// timestamp), so no two requests are alike and none is stale. vegeta's
// workers call it concurrently; the client's Build is safe for that.
func Targeter(c *aliyun.Client, p *Probe) vegeta.Targeter {
	return func(t *vegeta.Target) error {
		prep, err := c.Build(p.Request())
		if err != nil {
			return err
		}
		t.Method, t.URL, t.Body = prep.Method, prep.URL, prep.Body
		t.Header = make(http.Header, len(prep.Header))
		for k, v := range prep.Header {
			if http.CanonicalHeaderKey(k) == "Host" {
				continue // net/http takes the host from the URL
			}
			t.Header[k] = v
		}
		return nil
	}
}
