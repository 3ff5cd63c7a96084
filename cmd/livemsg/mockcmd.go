package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/mock"
)

func runMock(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("mock", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on; 127.0.0.1:0 takes a free port")
	auth := fs.String("auth", "verify", "verify signatures (verify) or accept unsigned calls (off)")
	qps := qpsFlags{}
	fs.Var(qps, "qps", "override one operation's limit, Operation=N (N=0 lifts it; at most 10000); repeatable")
	throttles := throttleFlags{}
	fs.Var(throttles, "throttle", "throttling shape: SHAPE for every operation or Operation=SHAPE for one (repeatable);\n"+
		"SHAPE is sliding (default), fixed, token[:burst=2x|N], gcra[:burst=Nx|N], window[:seconds=10] or shared[:rate=N]")
	calibration := fs.String("calibration", "", "behave as a calibration file says (livemsg calibrate; docs/calibration.md): per operation the\n"+
		"measured throttle, the recorded error statuses and messages; applied after --qps and --throttle; a fact it cannot honour exits 2")
	record := fs.String("record", "", "record what applications send and what they are answered, as a cassette in DIR, written on exit\n"+
		"(livemsg verify --target real DIR replays it on a real account); the admin API is not recorded")
	var keys keyFlags
	fs.Var(&keys, "key", "add an access key, ID:SECRET (repeatable); the default testid:testsecret stays")
	setUsage(fs, `Usage: livemsg mock [flags]

Starts the emulator and prints its address (http://127.0.0.1:PORT) on one line.
Admin API under /_mock/ (see docs/emulator.md, section Admin API); Ctrl-C stops it.

Limits: a request's body 1 MiB, query 128 KiB, parameters 1,000 (else InputInvalid);
connections cut after 10s without headers, 20s without the whole request, 30s idle
(docs/emulator.md).`)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if done, err := noArgs(fs, e); done {
		return err
	}
	cfg := mock.DefaultConfig()
	switch *auth {
	case "verify":
	case "off":
		cfg.Auth = false
	default:
		return fail(e, exitUsage, "--auth must be verify or off, not %q", *auth)
	}
	for op, n := range qps {
		if _, ok := contract.Default().Operation(op); !ok {
			return fail(e, exitUsage, "--qps: %s", harness.UnknownOperation(contract.Default(), op))
		}
		if cfg.QPS == nil {
			cfg.QPS = map[string]int{}
		}
		cfg.QPS[op] = n
	}
	for op, t := range throttles {
		if _, ok := contract.Default().Operation(op); !ok && op != "" {
			return fail(e, exitUsage, "--throttle: %s", harness.UnknownOperation(contract.Default(), op))
		}
		mock.WithThrottle(op, t)(&cfg)
	}
	if err := harness.WithCalibration(e, *calibration, &cfg); err != nil {
		return err
	}
	cfg.Keys = append(cfg.Keys, keys...)
	return harness.Serve(ctx, e, cfg, *listen, *record)
}

// keyFlags collects repeated --key ID:SECRET.
type keyFlags []mock.Key

func (k *keyFlags) String() string { return fmt.Sprintf("%d keys", len(*k)) }

func (k *keyFlags) Set(v string) error {
	id, secret, ok := strings.Cut(v, ":")
	if !ok || id == "" || secret == "" {
		return errors.New("want ID:SECRET")
	}
	*k = append(*k, mock.Key{ID: id, Secret: secret, Account: mock.DefaultAccount})
	return nil
}

// throttleFlags collects repeated --throttle SHAPE (every operation, key "")
// and --throttle Operation=SHAPE.
type throttleFlags map[string]mock.Throttle

func (t throttleFlags) String() string { return fmt.Sprint(map[string]mock.Throttle(t)) }

func (t throttleFlags) Set(v string) error {
	op, spec := "", v
	// "Operation=token:burst=2x": an operation name has no colon before its "="
	if before, after, ok := strings.Cut(v, "="); ok && !strings.Contains(before, ":") {
		op, spec = before, after
	}
	th, err := mock.ParseThrottle(spec)
	if err != nil {
		return err
	}
	t[op] = th
	return nil
}
