package mock

import (
	"strings"
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/internal/ring"
)

// LoggedRequest is an entry of the request log: secrets are redacted and
// the key id masked before it is stored. A query or form body longer than
// 4 KiB is kept cut (at a parameter boundary where there is one) and
// Truncated is set; QueryBytes and BodyBytes keep the lengths received.
type LoggedRequest struct {
	Time       time.Time         `json:"time"`
	Method     string            `json:"method"`
	Action     string            `json:"action"`
	KeyID      string            `json:"keyId,omitempty"`
	Status     int               `json:"status"`
	Code       string            `json:"code,omitempty"`
	Duration   string            `json:"duration"`
	Params     map[string]string `json:"params"`
	QueryBytes int               `json:"queryBytes"`
	BodyBytes  int               `json:"bodyBytes,omitempty"`
	Truncated  bool              `json:"truncated,omitempty"`
	query      string            // as received (cut to maxLogged); parsed and redacted only when read
	form       string            // the form body, when there was one (cut to maxLogged)
	bodyBytes  int
	took       time.Duration
}

// The request log keeps at most maxRequests entries of at most maxLogged
// bytes of query and maxLogged of form body each: 8 MiB in all, whatever
// clients send.
const (
	maxRequests = 1000
	maxLogged   = 4 << 10
)

type requestLog struct {
	mu       sync.Mutex
	requests ring.Ring[LoggedRequest]
}

func newRequestLog(max int) *requestLog { return &requestLog{requests: ring.New[LoggedRequest](max)} }

// add keeps a request. Its query and form body are kept as the strings
// received and parsed and redacted when the log is read, so the hot path
// copies nothing; only a long one is cut, and copied so that the log does
// not hold the whole string received.
func (l *requestLog) add(r LoggedRequest) {
	r.QueryBytes, r.BodyBytes = len(r.query), r.bodyBytes
	if len(r.query) > maxLogged || len(r.form) > maxLogged {
		r.query, r.form, r.Truncated = clipLogged(r.query), clipLogged(r.form), true
	}
	l.mu.Lock()
	l.requests.Push(r)
	l.mu.Unlock()
}

// recent returns up to n entries, newest first.
func (l *requestLog) recent(n int) []LoggedRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.requests.Len()
	out := make([]LoggedRequest, 0, min(max(n, 0), kept))
	for i := kept - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, redacted(l.requests.At(i)))
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
		case aliyun.IsSecretParam(k):
			r.Params[k] = aliyun.Redacted
		case k == aliyun.ParamAccessKeyID:
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

// clipLogged cuts s to at most maxLogged bytes, at the last parameter
// boundary ('&') when there is one, in a copy of its own.
func clipLogged(s string) string {
	if len(s) <= maxLogged {
		return s
	}
	s = s[:maxLogged]
	if i := strings.LastIndexByte(s, '&'); i > 0 {
		s = s[:i]
	}
	return strings.Clone(s)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	l.requests.Clear()
	l.mu.Unlock()
}
