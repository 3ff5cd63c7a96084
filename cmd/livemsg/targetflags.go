package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
)

// targetFlags are the flags every command that talks to the API shares.
type targetFlags struct {
	kind     string
	endpoint string
	timeout  time.Duration
	deadline time.Duration
	retries  int
	budget   int
}

func (tf *targetFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&tf.kind, "target", target.Mock, "mock (the emulator) or real (the service, credentials from ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET)")
	fs.StringVar(&tf.endpoint, "endpoint", "", "endpoint URL; with --target mock and none, an embedded emulator is started on 127.0.0.1")
	fs.DurationVar(&tf.timeout, "timeout", target.DefaultTimeout, "bound of each request: no answer within it is a transport fault")
	fs.DurationVar(&tf.deadline, "deadline", 0, "bound of the whole command (0: none); when it passes the command cleans up, reports what ran and exits 2")
	fs.IntVar(&tf.retries, "retries", defaultRetries, "resends of a call that got no Alibaba answer (reset, timeout, cut short) or a transient one (InternalError,\n"+
		"ServiceUnavailable), only for operations the contract marks safe to repeat (reads, deletes, mutes, Modify...; never\n"+
		"a create or a send), after a jittered exponential backoff; counted and reported; 0: none")
	fs.IntVar(&tf.budget, "retry-budget", defaultRetryBudget, fmt.Sprintf("resends the whole command may make, every call together, and one more per %d calls it makes (0: none at all);\n"+
		"once spent, a call that needed one fails with its fault and the command exits 2 saying so", aliyun.RetryBudgetPer))
}

// The defaults of --retries and --retry-budget: the official SDKs' three
// resends a call, and enough for a lossy link (a few per cent of calls),
// not for a broken one.
const (
	defaultRetries     = 3
	defaultRetryBudget = 20
)

// check refuses nonsense bounds.
func (tf *targetFlags) check() error {
	if tf.timeout <= 0 {
		return fmt.Errorf("--timeout must be positive, not %s", tf.timeout)
	}
	if tf.deadline < 0 {
		return fmt.Errorf("--deadline must be positive (or 0 for none), not %s", tf.deadline)
	}
	if tf.retries < 0 {
		return fmt.Errorf("--retries must be 0 (none) or more, not %d", tf.retries)
	}
	if tf.budget < 0 {
		return fmt.Errorf("--retry-budget must be 0 (none) or more, not %d", tf.budget)
	}
	return nil
}

// spec is where the flags point.
func (tf *targetFlags) spec(opts ...mock.Option) target.Spec {
	return target.Spec{Kind: tf.kind, Endpoint: tf.endpoint, MockOptions: opts, Timeout: tf.timeout,
		Retries: tf.retries, RetryBudget: tf.budget}
}

// qpsFlags collects repeated --qps Operation=N.
type qpsFlags map[string]int

func (q qpsFlags) String() string { return fmt.Sprint(map[string]int(q)) }

func (q qpsFlags) Set(v string) error {
	op, n, ok := strings.Cut(v, "=")
	if !ok || op == "" {
		return fmt.Errorf("want Operation=N, got %q", v)
	}
	limit, err := strconv.Atoi(n)
	if err != nil || limit < 0 || limit > mock.MaxQPS {
		return fmt.Errorf("want a whole number of requests per second from 0 to %d in %q", mock.MaxQPS, v)
	}
	q[op] = limit
	return nil
}
