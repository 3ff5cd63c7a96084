package explore

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// Step is one call of a sequence, as drawn: the operation, its parameters
// and the envelope (method, format, signature, list form, signing time).
// AppToken in a value stands for the app of the side that sends it.
type Step struct {
	Op     string
	Params map[string]string
	Lists  map[string][]string
	Style  aliyun.ListStyle
	Method string // GET or POST
	Format string // JSON or XML
	V3     bool
	Skew   time.Duration // signing time minus now
	// Nonce labels the call's SignatureNonce: the sequence sends a value
	// of its own for each label, so calls of one label reuse one nonce.
	// NonceValue, when set, is the value sent (printed to rerun).
	Nonce, NonceValue string
	// BadKey: signed with an AccessKeyId the provider does not know.
	BadKey bool
	// BadSignature: the signature sent is not the one the request's
	// parameters and the secret make (a wrong secret's).
	BadSignature bool
	// SigVersion, when set, is the SignatureVersion sent in place of the
	// client's (a v1 call signed as ever, the version named wrong).
	SigVersion string
	// Join, with Op joinOp, joins users to the group GroupId through the
	// emulator's admin API (on both sides).
	Join []string
	// Repeat, above 1, sends the call that many times in a row, each
	// signed with a nonce of its own: a burst of sends that fills a
	// group past its smallest message page.
	Repeat int
	// Fault names the one fault the step carries ("" = a valid call).
	Fault string
	// ReadBack marks a call the explorer adds after the drawn ones to read
	// the state back.
	ReadBack bool
}

// sigVersionParam is the common parameter that names the v1 signing
// scheme's version.
const sigVersionParam = "SignatureVersion"

// AppToken stands for the app each side works in.
const AppToken = "{app}"

// Request builds the aliyun request of one side, its app put in.
func (s Step) Request(app string) aliyun.Request { return s.request(app, s.NonceValue) }

// request builds the request with the nonce given ("" = the client's).
func (s Step) request(app, nonce string) aliyun.Request {
	r := aliyun.Request{Action: s.Op, Method: s.Method, Format: s.Format, ListStyle: s.Style,
		Params: map[string]string{}, Lists: map[string][]string{}}
	for k, v := range s.Params {
		r.Params[k] = strings.ReplaceAll(v, AppToken, app)
	}
	for k, v := range s.Lists {
		r.Lists[k] = append([]string(nil), v...)
	}
	if s.V3 {
		r.Signature = aliyun.SignV3Version
	}
	r.Overrides = map[string]string{}
	r.TamperSignature = s.BadSignature
	if s.SigVersion != "" && !s.V3 {
		r.Overrides[sigVersionParam] = s.SigVersion
	}
	if s.Skew != 0 {
		at := time.Now().Add(s.Skew).UTC().Format("2006-01-02T15:04:05Z")
		if s.V3 {
			r.Overrides["x-acs-date"] = at
		} else {
			r.Overrides["Timestamp"] = at
		}
	}
	if nonce != "" {
		if s.V3 {
			r.Overrides["x-acs-signature-nonce"] = nonce
		} else {
			r.Overrides["SignatureNonce"] = nonce
		}
	}
	return r
}

// Values lists every value the step sends on one side (for the pairing of
// generated values: a value a client sent is never taken for a generated one).
func (s Step) Values(app string) []string {
	var out []string
	for _, v := range s.Params {
		out = append(out, strings.ReplaceAll(v, AppToken, app))
	}
	for _, l := range s.Lists {
		out = append(out, l...)
	}
	return out
}

// CommandLine prints the step as a `livemsg call` line a person can rerun
// against the target (flags is the target's, e.g. "--target real").
func (s Step) CommandLine(flags, app string) string {
	var b strings.Builder
	if s.Op == seedOp {
		body := fmt.Sprintf(`{"Prefix":%q,"Count":%s}`, othersPrefix, s.Params[seedCount])
		fmt.Fprintf(&b, "curl -s -X POST %s/_mock/apps/%s/groups -d %s  # others' groups first (emulator only)",
			endpointOf(flags), app, ShellQuote(body))
		return b.String()
	}
	if s.Op == joinOp {
		// the admin API of the emulator: no livemsg call does it
		body, _ := json.Marshal(map[string][]string{"Join": s.Join})
		fmt.Fprintf(&b, "curl -s -X POST %s/_mock/groups/%s/%s/members -d %s  # join members (emulator only)",
			endpointOf(flags), app, s.Params["GroupId"], ShellQuote(string(body)))
		return b.String()
	}
	if s.Repeat > 1 {
		fmt.Fprintf(&b, "for i in $(seq %d); do ", s.Repeat)
	}
	if s.BadKey {
		b.WriteString(badKeyEnv + "=" + badKeyID + " ")
	}
	b.WriteString("livemsg call")
	if flags != "" {
		b.WriteString(" " + flags)
	}
	if s.Method != "" && s.Method != "POST" {
		b.WriteString(" --method " + s.Method)
	}
	if s.Format != "" && s.Format != "JSON" {
		b.WriteString(" --format " + s.Format)
	}
	if s.V3 {
		b.WriteString(" --sign v3")
	}
	if len(s.Lists) > 0 && s.Style != aliyun.ListRepeated {
		b.WriteString(" --lists " + s.Style.String())
	}
	if s.Skew != 0 {
		b.WriteString(" --skew " + s.Skew.String())
	}
	if s.NonceValue != "" {
		b.WriteString(" --nonce " + s.NonceValue)
	}
	b.WriteString(" --unchecked " + s.Op)
	for _, k := range slices.Sorted(maps.Keys(s.Params)) {
		b.WriteString(" " + ShellQuote(k+"="+strings.ReplaceAll(s.Params[k], AppToken, app)))
	}
	lists := make([]string, 0, len(s.Lists))
	for k := range s.Lists {
		lists = append(lists, k)
	}
	sort.Strings(lists)
	for _, k := range lists {
		b.WriteString(" " + ShellQuote(k+"="+strings.Join(s.Lists[k], ",")))
	}
	if s.Repeat > 1 {
		b.WriteString("; done")
	}
	// livemsg call has no flag for these: said, for a person to redo
	if s.BadSignature {
		b.WriteString("  # sent with a signature that does not match")
	}
	if s.SigVersion != "" {
		b.WriteString("  # sent with " + sigVersionParam + "=" + s.SigVersion)
	}
	return b.String()
}

func (s Step) String() string { return s.CommandLine("", AppToken) }

// Calls is how many calls the step sends (Repeat, or one).
func (s Step) Calls() int { return max(1, s.Repeat) }

// ShellQuote quotes a word for a POSIX shell when it needs it (the
// `livemsg call` lines explore and repro print).
func ShellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("=,._-/:+@", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Script prints a sequence as a shell script of `livemsg call` lines.
func Script(steps []Step, flags, app string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n# A sequence on which the target and the emulator answer differently;\n# each line is one call, in order.\n")
	for _, s := range steps {
		b.WriteString(s.CommandLine(flags, app) + "\n")
	}
	return b.String()
}

// endpointOf is the --endpoint of a target's flags (ENDPOINT when none:
// the embedded emulator's address is gone with the run).
func endpointOf(flags string) string {
	f := strings.Fields(flags)
	for i := 0; i+1 < len(f); i++ {
		if f[i] == "--endpoint" {
			return f[i+1]
		}
	}
	return "ENDPOINT"
}
