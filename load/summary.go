package load

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Summary is what summary.json holds.
type Summary struct {
	Target     string            `json:"target"`
	Operations []OperationResult `json:"operations"`
}

// OperationResult is the limit probe of one operation and its verdict: the
// sustained limit, the burst, the window, the shape, the headers, what it
// spent, and the drive's step with its per-second timeline.
type OperationResult struct {
	Operation     string  `json:"operation"`
	DocumentedQPS int     `json:"documented_qps"`
	ToleranceQPS  float64 `json:"tolerance_qps"`
	Verdict       string  `json:"verdict"`        // Pass, Fail or Inconclusive ("" for find-limit)
	Note          string  `json:"note,omitempty"` // why it failed, or what to know
	Limit
	Steps []StepResult `json:"steps"`
}

// Passed reports whether every operation passed.
func (s *Summary) Passed() bool {
	for _, op := range s.Operations {
		if op.Verdict != Pass {
			return false
		}
	}
	return true
}

// NetworkStopped says why the probes measured nothing wrong but could not
// be trusted for the network alone: every operation that did not pass is
// inconclusive, and each has more than 1% of its answers transport faults
// (no answer, or not Alibaba's) and no error answer of Alibaba's. It is
// "" when a verdict failed, or one is inconclusive for another reason.
func (s *Summary) NetworkStopped() string {
	var why []string
	for _, op := range s.Operations {
		if op.Verdict == Pass {
			continue
		}
		if op.Verdict != Inconclusive {
			return ""
		}
		var sent, other, faults int
		for _, st := range op.Steps {
			sent, other, faults = sent+st.Sent, other+st.Other, faults+st.Faults
		}
		if other != faults || float64(faults) <= otherShare*float64(sent) {
			return ""
		}
		why = append(why, fmt.Sprintf("%s: %d of %d answers were transport faults", op.Operation, faults, sent))
	}
	return join(why...)
}

// WriteFile writes the summary as indented JSON, creating the folder.
func (s *Summary) WriteFile(path string) error {
	return writeJSON(path, s)
}

// ResultFile is where the vegeta results of an operation's probe go:
// DIR/load/<Operation>.bin.
func ResultFile(dir, op string) string {
	return filepath.Join(dir, "load", op+".bin")
}

// SummaryFile is where Run writes the summary: DIR/load/summary.json.
func SummaryFile(dir string) string {
	return filepath.Join(dir, "load", "summary.json")
}

// findLimitFile is where Search writes its outcome.
func findLimitFile(dir, op string) string {
	return filepath.Join(dir, "load", "find-limit-"+op+".json")
}

func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Base(path), err)
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
