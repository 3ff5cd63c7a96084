package harness

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/livemsg/livemsg/target"
)

// start bounds ctx by deadline and opens the target of spec; stop closes
// the target, then ends ctx. An error is printed and is exit 2.
func start(ctx context.Context, e Output, spec target.Spec, deadline time.Duration) (context.Context, *target.Target, func(), error) {
	ctx, cancel := bound(ctx, deadline)
	t, err := open(ctx, e, spec)
	if err != nil {
		cancel()
		return ctx, nil, nil, err
	}
	return ctx, t, func() { t.Close(); cancel() }, nil
}

// open resolves the target of spec; a configuration error is printed and
// returned as exit 2.
func open(ctx context.Context, e Output, spec target.Spec) (*target.Target, error) {
	if spec.Getenv == nil {
		spec.Getenv = e.Getenv
	}
	t, err := target.Open(ctx, spec)
	if err != nil {
		return nil, fail(e, StatusCouldNotRun, "%s", trimConfig(err))
	}
	return t, nil
}

func trimConfig(err error) string {
	s := err.Error()
	if errors.Is(err, target.ErrConfig) {
		s = strings.TrimPrefix(s, target.ErrConfig.Error()+": ")
	}
	return s
}

// errDeadline is the cause of a context ended by --deadline.
type errDeadline time.Duration

func (d errDeadline) Error() string {
	return fmt.Sprintf("the --deadline of %s passed", time.Duration(d))
}

// bound applies a deadline for the whole job to ctx (0: none).
func bound(ctx context.Context, deadline time.Duration) (context.Context, context.CancelFunc) {
	if deadline <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, deadline, errDeadline(deadline))
}

// stopped says why ctx ended ("" when it has not): the deadline of bound,
// or an interruption.
func stopped(ctx context.Context) string {
	if ctx.Err() == nil {
		return ""
	}
	var d errDeadline
	if errors.As(context.Cause(ctx), &d) {
		return d.Error()
	}
	return "interrupted"
}
