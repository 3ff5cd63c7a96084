package harness

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
	"github.com/livemsg/livemsg/verify"
)

// Verify replays, on a target, what an application sent to the emulator
// (livemsg mock --record DIR) and says for each exchange whether the
// answer still matches the one the application was tested against.
type Verify struct {
	Target      target.Spec
	Deadline    time.Duration // the whole job's (0: none)
	Dir         string        // the recordings
	AppID       string        // the real account's app every app of the recording becomes
	MaxRequests int           // the cap the plan must fit
	OutDir      string        // the journal goes to OUT/verify/journal.jsonl on a real target
}

// Run verifies: exit 1 when an answer differs, 2 when it could not run or
// groups are left on the account.
func (v Verify) Run(ctx context.Context, e Output) error {
	files, err := cassette.LoadDir(v.Dir)
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	cfg := verify.Config{AppID: target.AppID(v.AppID, e.Getenv), MaxRequests: v.MaxRequests}
	if plan := verify.Plan(files); cfg.MaxRequests <= 0 || plan > cfg.MaxRequests {
		cfg.MaxRequests = max(cfg.MaxRequests, 0)
		_, err := verify.Run(ctx, cfg, files) // refuses before sending anything, saying why
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	ctx, t, stop, err := start(ctx, e, v.Target, v.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	cfg.Client = t.Client
	g, err := NewGuard(t, filepath.Join(v.OutDir, "verify", "journal.jsonl"))
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	defer g.Close()
	if j := g.Journal(); j != nil {
		cfg.Journal = j
	}
	res, err := verify.Run(ctx, cfg, files)
	if res != nil {
		res.WriteText(e.Stdout, TargetLine(t))
	}
	switch {
	case err != nil:
		err = fail(e, StatusCouldNotRun, "%v", err)
	case res.Differs():
		err = failed("an answer differs from the one the application was tested against")
	}
	return g.Settle(ctx, e, err)
}

// TargetLine is the flags of a livemsg call line to the target.
func TargetLine(t *target.Target) string {
	s := "--target " + t.Kind
	if t.Kind == target.Real && t.Endpoint != aliyun.DefaultEndpoint || t.Kind == target.Mock && t.Embedded == nil {
		s += " --endpoint " + t.Endpoint
	}
	return s
}

// recordTraffic makes srv record what clients send in a cassette in dir
// (livemsg mock --record; "" = no recording); finish writes it.
func recordTraffic(e Output, dir, endpoint string, srv *http.Server, keys []mock.Key) (finish func(), err error) {
	if dir == "" {
		return func() {}, nil
	}
	var secrets []string
	for _, k := range keys {
		secrets = append(secrets, k.Secret)
	}
	h, rec, err := cassette.RecordHandler(srv.Handler, dir, cassette.Meta{Target: target.Mock, Endpoint: endpoint}, mock.IsOwnPath, secrets...)
	if err != nil {
		return nil, fail(e, StatusCouldNotRun, "--record: %v", err)
	}
	srv.Handler = h
	return func() {
		if err := rec.Finish("recorded", ""); err != nil {
			_ = fail(e, StatusFailed, "--record: %v", err)
			return
		}
		fmt.Fprintf(e.Stdout, "recorded: %s (livemsg verify --target real ... %s)\n", rec.Path(), dir)
	}, nil
}
