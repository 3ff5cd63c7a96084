package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

func runCall(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("call", flag.ContinueOnError)
	var tf targetFlags
	tf.register(fs)
	sign := fs.String("sign", "v1", "signature: v1 (HMAC-SHA1) or v3 (ACS3-HMAC-SHA256)")
	method := fs.String("method", "POST", "HTTP method: GET or POST")
	format := fs.String("format", "JSON", "response format: JSON or XML")
	lists := fs.String("lists", "repeated", "list encoding: repeated (Name.1=), comma or json")
	output := fs.String("output", outputText, "what to print: text (the exchange, redacted), json (the response body alone, for jq)\nor exchange-json (one JSON object: request, status, headers, body, request id, code)")
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
	if code, done := parseFlags(fs, e, args); done {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(fs, e, "no operation named")
	}
	req, err := buildCall(contract.Default(), fs.Arg(0), fs.Args()[1:], *unchecked)
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
	if err := checkOutput(*output, req.Format); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	ctx, cancel := tf.bound(ctx)
	defer cancel()
	t, code := tf.open(ctx, e)
	if t == nil {
		return code
	}
	defer t.Close()
	if *skew != 0 {
		at := time.Now().Add(*skew).UTC().Format("2006-01-02T15:04:05Z")
		req.Overrides = map[string]string{"Timestamp": at}
		if req.Signature == aliyun.SignV3Version {
			req.Overrides = map[string]string{"x-acs-date": at}
		}
	}
	if *nonce != "" {
		if req.Overrides == nil {
			req.Overrides = map[string]string{}
		}
		req.Overrides["SignatureNonce"] = *nonce
		if req.Signature == aliyun.SignV3Version {
			req.Overrides["x-acs-signature-nonce"] = *nonce
			delete(req.Overrides, "SignatureNonce")
		}
	}
	client, finish := t.Client, func(string, string) {}
	if *record != "" {
		client, finish = recordCall(t, *record, req.Action)
	}
	resp, err := client.Do(ctx, req)
	if err != nil {
		finish("error", err.Error())
		if why := stopped(ctx); why != "" {
			return fail(e, exitUsage, "%s: %s at %s not answered", why, req.Action, t.Endpoint)
		}
		return fail(e, exitUsage, "could not run: %v", err)
	}
	if err := printResponse(e.stdout, *output, resp); err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if n := t.Retries.Spent(); n > 0 {
		// the exchange printed is the last; say there were others
		fmt.Fprintf(e.stderr, "livemsg: %s answered after %d %s (%s)\n", req.Action, n, plural(n, "resend", "resends"), t.Client.Faults().Diagnosis())
	}
	finish(outcomeOf(resp.OK()), resp.Code)
	if !resp.OK() {
		return exitFailed
	}
	return exitOK
}

// buildCall turns "Operation Param=Value..." into a request, refusing before
// anything is sent a parameter the contract does not know or a missing
// required one.
func buildCall(c *contract.Contract, action string, pairs []string, unchecked bool) (aliyun.Request, error) {
	op, ok := c.Operation(action)
	if !ok {
		return aliyun.Request{}, fmt.Errorf("%s", unknownOperation(c, action))
	}
	req := aliyun.Request{Action: action, Params: map[string]string{}, Lists: map[string][]string{}}
	for _, kv := range pairs {
		name, val, ok := strings.Cut(kv, "=")
		if !ok {
			return req, fmt.Errorf("argument %q is not Param=Value", kv)
		}
		p, known := op.Param(name)
		if !known && unchecked {
			req.Params[name] = val
			continue
		}
		if !known {
			return req, fmt.Errorf("%s has no parameter %q; it takes %s", action, name, paramNames(op))
		}
		if p.List {
			req.Lists[name] = strings.Split(val, ",")
		} else {
			req.Params[name] = val
		}
	}
	for _, p := range op.Params {
		_, s := req.Params[p.Name]
		_, l := req.Lists[p.Name]
		if p.Required && !s && !l && !unchecked {
			return req, fmt.Errorf("%s needs the parameter %s (%s=VALUE)", action, p.Name, p.Name)
		}
	}
	return req, nil
}

func paramNames(op *contract.Operation) string {
	names := make([]string, 0, len(op.Params))
	for _, p := range op.Params {
		n := p.Name
		if p.Required {
			n += " (required)"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
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
