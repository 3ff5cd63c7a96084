package harness

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/load"
	"github.com/stretchr/testify/assert"
)

// TestLoadCouldNotMeasure: an error of the load package that is a
// transport fault (errors.Is aliyun.ErrTransport) exits 2 as "could not
// measure", after what was measured; so does a --deadline.
func TestLoadCouldNotMeasure(t *testing.T) {
	var out, errb bytes.Buffer
	e := Output{Stdout: &out, Stderr: &errb}
	err := fmt.Errorf("load: DeleteLiveMessageGroup: 40 of 40 answers were transport faults: %w",
		&aliyun.TransportError{Action: "DeleteLiveMessageGroup", Cause: "502 text/html", NotAlibaba: true})
	sum := &load.Summary{Target: "real (x)", Operations: []load.OperationResult{{Operation: "DeleteLiveMessageGroup", DocumentedQPS: 50}}}
	assert.Equal(t, StatusCouldNotRun, Status(loadFailed(context.Background(), e, sum, err)))
	assert.Contains(t, errb.String(), "livemsg: could not measure: load: DeleteLiveMessageGroup")
	assert.Contains(t, out.String(), "DeleteLiveMessageGroup", "what was measured is printed")

	errb.Reset()
	ctx, cancel := context.WithTimeoutCause(context.Background(), time.Nanosecond, errDeadline(time.Second))
	defer cancel()
	<-ctx.Done()
	assert.Equal(t, StatusCouldNotRun, Status(loadFailed(ctx, e, nil, ctx.Err())))
	assert.Contains(t, errb.String(), "the --deadline of 1s passed: the load probes stopped")
}
