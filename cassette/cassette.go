// Package cassette records what a run exchanged with a target, one file per
// scenario or sequence, in go-vcr's cassette format (version 2) with a
// livemsg header: each request's operation and parameters without the
// signing fields, each answer's status, the headers that matter and the
// body, all redacted. Parity replays these files against the emulator.
package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"
	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// The kinds of recording.
const (
	KindScenario = "scenario" // a Gherkin scenario (contract, repro)
	KindSequence = "sequence" // an explore sequence
	KindCall     = "call"     // one livemsg call
)

// Version is the livemsg version written in every cassette; a release build
// sets it with -ldflags "-X github.com/livemsg/livemsg/cassette.Version=v1.2.3".
var Version = ""

// LivemsgVersion is Version, or the module version of the build, or "devel".
func LivemsgVersion() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// Meta is what a cassette says about its recording.
type Meta struct {
	Name     string    `yaml:"name"`
	Kind     string    `yaml:"kind"`
	Recorded time.Time `yaml:"recorded"`
	Endpoint string    `yaml:"endpoint"`
	Target   string    `yaml:"target"` // mock or real
	Livemsg  string    `yaml:"livemsg_version"`
	Tags     []string  `yaml:"tags,omitempty"`
	// Outcome of the scenario or sequence on the target that was recorded:
	// passed, failed or diverged; Detail says why when it did not pass.
	Outcome string `yaml:"outcome,omitempty"`
	Detail  string `yaml:"detail,omitempty"`
}

// HasTag reports whether the recording carries a tag (such as @assumption).
func (m Meta) HasTag(tag string) bool {
	for _, t := range m.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// File is a cassette: go-vcr's version 2 format, which go-vcr's own
// cassette.Load reads, with the livemsg header beside it.
type File struct {
	Livemsg      Meta               `yaml:"livemsg"`
	Version      int                `yaml:"version"`
	Interactions []*vcr.Interaction `yaml:"interactions"`
	Path         string             `yaml:"-"`
}

// Ext is the file name extension of a cassette.
const Ext = ".yaml"

// Load reads a cassette file.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cassette: %w", err)
	}
	var f File
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("cassette %s: %w", path, err)
	}
	if f.Version != vcr.CassetteFormatVersion {
		return nil, fmt.Errorf("cassette %s: format version %d, want %d", path, f.Version, vcr.CassetteFormatVersion)
	}
	if f.Livemsg.Kind == "" {
		return nil, fmt.Errorf("cassette %s: no livemsg header: not recorded by livemsg --record", path)
	}
	f.Path = path
	return &f, nil
}

// LoadDir reads every cassette of a folder (or one file), in name order.
func LoadDir(dir string) ([]*File, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("cassette: %w", err)
	}
	paths := []string{dir}
	if st.IsDir() {
		if paths, err = filepath.Glob(filepath.Join(dir, "*"+Ext)); err != nil {
			return nil, fmt.Errorf("cassette: %w", err)
		}
		sort.Strings(paths)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("cassette: no %s files in %s", Ext, dir)
	}
	var out []*File
	var errs []error
	for _, p := range paths {
		f, err := Load(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, f)
	}
	return out, errors.Join(errs...)
}

// Save writes the cassette (the folder is made if needed).
func (f *File) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("cassette: %w", err)
	}
	b, err := f.marshal()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append([]byte("---\n"), b...), 0o644); err != nil {
		return fmt.Errorf("cassette: %w", err)
	}
	f.Path = path
	return nil
}

// marshal encodes the cassette; go-vcr's Save puts the document marker
// "---" in front.
func (f *File) marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("cassette: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("cassette: %w", err)
	}
	return buf.Bytes(), nil
}

// fileName makes a file name from a scenario or sequence name: letters,
// digits and dashes, at most 80 characters.
func fileName(kind, name string) string {
	var b strings.Builder
	b.WriteString(kind)
	b.WriteByte('-')
	dash := false
	for _, r := range strings.ToLower(name) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	return strings.TrimRight(b.String(), "-")
}
