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
)

// The one redaction point of the process. Whatever leaves it — printed
// lines, error messages, files — goes through RedactText (or a writer,
// error or URL built on it), which removes:
//   - every credential registered with Register (NewClient registers its
//     own): the secret and the security token become REDACTED, the key id
//     its mask, in their raw and percent-encoded forms;
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
		if len(s) >= 4 {
			for _, form := range encodings(s) {
				add[form] = Redacted
			}
		}
	}
	if len(c.AccessKeyID) > 4 {
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

func encodings(s string) []string {
	out := []string{s}
	for _, e := range []string{PercentEncode(s), url.QueryEscape(s), url.PathEscape(s)} {
		if e != s {
			out = append(out, e)
		}
	}
	return out
}

var (
	secretParam = regexp.MustCompile(`(?i)(Signature|SecurityToken|AccessKeySecret)(=|%3D|":\s*")([^&\s"',;<>\\]+)`)
	keyIDParam  = regexp.MustCompile(`(?i)(AccessKeyId|Credential)(=|%3D|":\s*")([^&\s"',;<>\\]+)`)
	tokenHeader = regexp.MustCompile(`(?i)(x-acs-security-token"?\s*[:=]\s*\[?"?)([^\s",\]]+)`)
)

// RedactText removes every secret from free text (see above).
func RedactText(s string) string {
	known.RLock()
	r := known.repl
	known.RUnlock()
	if r != nil {
		s = r.Replace(s)
	}
	s = secretParam.ReplaceAllStringFunc(s, func(m string) string {
		sub := secretParam.FindStringSubmatch(m)
		if sub[3] == Redacted {
			return m
		}
		return sub[1] + sub[2] + Redacted
	})
	s = keyIDParam.ReplaceAllStringFunc(s, func(m string) string {
		sub := keyIDParam.FindStringSubmatch(m)
		id, err := url.QueryUnescape(sub[3])
		if err != nil {
			id = sub[3]
		}
		if isMasked(id) {
			return m
		}
		return sub[1] + sub[2] + MaskKeyID(id)
	})
	return tokenHeader.ReplaceAllStringFunc(s, func(m string) string {
		sub := tokenHeader.FindStringSubmatch(m)
		return sub[1] + Redacted
	})
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
