package harness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/parity"
	"github.com/livemsg/livemsg/reports"
	"github.com/livemsg/livemsg/target"
)

// Parity replays, in order, the requests of every cassette in Dir
// against a fresh emulator and lists every difference, as livemsg parity
// does.
type Parity struct {
	Dir      string // the cassettes (--record DIR of contract, repro, call or explore)
	Endpoint string // an emulator to replay against, reset before each cassette ("": a fresh embedded one per cassette)
	OutDir   string // parity.json and parity.html go to OutDir/parity/
}

// Run replays, prints the differences and writes the files: exit 1 when
// a recording differs, 2 when it could not run.
func (p Parity) Run(ctx context.Context, e Output) error {
	rep, err := replayCassettes(ctx, p.Dir, p.Endpoint)
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	rep.WriteText(e.Stdout)
	dir := filepath.Join(p.OutDir, "parity")
	if err := writeJSON(filepath.Join(dir, "parity.json"), rep); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	hf, err := os.Create(filepath.Join(dir, "parity.html"))
	if err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	defer hf.Close()
	if err := reports.WriteParityHTML(hf, paritySection(rep)); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	fmt.Fprintf(e.Stdout, "\nreport: %s\n", filepath.Join(dir, "parity.html"))
	if rep.Differs() {
		return failed("a recording differs from the emulator")
	}
	return nil
}

// replayCassettes replays every cassette of dir against a fresh emulator
// (embedded, or the one at endpoint, reset) and compares the answers.
func replayCassettes(ctx context.Context, dir, endpoint string) (*parity.Report, error) {
	files, err := cassette.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	fresh, against, err := parityProvider(ctx, endpoint)
	if err != nil {
		return nil, errors.New(trimConfig(err))
	}
	rep := &parity.Report{Against: against}
	for _, f := range files {
		c, err := parity.Replay(ctx, f, fresh)
		if err != nil {
			return nil, fmt.Errorf("replay %s: %w", f.Path, err)
		}
		rep.Add(c)
	}
	return rep, nil
}

// parityProvider gives a fresh emulator per cassette: embedded, every
// limit lifted, or the external one reset.
func parityProvider(ctx context.Context, endpoint string) (parity.Provider, string, error) {
	creds := aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret}
	if endpoint == "" {
		var opts []mock.Option
		for _, op := range contract.Default().OperationNames() {
			opts = append(opts, mock.WithQPS(op, 0))
		}
		return func(context.Context) (*aliyun.Client, func(), error) {
			srv := mock.NewServer(opts...)
			return aliyun.NewClient(srv.URL, creds), srv.Close, nil
		}, "a fresh embedded emulator per cassette", nil
	}
	t, err := target.Open(ctx, target.Spec{Kind: target.Mock, Endpoint: endpoint})
	if err != nil {
		return nil, "", err
	}
	return func(ctx context.Context) (*aliyun.Client, func(), error) {
		if err := (&mock.Admin{Base: t.Admin}).Reset(ctx); err != nil {
			return nil, nil, fmt.Errorf("reset %s: %w", t.Endpoint, err)
		}
		return t.Client, func() {}, nil
	}, "the emulator at " + t.Endpoint + ", reset before each cassette", nil
}

// paritySection maps the comparison into the report's plain data.
func paritySection(r *parity.Report) reports.Parity {
	p := reports.Parity{Against: r.Against, Differs: r.Differs()}
	for _, s := range r.Scores() {
		p.Ops = append(p.Ops, reports.ParityOp{Op: s.Op, Compared: s.Compared, Identical: s.Identical, Different: s.Different, NotResent: s.NotResent,
			Score: s.Score(), LatestReal: s.LatestReal})
	}
	for _, c := range r.Cassettes {
		rc := reports.ParityRecording{Name: c.Meta.Name, Kind: c.Meta.Kind, Target: c.Meta.Target, Endpoint: c.Meta.Endpoint,
			Recorded: c.Meta.Recorded, Livemsg: c.Meta.Livemsg, Outcome: c.Meta.Outcome, Assumption: c.Assumption, Differs: c.Differs()}
		for _, ex := range c.Exchanges {
			if ex.Error != "" {
				rc.Differences = append(rc.Differences, fmt.Sprintf("#%d %s: not replayed: %s", ex.Index+1, ex.Op, ex.Error))
			}
			if ex.NotResent != "" {
				rc.NotResent = append(rc.NotResent, fmt.Sprintf("#%d %s: %s", ex.Index+1, ex.Request, ex.NotResent))
			}
			for _, d := range ex.Differences {
				rc.Differences = append(rc.Differences, fmt.Sprintf("#%d %s: %s", ex.Index+1, ex.Op, d.Describe("recorded", "emulator")))
			}
			for _, l := range ex.LeftOut {
				rc.LeftOut = append(rc.LeftOut, fmt.Sprintf("#%d %s: %s", ex.Index+1, ex.Op, l))
			}
		}
		p.Recordings = append(p.Recordings, rc)
	}
	return p
}

func differing(rs []reports.ParityRecording) int {
	n := 0
	for _, r := range rs {
		if r.Differs {
			n++
		}
	}
	return n
}
