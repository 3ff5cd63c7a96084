package parity_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/cassette"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/parity"
)

// TestParityScore: every operation of the contract has a score: exchanges
// compared and identical, and the date of the newest recording on a real
// account that compared one, or "never seen on a real account" (an
// operation recorded only on the emulator, or not at all).
func TestParityScore(t *testing.T) {
	older := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	newer := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	del, rec, desc := contract.OpDeleteLiveMessageGroup, contract.OpRecoverLiveMessageDeletedGroup, contract.OpDescribeLiveMessageGroup
	rep := &parity.Report{}
	rep.Add(parity.Cassette{Meta: cassette.Meta{Target: "real", Recorded: newer}, Exchanges: []parity.Exchange{
		{Op: del}, {Op: del, Differences: []parity.Difference{{Where: "Code", What: "code"}}},
		{Op: rec, NotResent: "refused with Throttling.User"}, // not compared: no evidence
	}})
	rep.Add(parity.Cassette{Meta: cassette.Meta{Target: "real", Recorded: older}, Exchanges: []parity.Exchange{{Op: del}}})
	rep.Add(parity.Cassette{Meta: cassette.Meta{Target: "mock", Recorded: newer.Add(time.Hour)}, Exchanges: []parity.Exchange{{Op: desc}, {Op: del}}})

	scores := rep.Scores()
	require.Len(t, scores, len(contract.Default().OperationNames())+1, "every operation, then the totals")
	byOp := map[string]parity.OpStats{}
	for _, s := range scores {
		byOp[s.Op] = s
	}
	d := byOp[del]
	assert.Equal(t, 4, d.Compared)
	assert.Equal(t, 3, d.Identical)
	assert.Equal(t, 0.75, d.Score())
	require.NotNil(t, d.LatestReal)
	assert.Equal(t, newer, *d.LatestReal, "the newest real recording, not the emulator's")
	assert.Equal(t, "2026-11-28", d.Evidence())
	assert.Equal(t, 1, byOp[desc].Compared)
	assert.Equal(t, parity.NeverReal, byOp[desc].Evidence(), "recorded on the emulator only")
	assert.Equal(t, parity.NeverReal, byOp[rec].Evidence(), "refused in the recording: nothing compared")
	assert.Equal(t, parity.NeverReal, byOp[contract.OpKickLiveMessageGroupUser].Evidence(), "never recorded")
	all := scores[len(scores)-1]
	assert.Equal(t, "all", all.Op)
	assert.Equal(t, newer, *all.LatestReal)

	var b bytes.Buffer
	rep.WriteText(&b)
	assert.Regexp(t, regexp.MustCompile(del+` +4 +3 +1 +0 +75%  2026-11-28\n`), b.String())
	assert.Regexp(t, regexp.MustCompile(contract.OpKickLiveMessageGroupUser+` +0 +0 +0 +0 +-  never seen on a real account\n`), b.String())
}
