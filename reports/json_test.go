package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/load"
)

func TestWriteJSON(t *testing.T) {
	in := Input{
		Scenarios: []Scenario{failed("F", "a", "@op:X")},
		Load: &load.Summary{Operations: []load.OperationResult{{
			Operation: "X", DocumentedQPS: 50, Verdict: "fail", Limit: load.Limit{SustainedQPS: math.NaN()},
			Steps: []load.StepResult{{Rate: 10, AcceptedQPS: math.Inf(1), Timeline: []load.Point{{T: 0, P99ms: math.NaN()}}}},
		}}},
	}
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, Build(in)), "NaN and infinities do not stop summary.json")

	var got map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	assert.Equal(t, "fail", got["verdict"])
	for _, key := range []string{"reasons", "target", "started_at", "duration_s", "counts", "features", "assumptions", "coverage", "gateway_codes", "load"} {
		assert.Contains(t, got, key, "summary.json has %q", key)
	}
	op := got["load"].(map[string]any)["operations"].([]any)[0].(map[string]any)
	assert.Equal(t, 0.0, op["sustained_qps"], "NaN written as 0")
	for _, key := range []string{"sustained_qps", "burst", "window_s", "shape", "headers", "throttled_spent", "steps"} {
		assert.Contains(t, op, key, "the load section has %q", key)
	}

	b.Reset()
	require.NoError(t, WriteJSON(&b, Build(Input{})))
	assert.Contains(t, b.String(), `"load": null`, "load is null when the probes did not run")
	assert.Contains(t, b.String(), `"features": []`, "lists are empty, not null")
}
