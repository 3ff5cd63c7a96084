package aliyun

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// The one redaction point of the process. Whatever leaves it — printed
// lines, error messages, files — goes through RedactText (or a writer,
// error or URL built on it), which removes:
//   - every credential registered with Register (NewClient registers its
//     own) that looks like a credential (see credentialLike): the secret
//     and the security token become REDACTED, the key id its mask, in their
//     raw and percent-encoded forms, wherever they stand;
//   - by shape, whatever the credentials: Signature=, SecurityToken= and
//     AccessKeySecret= parameters, the v3 Authorization signature and
//     credential, an x-acs-security-token header.

var known struct {
	sync.RWMutex
	repl *strings.Replacer
	olds map[string]string // secret form -> replacement
}

// Register adds credentials to what every redaction removes.
func Register(c Credentials) {
	add := map[string]string{}
	for _, s := range []string{c.AccessKeySecret, c.SecurityToken} {
		if credentialLike(s) {
			for _, form := range encodings(s) {
				add[form] = Redacted
			}
		}
	}
	if credentialLike(c.AccessKeyID) {
		for _, form := range encodings(c.AccessKeyID) {
			add[form] = MaskKeyID(c.AccessKeyID)
		}
	}
	if len(add) == 0 {
		return
	}
	known.Lock()
	defer known.Unlock()
	if known.olds == nil {
		known.olds = map[string]string{}
	}
	changed := false
	for k, v := range add {
		if _, ok := known.olds[k]; !ok {
			known.olds[k], changed = v, true
		}
	}
	if !changed {
		return
	}
	// longest first, so a token that contains a key id is removed whole
	keys := make([]string, 0, len(known.olds))
	for k := range known.olds {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, known.olds[k])
	}
	known.repl = strings.NewReplacer(pairs...)
}

