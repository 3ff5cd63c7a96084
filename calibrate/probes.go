package calibrate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/load"
)

// From reads what the real-target runs of each folder wrote (a load
// probe's DIR/load/summary.json with its result files, the cassettes anywhere under DIR) and returns the calibration:
// for each operation the newest trusted measurement and the newest
// recording of each error code and field. Notes say what was left out
// and why (a run on the emulator, a measurement the probe did not trust).
// It fails when a folder cannot be read, or nothing in any of them
// calibrates anything.
func From(dirs ...string) (*File, []string, error) {
	f := &File{Version: FormatVersion}
	var notes []string
	for _, dir := range dirs {
		if _, err := os.Stat(dir); err != nil {
			return nil, notes, fmt.Errorf("calibrate: %w", err)
		}
		n, err := f.addProbes(dir)
		notes = append(notes, n...)
		if err != nil {
			return nil, notes, err
		}
		n, err = f.addRecordings(dir)
		notes = append(notes, n...)
		if err != nil {
			return nil, notes, err
		}
	}
	if len(f.Operations) == 0 {
		return nil, notes, fmt.Errorf("calibrate: nothing to calibrate from in %s: no load probe summary nor cassette of a real target", strings.Join(dirs, ", "))
	}
	f.sort()
	return f, notes, nil
}

// addProbes adds the measurements of a run's load probes (summary.json).
// A find-limit file does not say which target it measured: it is not read.
func (f *File) addProbes(dir string) ([]string, error) {
	path := load.SummaryFile(dir)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	var sum load.Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		return nil, fmt.Errorf("calibrate: %s: %w", path, err)
	}
	if !strings.HasPrefix(sum.Target, realTarget) {
		return []string{fmt.Sprintf("%s: left out: probes of %q, not of a real target", path, sum.Target)}, nil
	}
	var notes []string
	for _, res := range sum.Operations {
		th, why := throttleOf(dir, path, res)
		if why != "" {
			notes = append(notes, fmt.Sprintf("%s: %s left out: %s", path, res.Operation, why))
			continue
		}
		op := f.operation(res.Operation)
		if op.Throttle == nil || th.Source.newer(op.Throttle.Source) {
			op.Throttle = th
		}
	}
	return notes, nil
}

// realTarget is how a summary names a real target (target.Describe).
const realTarget = "real"

// throttleOf is the calibration's throttle of a probe's result, or why
// the result calibrates nothing.
func throttleOf(dir, path string, res load.OperationResult) (*Throttle, string) {
	switch {
	case !res.Trusted:
		return nil, "the probe did not trust its measurement: " + res.Untrusted
	case res.NotThrottled:
		return nil, "nothing was throttled"
	case res.Shape == load.ShapeUnclear || res.Shape == "":
		return nil, "the probe could not tell the shape: " + res.ShapeWhy
	case res.SustainedQPS <= 0:
		return nil, "no sustained limit was measured"
	}
	rel, _ := filepath.Rel(dir, path)
	src := Source{Run: dir, File: filepath.ToSlash(rel), Date: date(path, res)}
	th := &Throttle{Shape: res.Shape, SustainedQPS: res.SustainedQPS, Burst: res.Burst, WindowS: res.WindowS, Source: src}
	if res.Shape == contract.ShapeToken || res.Shape == contract.ShapeGCRA || olderShapes[res.Shape] == contract.ShapeGCRA {
		// without the result file, the whole burst (an overestimate)
		th.Bucket = res.Burst
		if span, ok := burstSpan(load.ResultFile(dir, res.Operation), res.Operation); ok {
			th.Bucket = max(int(math.Round(float64(res.Burst)-res.SustainedQPS*span.Seconds())), 1)
		}
	}
	if h := res.Headers; h != nil {
		th.Headers = &Headers{Limit: h.Limit, MaxTimeLeftMS: h.TimeLeft, Example: h.Example}
	}
	return th, ""
}

// date is when a probe ran: its drive's start, or the file's time.
func date(path string, res load.OperationResult) time.Time {
	if len(res.Steps) > 0 && !res.Steps[0].Started.IsZero() {
		return res.Steps[0].Started.UTC().Truncate(time.Second)
	}
	if st, err := os.Stat(path); err == nil {
		return st.ModTime().UTC().Truncate(time.Second)
	}
	return time.Time{}
}

// burstSpan reads a probe's result file: how long its burst lasted, from
// its first request of op to the first one throttled (by when they were
// sent). false when the file is missing or has no throttle.
func burstSpan(file, op string) (time.Duration, bool) {
	r, err := os.Open(file)
	if err != nil {
		return 0, false
	}
	defer r.Close()
	dec := vegeta.NewDecoder(r)
	var first, throttled time.Time
	for {
		var res vegeta.Result
		if err := dec.Decode(&res); err != nil {
			if !errors.Is(err, io.EOF) {
				return 0, false
			}
			break
		}
		if u, err := url.Parse(res.URL); err == nil && u.Query().Get("Action") != "" && u.Query().Get("Action") != op {
			continue // the companion operation of the shared-bucket check
		}
		if first.IsZero() || res.Timestamp.Before(first) {
			first = res.Timestamp
		}
		if contract.IsThrottling(load.ErrorCode(res.Body)) && (throttled.IsZero() || res.Timestamp.Before(throttled)) {
			throttled = res.Timestamp
		}
	}
	if first.IsZero() || throttled.IsZero() {
		return 0, false
	}
	return throttled.Sub(first), true
}
