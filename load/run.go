package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Config configures a probe run.
type Config struct {
	Client     *aliyun.Client
	Contract   *contract.Contract // nil = contract.Default()
	Target     string             // described in the summary
	Operations []string           // nil = the three of the brief
	Rates      []Rate             // nil = DefaultRates
	Duration   time.Duration      // of each step (default 4s)
	Pause      time.Duration      // between steps, so a one-second window empties (default 1.2s)
	OutDir     string             // result files and summary.json go to OutDir/load ("" = none)
	AppID      string             // "" = create one (emulator only)
	// Real marks a real target: it needs AllowReal and a MaxRequests cap.
	Real, AllowReal bool
	MaxRequests     int
	Progress        io.Writer // nil = silent
}

// BriefOperations are the operations the brief names.
var BriefOperations = []string{"DeleteLiveMessageGroup", "RecoverLiveMessageDeletedGroup", "RemoveLiveMessageGroupBand"}

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
	Verdict       string       `json:"verdict"`
	ToleranceQPS  float64      `json:"tolerance_qps"`
	Note          string       `json:"note,omitempty"`
	Steps         []StepResult `json:"steps"`
}

// Passed reports whether every operation passed.
func (s *Summary) Passed() bool {
	for _, op := range s.Operations {
		if op.Verdict != "pass" {
			return false
		}
	}
	return true
}

// maxExtension is how far past the documented limit a ladder is extended
// while no throttling is seen.
const maxExtension = 8.0

// Run probes each operation over its ladder and writes the results.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	cfg.defaults()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	app, err := cfg.app(ctx)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Target: cfg.Target}
	sent := 0
	for i, name := range cfg.Operations {
		op, _ := cfg.Contract.Operation(name)
		env := Env{AppID: app, GroupID: fmt.Sprintf("livemsgprobe%d%d", time.Now().UnixNano()%1e9, i), Prefix: "livemsgprobe"}
		res, n, err := cfg.probeOperation(ctx, op, env, sent)
		sent += n
		if err != nil {
			return sum, err
		}
		sum.Operations = append(sum.Operations, res)
	}
	if cfg.OutDir != "" {
		if err := writeSummary(filepath.Join(cfg.OutDir, "load", "summary.json"), sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

func (cfg *Config) defaults() {
	if cfg.Contract == nil {
		cfg.Contract = contract.Default()
	}
	if len(cfg.Operations) == 0 {
		cfg.Operations = BriefOperations
	}
	if len(cfg.Rates) == 0 {
		cfg.Rates = DefaultRates
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 4 * time.Second
	}
	if cfg.Pause <= 0 {
		cfg.Pause = 1200 * time.Millisecond
	}
}

// check refuses what must not run: unknown operations, a real target
// without the acknowledging flag and a cap, a plan over the cap.
func (cfg *Config) check() error {
	planned := 0
	for _, name := range cfg.Operations {
		op, ok := cfg.Contract.Operation(name)
		if !ok {
			return fmt.Errorf("load: unknown operation %q", name)
		}
		if _, err := NewProbe(name, Env{}); err != nil {
			return err
		}
		for _, r := range cfg.Rates {
			planned += int(math.Ceil(r.For(op.QPS) * cfg.Duration.Seconds()))
		}
	}
	if !cfg.Real {
		return nil
	}
	if !cfg.AllowReal {
		return fmt.Errorf("load: a real target needs --i-know-this-calls-the-real-service: calls over the limit may disturb the account")
	}
	if cfg.MaxRequests <= 0 {
		return fmt.Errorf("load: a real target needs --max-requests N (the ladder plans %d requests)", planned)
	}
	if planned > cfg.MaxRequests {
		return fmt.Errorf("load: the ladder plans %d requests, over --max-requests %d: shorten --duration or --rates", planned, cfg.MaxRequests)
	}
	return nil
}

// app is the app the probes work in: the configured one, or a new one on
// an emulator.
func (cfg *Config) app(ctx context.Context) (string, error) {
	if cfg.AppID != "" {
		return cfg.AppID, nil
	}
	if cfg.Real {
		return "", fmt.Errorf("load: a real target needs --app-id: probes never create apps there")
	}
	resp, err := cfg.Client.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "livemsgload"}})
	if err != nil {
		return "", fmt.Errorf("load: create app: %w", err)
	}
	id, _ := resp.Fields["AppId"].(string)
	if !resp.OK() || id == "" {
		return "", fmt.Errorf("load: create app: %d %s: %s", resp.Status, resp.Code, resp.Message)
	}
	return id, nil
}

func (cfg *Config) probeOperation(ctx context.Context, op *contract.Operation, env Env, sentBefore int) (OperationResult, int, error) {
	res := OperationResult{Operation: op.Name, DocumentedQPS: op.QPS, ToleranceQPS: Tolerance(op.QPS)}
	p, err := NewProbe(op.Name, env)
	if err != nil {
		return res, 0, err
	}
	if p.Setup != nil {
		if err := p.Setup(ctx, cfg.Client); err != nil {
			return res, 0, err
		}
	}
	if p.Teardown != nil {
		defer func() { _ = p.Teardown(context.WithoutCancel(ctx), cfg.Client) }()
	}
	rates := make([]float64, 0, len(cfg.Rates))
	for _, r := range cfg.Rates {
		rates = append(rates, r.For(op.QPS))
	}
	sent := 0
	for i := 0; i < len(rates); i++ {
		rate := rates[i]
		if cfg.Real && sentBefore+sent+int(rate*cfg.Duration.Seconds()) > cfg.MaxRequests {
			res.Note = "ladder cut short by --max-requests"
			break
		}
		step, err := cfg.step(ctx, p, rate, i, len(rates))
		sent += step.Sent
		if err != nil {
			return res, sent, err
		}
		res.Steps = append(res.Steps, step)
		last := i == len(rates)-1
		if last && !throttledAny(res.Steps) && rate >= float64(op.QPS) && rate*1.5 <= maxExtension*float64(op.QPS) {
			rates = append(rates, math.Round(rate*1.5))
		}
	}
	var note string
	res.MeasuredQPS, res.Verdict, note = Verdict(op.QPS, res.Steps)
	res.Note = join(res.Note, note)
	return res, sent, nil
}

func (cfg *Config) step(ctx context.Context, p *Probe, rate float64, i, n int) (StepResult, error) {
	if i > 0 {
		select {
		case <-ctx.Done():
			return StepResult{}, ctx.Err()
		case <-time.After(cfg.Pause):
		}
	}
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "%s step %d/%d: %g rps for %s ...", p.Operation, i+1, n, rate, cfg.Duration)
	}
	var out io.Writer
	if cfg.OutDir != "" {
		f, err := createResultFile(cfg.OutDir, p.Operation, rate)
		if err != nil {
			return StepResult{}, err
		}
		defer f.Close()
		out = f
	}
	step, err := Burst(ctx, cfg.Client, p, rate, cfg.Duration, out)
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, " served %d, throttled %d, other %d (%.1f accepted/s, p99 %.1f ms)\n",
			step.Served, step.Throttled, step.Other, step.AcceptedQPS, step.P99ms)
	}
	return step, err
}

func createResultFile(dir, op string, rate float64) (*os.File, error) {
	path := filepath.Join(dir, "load", op+"-"+strconv.FormatFloat(rate, 'f', -1, 64)+".bin")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	return f, nil
}

func writeSummary(path string, s *Summary) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func throttledAny(steps []StepResult) bool {
	for _, s := range steps {
		if s.Throttled > 0 {
			return true
		}
	}
	return false
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
