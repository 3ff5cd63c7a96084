package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// World is one scenario's state. godog builds a new one per scenario, so
// scenarios may run concurrently.
type World struct {
	s       *suite
	client  *aliyun.Client // the scenario's own key on an emulator
	creds   aliyun.Credentials
	admin   *mock.Admin // nil on a real target
	account string      // the scenario's own account on an emulator
	appID   string

	groups   map[string]string // alias -> group id
	created  []string          // group ids to delete afterwards
	maybe    []string          // group ids whose create got no answer: deleted afterwards too
	closed   map[string]bool   // group ids of created whose delete was answered with success (and not recovered since)
	mu       sync.Mutex        // guards created and maybe: a fill creates with several workers
	muted    []string          // the users a "N users are muted" step muted
	otherKey *aliyun.Credentials
	burst    *burstResult
	pages    *pages       // what the last read of every page found
	settings *appSettings // the app's settings to set back (a real target)

	last      *aliyun.Response
	lastOp    string
	lost      *aliyun.TransportError // the last call's answer was lost, and reading back shows it carried out
	first     *aliyun.Response       // of a two-call step
	entries   []Entry                // the transcript: admin calls and exchanges, in order
	failed    string                 // the text of the step that failed
	failedAt  string                 // its file:line
	failedAs  string                 // its text as written, keyword included
	checks    []string               // the messages of the step's failed checks
	checked   string                 // those of the step that failed the scenario
	traces    []string               // the same messages whole, frames included
	trace     string                 // those of the step that failed the scenario
	uri       string                 // the scenario's feature file
	scenario  string                 // its name, quoted, for messages
	transport error                  // the transport fault that stopped the scenario
	skipped   bool
	started   time.Time
	recorded  func(outcome, detail string) // the cassette's finish, with --record
}

// initScenario builds the World and registers every step and hook.
func (s *suite) initScenario(sc *godog.ScenarioContext) {
	w := &World{s: s, groups: map[string]string{}}
	sc.Before(w.before)
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		failed := status == godog.StepFailed || status == godog.StepUndefined || status == godog.StepAmbiguous
		if failed && w.failed == "" {
			at, keyword := s.at.step(w.uri, st)
			w.failed, w.failedAt, w.failedAs = st.Text, at, keyword+st.Text
			w.checked, w.trace = strings.Join(w.checks, "\n"), strings.Join(w.traces, "\n")
		}
		w.checks, w.traces = nil, nil
		return ctx, nil // godog keeps the step's error; one returned here is joined to it
	})
	sc.After(w.after)
	t := stepTable{sc}
	w.registerGroupSteps(t)
	w.registerUnmuteSteps(t)
	w.registerAuthSteps(t)
	w.registerErrorSteps(t)
	w.registerThrottleSteps(t)
	w.registerMetadataSteps(t)
	w.registerFamilySteps(t)
	w.registerListSteps(t)
	w.registerBoundSteps(t)
}

// before gives the scenario its client: on an emulator a fresh key on a
// fresh account (isolation, so scenarios run concurrently and throttling
// of one never touches another); on a real target the run's credentials.
// It skips, visibly and with the reason, what the target cannot or may not
// run, and everything once the run is cancelled or the target has stopped
// answering.
func (w *World) before(ctx context.Context, sc *godog.Scenario) (context.Context, error) {
	w.started, w.uri, w.scenario = time.Now(), sc.Uri, strconv.Quote(sc.Name)
	if err := ctx.Err(); err != nil {
		return ctx, w.skip(sc, "not run: "+stopReason(ctx))
	}
	if why := w.s.broken(); why != "" {
		return ctx, w.skip(sc, "not run: "+why)
	}
	t := w.s.opts.Target
	if t.Admin == "" {
		if hasTag(sc, "@mock") {
			return ctx, w.skip(sc, skipAdmin)
		}
		if hasTag(sc, "@members") {
			return ctx, w.skip(sc, skipMembers)
		}
		if hasTag(sc, "@expensive") && !w.s.opts.AllowExpensive {
			return ctx, w.skip(sc, skipExpensive)
		}
		if t.IsReal() && sendsBursts(sc) && !w.s.opts.AllowOverLimit {
			return ctx, w.skip(sc, skipBursts)
		}
		w.client, w.creds, w.appID = t.Client, t.Client.Credentials(), w.s.opts.AppID
		w.record(sc)
		return ctx, nil
	}
	w.admin = &mock.Admin{Base: t.Admin, Log: w.logAdmin}
	id := w.s.name("key")
	w.creds = aliyun.Credentials{AccessKeyID: id, AccessKeySecret: id + "secret"}
	w.account = "acct" + id
	if err := w.admin.AddKey(ctx, mock.Key{ID: id, Secret: w.creds.AccessKeySecret, Account: w.account}); err != nil {
		return ctx, fmt.Errorf("give the scenario its own account: %w", err)
	}
	w.client = t.Client.WithCredentials(w.creds)
	w.record(sc)
	return ctx, nil
}

