package harness

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/explore"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// reproPrinter writes one scenario of livemsg repro: a heading, the setup
// (admin calls and the calls before), the exchange that produced the code
// marked with its RequestId, and a livemsg call line that sends it again
// (or why none can).
type reproPrinter struct {
	code     string
	flags    []string // the target flags of the call line
	emulator bool     // the scenarios ran on an emulator, each on its own account
}

func newReproPrinter(code string, t *target.Target) *reproPrinter {
	return &reproPrinter{code: code, emulator: t.Admin != "", flags: callFlags(t)}
}

// callFlags are the target flags of a livemsg call line against t.
func callFlags(t *target.Target) []string {
	switch {
	case t.IsReal():
		if t.Endpoint != aliyun.DefaultEndpoint {
			return []string{"--target", "real", "--endpoint", t.Endpoint}
		}
		return []string{"--target", "real"}
	case t.Embedded == nil:
		return []string{"--endpoint", t.Endpoint}
	}
	return nil
}

// marker opens the exchange that produced the code.
const marker = ">>>>"

func (p *reproPrinter) print(w io.Writer, t *steps.Transcript) {
	fmt.Fprintf(w, "\n%s\n", t.Heading())
	if t.Status == steps.StatusSkipped {
		return
	}
	marked := 0
	var admin []string // the admin calls that changed the emulator, but the one that gave the scenario its account
	for i, e := range t.Entries {
		if e.IsAdmin() {
			fmt.Fprintf(w, "admin API: %s\n\n", e.Admin)
			method, rest, _ := strings.Cut(e.Admin, " ")
			path, _, _ := strings.Cut(rest, " ")
			if method != http.MethodGet && (i > 0 || path != mock.AdminPrefix+"/keys") {
				admin = append(admin, method+" "+path)
			}
			continue
		}
		if e.Code == p.code {
			marked++
			fmt.Fprintf(w, "%s the exchange that produced %s (RequestId %s)\n", marker, p.code, orNone(e.RequestID))
		}
		if e.Burst != "" {
			fmt.Fprintf(w, "burst: %s\n", e.Burst)
		}
		fmt.Fprintf(w, "%s\n", e.Exchange)
		if e.Code == p.code {
			p.replay(w, e, admin)
		}
		fmt.Fprintln(w)
	}
	if marked == 0 {
		fmt.Fprintf(w, "%s no answer of this scenario was %s\n", marker, p.code)
	}
}

// note says once, before the scenarios, what the call lines do not redo.
func (p *reproPrinter) note(w io.Writer) {
	if p.emulator {
		fmt.Fprintf(w, "On an emulator each scenario runs on its own account (the first admin call of each). The livemsg call\n"+
			"lines sign with the emulator's default key and redo no setup, so the app and groups a scenario made are\n"+
			"not there for them: where the code depends on those, the answer differs. Against a real target\n"+
			"(--target real --app-id ...) they send the request again as it was.\n")
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// replay prints the call line that sends the marked request again, or why
// livemsg call cannot, and what it does not redo.
func (p *reproPrinter) replay(w io.Writer, e steps.Entry, admin []string) {
	line, why := callLine(e, p.flags)
	if why != "" {
		fmt.Fprintf(w, "%s not replayable by livemsg call: %s\n", marker, why)
		return
	}
	fmt.Fprintf(w, "%s send it again: %s\n", marker, line)
	if e.Burst != "" {
		fmt.Fprintf(w, "%s   (one request of a burst: sent alone it is not throttled; livemsg load --op %s drives the rate)\n", marker, e.Request.Action)
	}
	if len(admin) > 0 {
		fmt.Fprintf(w, "%s   (the code needs the setup through the emulator's admin API above, which livemsg call cannot do: %s)\n",
			marker, strings.Join(admin, ", "))
	}
}

// callLine is the livemsg call command that sends the request again, or
// why there is none: what call cannot express (another key, a
// hand-set header or nonce, an operation outside the contract).
func callLine(e steps.Entry, flags []string) (line, why string) {
	req := e.Request
	if e.OtherKey != "" {
		return "", "it was signed with " + e.OtherKey + "; livemsg call signs with the target's key"
	}
	if req.TamperSignature {
		return "", "its signature was corrupted on purpose"
	}
	if len(req.Omit) > 0 {
		return "", "it leaves out " + strings.Join(req.Omit, ", ") + ", which livemsg call always sends"
	}
	if req.Form {
		return "", "it sends its parameters in a form body, which livemsg call does not"
	}
	c := contract.Default()
	if _, ok := c.Operation(req.Action); !ok {
		return "", fmt.Sprintf("%s is not an operation of the contract, and livemsg call sends only those", req.Action)
	}
	args := append([]string{"livemsg", "call"}, flags...)
	v3 := req.Signature == aliyun.SignV3Version
	if v3 {
		args = append(args, "--sign", "v3")
	}
	if m := strings.ToUpper(req.Method); m != "" && m != http.MethodPost {
		args = append(args, "--method", m)
	}
	if f := strings.ToUpper(req.Format); f != "" && f != "JSON" {
		args = append(args, "--format", f)
	}
	if len(req.Lists) > 0 && req.ListStyle != aliyun.ListRepeated {
		args = append(args, "--lists", req.ListStyle.String())
	}
	pairs, extra, why := callPairs(req, e.Sent)
	if why != "" {
		return "", why
	}
	args = append(args, extra...)
	if _, err := BuildCall(c, req.Action, pairs, false); err != nil {
		args = append(args, "--unchecked")
	}
	args = append(args, req.Action)
	for _, kv := range pairs {
		args = append(args, explore.ShellQuote(kv))
	}
	return strings.Join(args, " "), ""
}

// callPairs lists the Param=Value arguments of the request, and the flags
// its overrides need (--skew for a signing time), or why they cannot be
// said on a call line.
func callPairs(req aliyun.Request, sent time.Time) (pairs, flags []string, why string) {
	v3 := req.Signature == aliyun.SignV3Version
	for _, k := range slices.Sorted(maps.Keys(req.Params)) {
		pairs = append(pairs, k+"="+req.Params[k])
	}
	lists := make([]string, 0, len(req.Lists))
	for k := range req.Lists {
		lists = append(lists, k)
	}
	sort.Strings(lists)
	for _, k := range lists {
		for _, item := range req.Lists[k] {
			if strings.Contains(item, ",") {
				return nil, nil, fmt.Sprintf("an item of %s holds a comma, which a call line cannot tell apart", k)
			}
		}
		pairs = append(pairs, k+"="+strings.Join(req.Lists[k], ","))
	}
	if req.Version != "" && req.Version != aliyun.DefaultVersion {
		if v3 {
			return nil, nil, "it sets the version header x-acs-version, which livemsg call does not"
		}
		pairs = append(pairs, "Version="+req.Version) // a business value overrides the protocol one
	}
	for _, k := range slices.Sorted(maps.Keys(req.Overrides)) {
		v := req.Overrides[k]
		timeField := (!v3 && k == "Timestamp") || (v3 && strings.EqualFold(k, "x-acs-date"))
		if at, err := time.Parse("2006-01-02T15:04:05Z", v); timeField && err == nil && !sent.IsZero() {
			flags = append(flags, "--skew="+at.Sub(sent.Truncate(time.Second)).String())
			continue
		}
		if v3 {
			return nil, nil, fmt.Sprintf("it sets the header %s: %s, which livemsg call does not", k, v)
		}
		pairs = append(pairs, k+"="+v) // v1: a business value overrides the protocol one
	}
	return pairs, flags, ""
}
