package load

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	p.stepStart("DeleteLiveMessageGroup", 2, 4, 50, 4*time.Second)
	p.stepEnd(StepResult{Served: 200, AcceptedQPS: 50, P99ms: 1.25})
	p.note("%s: extending", "X")
	assert.Regexp(t, `^\[ *\d+\.\ds\] DeleteLiveMessageGroup step 2/4: 50 rps for 4s \.\.\. served 200 throttled 0 other 0 \(50\.0 accepted/s, p99 1\.2 ms\)\n`+
		`\[ *\d+\.\ds\] X: extending\n$`, buf.String())

	silent := newProgress(nil)
	silent.stepStart("X", 1, 1, 1, time.Second)
	silent.stepEnd(StepResult{})
	silent.note("nothing")
}
