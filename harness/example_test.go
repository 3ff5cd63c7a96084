package harness_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/steps"
	"github.com/livemsg/livemsg/target"
)

// A Go program runs the contract suite as livemsg contract does: here the
// scenarios of one operation, on an emulator started for the run on a free
// loopback port. The exit status is the one the command would end with.
func ExampleContract() {
	var out bytes.Buffer
	err := harness.Contract{
		Target: target.Spec{Kind: target.Mock},
		Suite:  steps.Options{Tags: "@op:DeleteLiveMessageGroup && ~@expensive"},
	}.Run(context.Background(), harness.Output{Stdout: &out, Stderr: &out})
	fmt.Println("exit status", harness.Status(err))
	fmt.Println(strings.Contains(out.String(), "0 failed, 0 errors"))
	// Output:
	// exit status 0
	// true
}
