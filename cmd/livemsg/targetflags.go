package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/target"
)

// targetFlags are the flags every command that talks to the API shares.
type targetFlags struct {
	kind     string
	endpoint string
}

func (tf *targetFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&tf.kind, "target", target.Mock, "mock (the emulator) or real (the service, credentials from ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET)")
	fs.StringVar(&tf.endpoint, "endpoint", "", "endpoint URL; with --target mock and none, an embedded emulator is started on 127.0.0.1")
}

// open resolves the target; a configuration error is already printed and
// turned into exit 2.
func (tf *targetFlags) open(ctx context.Context, e env, opts ...mock.Option) (*target.Target, int) {
	t, err := target.Open(ctx, target.Spec{Kind: tf.kind, Endpoint: tf.endpoint, MockOptions: opts})
	if err != nil {
		return nil, fail(e, exitUsage, "%v", trimConfig(err))
	}
	return t, 0
}

func trimConfig(err error) string {
	s := err.Error()
	if errors.Is(err, target.ErrConfig) {
		s = strings.TrimPrefix(s, target.ErrConfig.Error()+": ")
	}
	return s
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
	if err != nil || limit < 0 {
		return fmt.Errorf("want a whole number of requests per second >= 0 in %q", v)
	}
	q[op] = limit
	return nil
}