// stopReason says why the run's context ended: its --deadline, or an
// interruption.
func stopReason(ctx context.Context) string {
	if c := context.Cause(ctx); c != nil && c != ctx.Err() {
		return c.Error()
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "the run's deadline passed"
	}
	return "the run was interrupted"
}

// sendsBursts reports a scenario that drives an operation at a rate (the
// throttling scenarios): on a real account over-limit calls need consent.
func sendsBursts(sc *godog.Scenario) bool {
	for _, t := range sc.Tags {
		if strings.HasPrefix(t.Name, "@code:Throttling") {
			return true
		}
	}
	for _, st := range sc.Steps {
		if burstStep.MatchString(st.Text) {
			return true
		}
	}
	return false
}

var burstStep = regexp.MustCompile(`requests per second for|is saturated$`)

// record puts the scenario's client on a recording transport (--record).
func (w *World) record(sc *godog.Scenario) {
	if w.s.opts.Record == nil {
		return
	}
	rt, finish := w.s.opts.Record(sc.Name, tagNames(sc), w.client.HTTPClient().Transport)
	w.client = w.client.With(aliyun.WithHTTPClient(&http.Client{Transport: rt}))
	w.recorded = finish
	if w.admin != nil {
		// The state the scenario sets up through the admin API (the clock,
		// faults, members, seeded groups) is recorded with its calls, so
		// that parity replays it; the keys it adds are not: a replay signs
		// with its own, and a key's secret is never written.
		w.admin.HTTP = &http.Client{Timeout: adminTimeout, Transport: adminRecording{rec: rt, plain: http.DefaultTransport}}
	}
}

// adminTimeout bounds a call of the admin API.
const adminTimeout = 5 * time.Second

// adminRecording sends the admin API's calls through the scenario's
// recording transport, but for those that add or remove a key.
type adminRecording struct{ rec, plain http.RoundTripper }

func (a adminRecording) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, mock.AdminPrefix+"/keys") || strings.Contains(r.URL.Path, mock.AdminPrefix+"/keys/") {
		return a.plain.RoundTrip(r)
	}
	return a.rec.RoundTrip(r)
}

var errSkipped = godog.ErrSkip

func (w *World) skip(sc *godog.Scenario, reason string) error {
	w.skipped = true
	r := ScenarioResult{Feature: w.s.featureOf(sc), Name: sc.Name, Tags: tagNames(sc), Status: StatusSkipped, SkipReason: reason,
		Location: w.s.at.scenario(sc), id: sc.Id}
	w.s.record(r)
	w.emitTranscript(r)
	return errSkipped
}

