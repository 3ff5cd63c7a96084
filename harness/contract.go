package harness

import (
	"context"
	"time"

	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// Contract runs the Gherkin contract suite, as livemsg contract does.
type Contract struct {
	Target   target.Spec
	Deadline time.Duration // the whole job's (0: none)
	// Suite selects and runs the scenarios: Tags, AppID (or
	// LIVEMSG_APP_ID), AllowExpensive, AllowOverLimit, OutDir,
	// Concurrency, Features, NoBuiltin, Traces. Run sets Target, Output
	// and Record.
	Suite  steps.Options
	Record string // a folder to record each scenario's exchanges in, as cassettes (livemsg parity)
}

// Run runs the suite: exit 1 when a scenario failed, 2 when it could not
// run (a transport fault, nothing selected, a deadline, groups left).
func (c Contract) Run(ctx context.Context, e Output) error {
	if err := c.check(e); err != nil {
		return err
	}
	ctx, t, stop, err := start(ctx, e, c.Target, c.Deadline)
	if err != nil {
		return err
	}
	defer stop()
	opts := c.options(t)
	opts.Output = e.Stdout
	_, err = Suite(ctx, e, t, opts)
	printRetries(e.Stdout, t)
	return err
}

// check refuses, before anything is sent, a tag expression that selects
// nothing and a real target without an app or credentials.
func (c Contract) check(e Output) error {
	if err := checkTags(c.Suite.Tags); err != nil {
		return fail(e, StatusCouldNotRun, "%v", err)
	}
	if err := MissingReal(c.Target.Kind, Needs{AppID: true}, Given{AppID: c.Suite.AppID, Getenv: e.Getenv}); err != nil {
		return fail(e, StatusCouldNotRun, "%v: the suite never creates apps there", err)
	}
	return nil
}

// options are the suite's options on the open target t.
func (c Contract) options(t *target.Target) steps.Options {
	opts := c.Suite
	opts.Target, opts.AppID = t, t.AppID(opts.AppID)
	if c.Record != "" {
		opts.Record = scenarioRecorder(recordDir(c.Record, t))
	}
	return opts
}
