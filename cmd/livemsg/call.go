package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/harness"
)

func runCall(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("call", flag.ContinueOnError)
	var tf targetFlags
	tf.register(fs)
	sign := fs.String("sign", "v1", "signature: v1 (HMAC-SHA1) or v3 (ACS3-HMAC-SHA256)")
	method := fs.String("method", "POST", "HTTP method: GET or POST")
	format := fs.String("format", "JSON", "response format: JSON or XML")
	lists := fs.String("lists", "repeated", "list encoding: repeated (Name.1=), comma or json")
	output := fs.String("output", harness.OutputText, "what to print: text (the exchange, redacted), json (the response body alone, for jq)\nor exchange-json (one JSON object: request, status, headers, body, request id, code)")
	skew := fs.Duration("skew", 0, "sign with a time this far from now (e.g. 16m: a Timestamp 16 minutes ahead)")
	nonce := fs.String("nonce", "", "sign with this SignatureNonce (to reproduce a nonce reused)")
	unchecked := fs.Bool("unchecked", false, "send the parameters as given: unknown ones, required ones missing (to reproduce a rejection)")
	record := fs.String("record", "", "record the exchange as a cassette in DIR (see docs/recording.md)")
	setUsage(fs, `Usage: livemsg call [flags] Operation [Param=Value]...

One signed call; the exchange is printed with secrets redacted.
A list parameter takes comma-separated items (UnbannedUsers=u1,u2).
With --output json stdout holds the JSON body alone, so it pipes to jq:
  livemsg call --output json CreateLiveMessageApp AppName=demo | jq -r .AppId
Exit 0 on a 2xx answer, 1 on an API error answer, 2 on bad usage or when no
Alibaba answer came (unreachable, --timeout, an HTML or empty answer).`)
	if done, err := parseFlags(fs, e, args); done {
		return err
	}
	if fs.NArg() == 0 {
		return usageError(fs, e, "no operation named")
	}
	req, err := harness.BuildCall(contract.Default(), fs.Arg(0), fs.Args()[1:], *unchecked)
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if req.Signature, err = parseSign(*sign); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if req.ListStyle, err = parseListStyle(*lists); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	req.Method, req.Format = strings.ToUpper(*method), strings.ToUpper(*format)
	if req.Method != "GET" && req.Method != "POST" {
		return fail(e, exitUsage, "--method must be GET or POST, not %q", *method)
	}
	if err := harness.CheckOutput(*output, req.Format); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if err := tf.check(); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	return harness.Call{Target: tf.spec(), Deadline: tf.deadline, Request: req, Output: *output, Skew: *skew, Nonce: *nonce, Record: *record}.Run(ctx, e)
}

func parseSign(s string) (aliyun.SignatureVersion, error) {
	switch strings.ToLower(s) {
	case "v1", "1":
		return aliyun.SignV1Version, nil
	case "v3", "3":
		return aliyun.SignV3Version, nil
	}
	return 0, fmt.Errorf("--sign must be v1 or v3, not %q", s)
}

func parseListStyle(s string) (aliyun.ListStyle, error) {
	switch strings.ToLower(s) {
	case "repeated":
		return aliyun.ListRepeated, nil
	case "comma":
		return aliyun.ListComma, nil
	case "json":
		return aliyun.ListJSON, nil
	}
	return 0, fmt.Errorf("--lists must be repeated, comma or json, not %q", s)
}