// after deletes what the scenario created, pass or fail, and records the
// outcome: passed; failed (the provider departed from the contract);
// error (a transport fault: no Alibaba answer, nothing was judged); or
// skipped when the run was cancelled under it.
func (w *World) after(ctx context.Context, sc *godog.Scenario, err error) (context.Context, error) {
	if w.skipped || errors.Is(err, godog.ErrSkip) {
		return ctx, nil
	}
	if rerr := w.cleanup(context.WithoutCancel(ctx)); rerr != nil && err == nil {
		err = rerr // the app is left changed: the scenario fails and says so
	}
	w.settleBursts()
	r := ScenarioResult{Feature: w.s.featureOf(sc), Name: sc.Name, Tags: tagNames(sc), Status: StatusPassed, Duration: time.Since(w.started),
		Location: w.s.at.scenario(sc), id: sc.Id}
	switch {
	case err == nil:
	case ctx.Err() != nil:
		r.Status, r.SkipReason = StatusSkipped, "cancelled: "+stopReason(ctx)
	case w.transport != nil || errors.Is(err, aliyun.ErrTransport):
		msg := err.Error()
		if w.transport != nil {
			msg = w.transport.Error()
		}
		r.Status, r.Error, r.FailedStep, r.Exchanges = StatusError, aliyun.RedactText(msg), w.failed, w.exchangeTexts()
	default:
		r.Status, r.Error, r.FailedStep, r.Exchanges = StatusFailed, aliyun.RedactText(w.failure(err)), w.failed, w.exchangeTexts()
	}
	if r.Status == StatusFailed || r.Status == StatusError {
		r.StepLocation, r.StepAsWritten, r.LastCall, r.Trace = w.failedAt, w.failedAs, w.lastCall(), aliyun.RedactText(w.trace)
	}
	w.s.record(r)
	w.emitTranscript(r)
	if w.recorded != nil {
		w.recorded(r.Status, r.Error)
	}
	return ctx, nil
}

// cleanup deletes what the scenario created, and what it may have
// created. Only the delete of a group known to exist is journaled: the
// service answers a delete with success for a group that does not exist
// too, so a maybe-created group stays for the read-back at the end of the
// run (Settle).
func (w *World) cleanup(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	restored := w.restoreAppSettings(ctx)
	// one try of the settler's: a delete whose answer is lost is resent by
	// the client, as any call of the run (within --retries and the budget);
	// one still without an answer is the read-back's, at the end
	s := &settler{c: w.client, pacer: w.s.pacer, tries: 1}
	for _, id := range w.created {
		if sendDelete(ctx, s, Group{AppID: w.appID, GroupID: id}) == nil && w.s.journal != nil {
			w.s.journal.Deleted(w.appID, id)
		}
	}
	for _, id := range w.maybe {
		_ = sendDelete(ctx, s, Group{AppID: w.appID, GroupID: id})
	}
	return restored
}

// createJournaled sends a create of group id, journaled
// as intended before it goes and resolved by its answer: a create whose
// answer was lost may have made the group. A group the answer shows was
// made is remembered for cleanup; one without an answer is deleted
// afterwards too.
//
// The create is Fresh (aliyun.Request) when the scenario has not made its
// group yet: a lost answer is then settled by reading the group back.
func (w *World) createJournaled(ctx context.Context, req aliyun.Request, send func(aliyun.Request) (*aliyun.Response, error)) (*aliyun.Response, error) {
	id := req.Params["GroupId"]
	w.knownState(&req)
	if w.s.journal != nil {
		if err := w.s.journal.Intended(w.appID, id); err != nil {
			return nil, fmt.Errorf("not sent: %w", err)
		}
	}
	resp, err := send(req)
	fate := aliyun.FateOf(resp, err)
	err = w.settled(err)
	if fate == aliyun.Carried && resp != nil && resp.Fields["AlreadyDelete"] == true {
		fate = aliyun.NotCarried // the id is a deleted group's: nothing was made
	}
	if w.s.journal != nil {
		w.s.journal.Resolve(w.appID, id, fate)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case fate == aliyun.MaybeCarried:
		w.maybe = append(w.maybe, id)
	case fate == aliyun.Carried && !slices.Contains(w.created, id):
		w.created = append(w.created, id)
	}
	return resp, err
}

func hasTag(sc *godog.Scenario, tag string) bool {
	for _, t := range sc.Tags {
		if t.Name == tag {
			return true
		}
	}
	return false
}

func tagNames(sc *godog.Scenario) []string {
	out := make([]string, 0, len(sc.Tags))
	for _, t := range sc.Tags {
		out = append(out, t.Name)
	}
	return out
}

// readableError drops testify's "Error Trace" file lists, which say where
// in the steps an assertion failed, not what the provider did.
func readableError(msg string) string {
	var out []string
	inTrace := false
	for _, line := range strings.Split(msg, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "Error Trace:"):
			inTrace = true
			continue
		case inTrace && (strings.HasPrefix(t, "/") || t == ""):
			continue
		}
		inTrace = false
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
