// Package calibrate turns what real-target runs measured and recorded (a
// load probe's summary.json and result files, cassettes) into one
// calibration file, and that file into the emulator's behaviour: per
// operation the throttle as the probe measured it, and the statuses,
// error messages and field formats as recorded, each fact with the run it
// came from and its date. docs/calibration.md describes the file.
package calibrate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"go.yaml.in/yaml/v4"
)

// FormatVersion is the version of the file's format.
const FormatVersion = 1

// File is a calibration: what the real service did, per operation.
type File struct {
	Version    int         `yaml:"version"`
	Operations []Operation `yaml:"operations"` // by name
}

// Operation is what was measured and recorded of one operation.
type Operation struct {
	Name     string    `yaml:"operation"`
	Throttle *Throttle `yaml:"throttle,omitempty"`
	Errors   []Error   `yaml:"errors,omitempty"` // by code
	Fields   []Field   `yaml:"fields,omitempty"` // by name
}

// Throttle is a limit probe's measurement; its shape is one of
// contract.Shapes (sliding, fixed, token, gcra, window, shared).
type Throttle struct {
	Shape        string  `yaml:"shape"`
	SustainedQPS float64 `yaml:"sustained_qps"`
	// Burst is what the probe saw served before its first throttle.
	// Bucket, for a token bucket or a gcra (evenly spaced), is what of
	// it was over the rate: the burst less what the rate refilled while
	// it lasted (timed from the probe's result file), the bucket's size.
	Burst   int     `yaml:"burst"`
	Bucket  int     `yaml:"bucket,omitempty"`
	WindowS float64 `yaml:"window_s"`
	// Headers are the rate-limit headers of the throttled answers; nil
	// when the service sent none.
	Headers *Headers `yaml:"rate_limit_headers"`
	Source  Source   `yaml:"source"`
}

// Headers are the rate-limit headers as measured.
type Headers struct {
	Limit         int    `yaml:"limit"`
	MaxTimeLeftMS int    `yaml:"max_time_left_ms"`
	Example       string `yaml:"example"`
}

// Error is one error answer as recorded: its HTTP status and message.
// Message is set only for a code whose message the contract says is fixed
// (the emulator answers with it); a product code's message names what was
// wrong and is kept as Example, evidence the emulator does not copy.
type Error struct {
	Code    string `yaml:"code"`
	Status  int    `yaml:"status"`
	Message string `yaml:"message,omitempty"`
	Example string `yaml:"example,omitempty"`
	Source  Source `yaml:"source"`
}

// Field is the format a field of a served answer was recorded in: string,
// number, boolean, list or object; a time adds its unit.
type Field struct {
	Name   string `yaml:"field"`
	Format string `yaml:"format"`
	Source Source `yaml:"source"`
}

// Source is where a fact came from: the run's folder (as given to
// livemsg calibrate --from), the file in it, and when it was made.
type Source struct {
	Run  string    `yaml:"run"`
	File string    `yaml:"file"`
	Date time.Time `yaml:"date"`
}

// Read reads and checks a calibration file.
func Read(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("calibration %s: %w", path, err)
	}
	if f.Version != FormatVersion {
		return nil, fmt.Errorf("calibration %s: format version %d, want %d", path, f.Version, FormatVersion)
	}
	return &f, nil
}

// Write writes the file: operations by name, their errors by code and
// fields by name, keys in a fixed order, so that two calibrations diff
// line by line.
func (f *File) Write(path string) error {
	f.sort()
	f.Version = FormatVersion
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("calibration: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("calibration: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("calibration: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("calibration: %w", err)
	}
	return nil
}

const header = "# livemsg calibration: what real-target runs measured and recorded, per operation.\n" +
	"# Written by livemsg calibrate; livemsg mock --calibration FILE behaves so (docs/calibration.md).\n"

// Operation returns the named operation's facts, nil when there are none.
func (f *File) Operation(name string) *Operation {
	for i := range f.Operations {
		if f.Operations[i].Name == name {
			return &f.Operations[i]
		}
	}
	return nil
}

// operation returns the named operation's facts, added when missing.
func (f *File) operation(name string) *Operation {
	if op := f.Operation(name); op != nil {
		return op
	}
	f.Operations = append(f.Operations, Operation{Name: name})
	return &f.Operations[len(f.Operations)-1]
}

func (f *File) sort() {
	sort.Slice(f.Operations, func(i, j int) bool { return f.Operations[i].Name < f.Operations[j].Name })
	for i := range f.Operations {
		op := &f.Operations[i]
		sort.Slice(op.Errors, func(i, j int) bool { return op.Errors[i].Code < op.Errors[j].Code })
		sort.Slice(op.Fields, func(i, j int) bool { return op.Fields[i].Name < op.Fields[j].Name })
	}
}

// newer reports whether a fact from a is newer evidence than one from b.
func (a Source) newer(b Source) bool { return a.Date.After(b.Date) }
