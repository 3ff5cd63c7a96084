package mock

import (
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// LoggedRequest is an entry of the request log: secrets are redacted and
// the key id masked before it is stored.
type LoggedRequest struct {
	Time     time.Time         `json:"time"`
	Method   string            `json:"method"`
	Action   string            `json:"action"`
	KeyID    string            `json:"keyId,omitempty"`
	Status   int               `json:"status"`
	Code     string            `json:"code,omitempty"`
	Duration string            `json:"duration"`
	Params   map[string]string `json:"params"`
	query    string            // as received; parsed and redacted only when read
	form     string            // the form body, when there was one
	took     time.Duration
}

type requestLog struct {
	mu       sync.Mutex
	requests ring[LoggedRequest]
}

func newRequestLog(max int) *requestLog { return &requestLog{requests: newRing[LoggedRequest](max)} }

var redactedParams = map[string]bool{"Signature": true, "SecurityToken": true}

// add keeps a request. Its query and form body are kept as the strings
// received and parsed and redacted when the log is read, so the hot path
// copies nothing.
func (l *requestLog) add(r LoggedRequest) {
	l.mu.Lock()
	l.requests.push(r)
	l.mu.Unlock()
}

// recent returns up to n entries, newest first.
func (l *requestLog) recent(n int) []LoggedRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.requests.len()
	out := make([]LoggedRequest, 0, min(max(n, 0), kept))
	for i := kept - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, redacted(l.requests.at(i)))
	}
	return out
}

func redacted(r LoggedRequest) LoggedRequest {
	raw, _ := parseQuery(r.query) // a malformed query logs what could be read
	if r.form != "" {
		form, _ := parseQuery(r.form)
		for k, v := range form {
			if !raw.Has(k) {
				raw[k] = v
			}
		}
	}
	r.Params = make(map[string]string, len(raw))
	for k, v := range raw {
		switch {
		case len(v) == 0:
		case redactedParams[k]:
			r.Params[k] = aliyun.Redacted
		case k == "AccessKeyId":
			r.Params[k] = aliyun.MaskKeyID(v[0])
		default:
			r.Params[k] = v[0]
		}
	}
	r.KeyID = aliyun.MaskKeyID(r.KeyID)
	r.Duration = r.took.String()
	r.query, r.form = "", ""
	return r
}

func (l *requestLog) reset() {
	l.mu.Lock()
	l.requests.clear()
	l.mu.Unlock()
}
