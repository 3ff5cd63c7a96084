package load

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Summary is what summary.json holds.
type Summary struct {
	Target     string            `json:"target"`
	Operations []OperationResult `json:"operations"`
}

// OperationResult is the verdict on one operation.
type OperationResult struct {
	Operation     string       `json:"operation"`
	DocumentedQPS int          `json:"documented_qps"`
	MeasuredQPS   float64      `json:"measured_qps"`
	Verdict       string       `json:"verdict"` // Pass or Fail
	ToleranceQPS  float64      `json:"tolerance_qps"`
	Note          string       `json:"note,omitempty"` // why it failed, or what to know
	Steps         []StepResult `json:"steps"`
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

// WriteFile writes the summary as indented JSON, creating the folder.
func (s *Summary) WriteFile(path string) error {
	return writeJSON(path, s)
}

// ResultFile is where a step's vegeta results go: DIR/load/<Operation>-<rate>.bin.
func ResultFile(dir, op string, rate float64) string {
	return filepath.Join(dir, "load", op+"-"+strconv.FormatFloat(rate, 'f', -1, 64)+".bin")
}

// SummaryFile is where Run writes the summary: DIR/load/summary.json.
func SummaryFile(dir string) string {
	return filepath.Join(dir, "load", "summary.json")
}

func createFile(path string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	return f, nil
}

// findLimitFile is where Search writes its outcome.
func findLimitFile(dir, op string) string {
	return filepath.Join(dir, "load", "find-limit-"+op+".json")
}

func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return nil
}
