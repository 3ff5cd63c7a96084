package steps

import (
	"fmt"
	"strings"
	"sync"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// checkAnswer lists every way an answer departs from the contract, whatever
// the step then expects of it: its envelope (headers, Content-Type against
// the Format asked, error body keys, RequestId format; contract.CheckEnvelope),
// its body against the operation's result (JSON), and a RequestId that an
// earlier answer of the run already carried. Every call a step makes goes
// through it (doWith; a fill's calls too). The bursts of the throttling
// steps are vegeta's: they are judged by their codes, not one by one.
func (w *World) checkAnswer(req aliyun.Request, resp *aliyun.Response) []string {
	problems := contract.CheckHeaders(resp.Header, resp.Body)
	problems = append(problems, contract.CheckEnvelope(req.Format, resp.Status, resp.Header, resp.Body)...)
	if op, ok := w.s.contract.Operation(req.Action); ok && !contract.WantsXML(req.Format) {
		problems = append(problems, w.s.contract.CheckResponse(op, resp.Status, resp.Body)...)
	}
	if earlier := w.s.requestIDs.first(resp.RequestID, req.Action+" in "+w.scenario); earlier != "" {
		problems = append(problems, fmt.Sprintf("RequestId %s is not unique: it was the answer to %s too", resp.RequestID, earlier))
	}
	return problems
}

// answerDeparts is checkAnswer's finding as the step's error (nil when the
// answer conforms).
func (w *World) answerDeparts(req aliyun.Request, resp *aliyun.Response) error {
	if problems := w.checkAnswer(req, resp); len(problems) > 0 {
		return fmt.Errorf("%s answer departs from the contract:\n  %s", req.Action, strings.Join(problems, "\n  "))
	}
	return nil
}

// requestIDs remembers every RequestId a run was answered with: the
// service gives each answer its own.
type requestIDs struct {
	mu   sync.Mutex
	seen map[string]string // RequestId -> the call it answered
}

// first records id as the answer to call and returns the call an earlier
// answer with the same id answered ("" when none did, or id is empty:
// CheckResponse reports a missing one).
func (r *requestIDs) first(id, call string) string {
	if id == "" {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]string{}
	}
	if earlier, ok := r.seen[id]; ok {
		return earlier
	}
	r.seen[id] = call
	return ""
}
