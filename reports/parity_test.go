package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParitySection(t *testing.T) {
	p := Parity{Against: "a fresh embedded emulator", Differs: true,
		Ops: []ParityOp{{Op: "DescribeLiveMessageGroup", Compared: 3, Identical: 2, Different: 1}, {Op: "all", Compared: 3, Identical: 2, Different: 1}},
		Recordings: []ParityRecording{{Name: "Recover <b>", Kind: "scenario", Target: "real", Endpoint: "https://live.aliyuncs.com",
			Recorded: time.Date(2026, 11, 29, 4, 51, 5, 0, time.UTC), Outcome: "passed", Assumption: "confirmed", Differs: true,
			Differences: []string{"#3 DescribeLiveMessageGroup: body.HostId: recorded has no such field, emulator has live.aliyuncs.com"}}}}
	var b strings.Builder
	require.NoError(t, WriteParityHTML(&b, p))
	html := b.String()
	for _, want := range []string{"2026-11-29 04:51:05 UTC", "@assumption CONFIRMED", "body.HostId", "<td>DescribeLiveMessageGroup</td><td>3</td><td>2</td><td>1</td>", "Differences found", "Recover &lt;b&gt;"} {
		assert.Contains(t, html, want)
	}
	assert.NotContains(t, html, "Recover <b>", "names are escaped")
}
