package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// ConsentFlag is the flag that acknowledges over-limit calls to a real
// account.
const ConsentFlag = "i-know-this-calls-the-real-service"

// Needs says which prerequisites a job asks of a real target, beyond
// credentials, which every one needs.
type Needs struct {
	Consent     bool // --i-know-this-calls-the-real-service
	MaxRequests bool // --max-requests N
	AppID       bool // --app-id or LIVEMSG_APP_ID
}

// Given is what the caller gave of those prerequisites.
type Given struct {
	Consent     bool
	MaxRequests int
	AppID       string
	Getenv      func(string) string // how the environment is read (nil: os.Getenv)
}

// MissingReal lists, all at once, what a run on a target of the given kind
// lacks: the consent flag, --max-requests, --app-id and the credentials
// variables where needed; nil for a mock target or when nothing is
// missing.
func MissingReal(kind string, need Needs, got Given) error {
	if kind != target.Real {
		return nil
	}
	var missing []string
	if need.Consent && !got.Consent {
		missing = append(missing, "--"+ConsentFlag)
	}
	if need.MaxRequests && got.MaxRequests <= 0 {
		missing = append(missing, "--max-requests N")
	}
	getenv := target.Lookup(got.Getenv)
	if need.AppID && target.AppID(got.AppID, getenv) == "" {
		missing = append(missing, "--app-id ID (or "+target.EnvAppID+")")
	}
	var unset []string
	for _, v := range []string{aliyun.EnvAccessKeyID, aliyun.EnvAccessKeySecret} {
		if getenv(v) == "" {
			unset = append(unset, v)
		}
	}
	if len(unset) > 0 {
		missing = append(missing, "credentials (set "+strings.Join(unset, " and ")+")")
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("a real target needs %s", strings.Join(missing, ", "))
}

// Guard is what a run owes a real account: a journal of the groups it
// makes, each create written before it is sent, and at the end what is
// (or may be) left on the account read back and listed with the livemsg
// cleanup command that deletes it. On any other target it does nothing.
type Guard struct {
	t       *target.Target
	path    string
	journal *steps.Journal
}

// NewGuard opens, on a real target, the journal at path (its folder made);
// elsewhere it returns a guard that does nothing.
func NewGuard(t *target.Target, path string) (*Guard, error) {
	g := &Guard{t: t}
	if !t.IsReal() {
		return g, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	j, err := steps.OpenJournal(path)
	if err != nil {
		return nil, err
	}
	g.path, g.journal = path, j
	return g, nil
}

// Journal is the journal to hand the run (nil when there is none).
func (g *Guard) Journal() *steps.Journal { return g.journal }

// Path is the journal's file ("" when there is none).
func (g *Guard) Path() string { return g.path }

// Close closes the journal.
func (g *Guard) Close() {
	if g.journal != nil {
		_ = g.journal.Close()
	}
}

// Settle lists what the run could not delete, with the command that
// deletes it; then the run exits 2, whatever else held. Otherwise it
// returns err.
func (g *Guard) Settle(ctx context.Context, e Output, err error) error {
	if !g.t.IsReal() {
		return err
	}
	return leftBehind(ctx, e, g.t, g.path, err)
}

// deleteStopped deletes, when ctx was stopped, the groups the journal
// shows the run left, within a few calls' time, and says how many.
func (g *Guard) deleteStopped(ctx context.Context, e Output) {
	why := stopped(ctx)
	if why == "" || g.path == "" || !g.t.IsReal() {
		return
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupBound(g.t))
	defer cancel()
	n := 0
	if cr, _ := steps.Cleanup(cctx, g.t.Client, g.path); cr != nil {
		n = len(cr.Deleted)
	}
	fmt.Fprintf(e.Stderr, "livemsg: %s: deleted %d groups the run left\n", why, n)
}

// leftBehind lists the groups the journal at path shows left on the
// account, with the command that deletes them, and makes the run exit 2;
// otherwise it returns err.
func leftBehind(ctx context.Context, e Output, t *target.Target, journal string, err error) error {
	if journal != "" {
		if n := reportLeftovers(ctx, e, t, journal); n > 0 {
			return couldNotRun(fmt.Sprintf("%d %s left on the account", n, plural(n, "group", "groups")))
		}
	}
	return err
}