// credentialLike reports a value that can be masked wherever it stands
// without touching fixed text: 12 characters or more, one of them not a
// letter. Alibaba's key ids (24), secrets (30) and STS tokens (hundreds)
// all are; no word is, so a test credential such as "limit" or "whatever"
// never masks the report's own sentences. Such a value is still redacted
// where it stands as a secret (the shapes below: Signature=,
// AccessKeySecret=, the security-token header and the v3 Authorization),
// which is where a signed request carries it.
func credentialLike(s string) bool {
	if len(s) < 12 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func encodings(s string) []string {
	out := []string{s}
	for _, e := range []string{PercentEncode(s), url.QueryEscape(s), url.PathEscape(s)} {
		if e != s {
			out = append(out, e)
		}
	}
	return out
}

// The shapes of a secret. Each starts with one of its keys (matched
// case-insensitively), so the text is searched for the keys, which is
// fast, and each pattern runs only where a key stands.
var (
	secretParam = shape(secretParamPattern()+`(=|%3D|":\s*")([^&\s"',;<>\\]+)`, lower(SecretParams)...)
	keyIDParam  = shape(`(`+ParamAccessKeyID+`|Credential)(=|%3D|":\s*")([^&\s"',;<>\\]+)`, strings.ToLower(ParamAccessKeyID), "credential")
	tokenHeader = shape(`(`+HeaderSecurityToken+`"?\s*[:=]\s*\[?"?)([^\s",\]]+)`, HeaderSecurityToken)
)

// secretShape is a pattern anchored at its start and the lower-case keys
// one of which begins every match; all is the same pattern unanchored.
type secretShape struct {
	re, all *regexp.Regexp
	keys    []string
}

func shape(pattern string, keys ...string) secretShape {
	return secretShape{re: regexp.MustCompile(`^(?i)` + pattern), all: regexp.MustCompile(`(?i)` + pattern), keys: keys}
}

// unicodeFolds are the two runes outside ASCII that (?i) folds into ASCII
// letters: the long s (s) and the Kelvin sign (k). The key search lowers
// ASCII alone, so it would not see "ſignature=" that the pattern matches.
var unicodeFolds = [...]string{"\u017f", "\u212a"}

// replace does what an unanchored ReplaceAllStringFunc of the pattern
// does (leftmost matches, none overlapping), calling fn with the
// submatches: the pattern is tried only where a key begins.
func (sh secretShape) replace(s string, fn func(sub []string) string) string {
	for _, r := range unicodeFolds {
		if strings.Contains(s, r) {
			return sh.replaceAll(s, fn)
		}
	}
	lower := asciiLower(s)
	next := make([]int, len(sh.keys)) // where each key is next found, at or after i
	for k := range next {
		next[k] = -2 // not looked for yet
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		j := -1
		for k, key := range sh.keys {
			if next[k] != -1 && next[k] < i {
				next[k] = strings.Index(lower[i:], key)
				if next[k] >= 0 {
					next[k] += i
				}
			}
			if next[k] >= 0 && (j < 0 || next[k] < j) {
				j = next[k]
			}
		}
		if j < 0 {
			break
		}
		loc := sh.re.FindStringSubmatchIndex(s[j:])
		if loc == nil {
			i = j + 1
			continue
		}
		sub := submatches(s[j:], loc)
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:j])
		b.WriteString(fn(sub))
		last, i = j+loc[1], j+loc[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// replaceAll is replace by the unanchored pattern over the whole text:
// slower, for a text that holds a rune (?i) folds into ASCII.
func (sh secretShape) replaceAll(s string, fn func(sub []string) string) string {
	var b strings.Builder
	last := 0
	for _, loc := range sh.all.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:loc[0]])
		b.WriteString(fn(submatches(s, loc)))
		last = loc[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// submatches are the groups of a match in s, as FindStringSubmatch gives
// them, from its index pairs (an unmatched group is "").
func submatches(s string, loc []int) []string {
	sub := make([]string, len(loc)/2)
	for g := range sub {
		if loc[2*g] >= 0 {
			sub[g] = s[loc[2*g]:loc[2*g+1]]
		}
	}
	return sub
}

// asciiLower lower-cases ASCII letters only, so every byte stays where it
// was.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// RedactText removes every secret from free text (see above).
func RedactText(s string) string {
	known.RLock()
	r := known.repl
	known.RUnlock()
	if r != nil {
		s = r.Replace(s)
	}
	s = secretParam.replace(s, func(sub []string) string {
		if sub[3] == Redacted {
			return sub[0]
		}
		return sub[1] + sub[2] + Redacted
	})
	s = keyIDParam.replace(s, func(sub []string) string {
		id, err := url.QueryUnescape(sub[3])
		if err != nil {
			id = sub[3]
		}
		if isMasked(id) {
			return sub[0]
		}
		return sub[1] + sub[2] + MaskKeyID(id)
	})
	return tokenHeader.replace(s, func(sub []string) string { return sub[1] + Redacted })
}

// isMasked reports a key id in MaskKeyID's shape.
func isMasked(id string) bool {
	if id == "****" {
		return true
	}
	return len(id) > 4 && strings.Trim(id[2:len(id)-2], "*") == ""
}

// RedactError returns an error whose message is redacted; errors.Is and
// errors.As still see what it wraps.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	var r *redactedError
	if errors.As(err, &r) && r.msg == RedactText(err.Error()) {
		return err
	}
	return &redactedError{msg: RedactText(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// RedactingWriter redacts what is written to w, a line at a time: a
// writer may split a secret over two writes (godog's formatters do), never
// over two lines. A tail without a newline waits for the next write or
// Flush, unless it is progress dots. Safe for concurrent use.
func RedactingWriter(w io.Writer) *LineRedactor {
	if r, ok := w.(*LineRedactor); ok {
		return r
	}
	return &LineRedactor{w: w}
}

// LineRedactor is the writer RedactingWriter returns.
type LineRedactor struct {
	mu   sync.Mutex
	w    io.Writer
	tail []byte
}

func (r *LineRedactor) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tail = append(r.tail, p...)
	i := bytes.LastIndexByte(r.tail, '\n')
	if i < 0 {
		if progressOnly(r.tail) {
			return len(p), r.flush()
		}
		return len(p), nil
	}
	if _, err := io.WriteString(r.w, RedactText(string(r.tail[:i+1]))); err != nil {
		return 0, err
	}
	r.tail = append(r.tail[:0], r.tail[i+1:]...)
	return len(p), nil
}

// Flush writes what is left without a newline.
func (r *LineRedactor) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.flush()
}

func (r *LineRedactor) flush() error {
	if len(r.tail) == 0 {
		return nil
	}
	_, err := io.WriteString(r.w, RedactText(string(r.tail)))
	r.tail = r.tail[:0]
	return err
}

// Unwrap gives the writer redacted to.
func (r *LineRedactor) Unwrap() io.Writer { return r.w }

// progressOnly: godog's progress characters, which need no newline to show.
func progressOnly(b []byte) bool {
	for _, c := range b {
		if !strings.ContainsRune(".FUPS- \t", rune(c)) {
			return false
		}
	}
	return true
}
