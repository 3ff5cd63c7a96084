package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
	"github.com/livemsg/livemsg/verify"
)

// verify registers itself, so the commands table (main.go) is left as it
// is while cmd/livemsg is being moved into a library.
func init() {
	commands["verify"] = command{"replay an application's traffic (mock --record) on a real account and tell each answer that no longer matches", runVerify}
}

const verifyUsage = `Usage: livemsg verify --target real --app-id ID --i-know-this-calls-the-real-service --max-requests N [flags] DIR

Replays, in order, what an application sent to the emulator (the cassettes
livemsg mock --record DIR wrote) on the target, and says for each exchange
whether the answer matches the one the application was tested against, with
parity's masking (RequestIds, times and generated ids paired; lists compared
on the recording's own groups). A difference is printed with what differs and
the livemsg call line that sends the request again.

On a real account: every app of the recording is --app-id (apps are never made
or changed: those requests are not sent); each operation is paced at half its
documented limit; the whole plan, with a delete for each group created, must
fit --max-requests before anything is sent; each group is journaled before it
is created (OUT/verify/journal.jsonl, OUT being --out) and every group the
replay created is deleted at the end (what could not be is listed with the
livemsg cleanup command). A call of the emulator's admin API is never sent.
Exit 0 every exchange matches; 1 one differs; 2 could not run, or groups left.`

func runVerify(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var tf targetFlags
	tf.register(fs)
	appID := fs.String("app-id", "", "the account's app the replay works in: every app of the recording is it (or "+target.EnvAppID+")")
	consent := fs.Bool(consentFlag, false, "acknowledge that the replay calls the real service (required with --target real)")
	maxRequests := fs.Int("max-requests", 0, "cap on every request, the cleanup's deletes included, checked against the plan before anything is sent (required with --target real)")
	out := fs.String("out", "out", "output folder: the journal goes to OUT/verify/journal.jsonl on a real target")
	setUsage(fs, verifyUsage)
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(fs, e, "want one folder of recordings (livemsg mock --record DIR), got %d arguments", fs.NArg())
	}
	if err := tf.missingReal(realNeeds{consent: true, maxRequests: true, appID: true},
		realGiven{consent: *consent, maxRequests: *maxRequests, appID: *appID}); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	files, err := cassette.LoadDir(fs.Arg(0))
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	cfg := verify.Config{AppID: target.AppID(*appID), MaxRequests: *maxRequests}
	if plan := verify.Plan(files); cfg.MaxRequests <= 0 || plan > cfg.MaxRequests {
		cfg.MaxRequests = max(cfg.MaxRequests, 0)
		_, err := verify.Run(ctx, cfg, files) // refuses before sending anything, saying why
		return fail(e, exitUsage, "%v", err)
	}
	ctx, cancel := tf.bound(ctx)
	defer cancel()
	t, code := tf.open(ctx, e)
	if t == nil {
		return code
	}
	defer t.Close()
	cfg.Client = t.Client
	journal := ""
	if t.IsReal() {
		journal = filepath.Join(*out, "verify", "journal.jsonl")
		if err := os.MkdirAll(filepath.Dir(journal), 0o755); err != nil {
			return fail(e, exitUsage, "%v", err)
		}
		j, err := steps.OpenJournal(journal)
		if err != nil {
			return fail(e, exitUsage, "%v", err)
		}
		defer j.Close()
		cfg.Journal = j
	}
	res, err := verify.Run(ctx, cfg, files)
	if res != nil {
		res.WriteText(e.stdout, targetLine(t))
	}
	switch {
	case err != nil:
		code = fail(e, exitUsage, "%v", err)
	case res.Differs():
		code = exitFailed
	default:
		code = exitOK
	}
	return leftBehind(ctx, e, t, journal, code)
}

// targetLine is the flags of a livemsg call line to the target.
func targetLine(t *target.Target) string {
	s := "--target " + t.Kind
	if t.Kind == target.Real && t.Endpoint != aliyun.DefaultEndpoint || t.Kind == target.Mock && t.Embedded == nil {
		s += " --endpoint " + t.Endpoint
	}
	return s
}

// recordTraffic makes srv record what clients send in a cassette in dir
// (livemsg mock --record; "" = no recording); finish writes it.
func recordTraffic(e env, dir, endpoint string, srv *http.Server, keys []mock.Key) (finish func(), code int, done bool) {
	if dir == "" {
		return func() {}, 0, false
	}
	var secrets []string
	for _, k := range keys {
		secrets = append(secrets, k.Secret)
	}
	h, rec, err := cassette.RecordHandler(srv.Handler, dir, cassette.Meta{Target: target.Mock, Endpoint: endpoint}, secrets...)
	if err != nil {
		return nil, fail(e, exitUsage, "--record: %v", err), true
	}
	srv.Handler = h
	return func() {
		if err := rec.Finish("recorded", ""); err != nil {
			fail(e, exitFailed, "--record: %v", err)
			return
		}
		fmt.Fprintf(e.stdout, "recorded: %s (livemsg verify --target real ... %s)\n", rec.Path(), dir)
	}, 0, false
}
