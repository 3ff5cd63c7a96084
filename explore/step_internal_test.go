package explore

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/parity"
)

// TestDivergenceLinesCarryTheEnvelope: the lines of a divergence rerun the
// calls as sent: method, format, signature, list encoding, signing time,
// DataCenter, a nonce two calls share (and only such a nonce), an unknown
// key, a join through the admin API.
func TestDivergenceLinesCarryTheEnvelope(t *testing.T) {
	mute, list := contract.OpAddLiveMessageGroupBand, contract.OpListLiveMessageGroups
	q := &sequence{nonces: map[string]string{"n1": "xabc1n1ff", "n2": "xabc1n2ee"}, done: []Step{
		{Op: seedOp, Params: map[string]string{seedCount: "21"}},
		{Op: joinOp, Params: map[string]string{"GroupId": "g1"}, Join: []string{"u1", "u2"}},
		{Op: mute, Params: map[string]string{"AppId": AppToken, "GroupId": "g1", "DataCenter": "cn-shanghai"},
			Lists: map[string][]string{"BannedUsers": {"u1", "u2"}}, Style: aliyun.ListJSON, Method: "GET", Format: "XML", V3: true, Nonce: "n1"},
		{Op: list, Params: map[string]string{"AppId": AppToken, "SortType": "1"}, Method: "POST", Format: "JSON", Nonce: "n2",
			Skew: allowedSkew + skewMargin, BadKey: true},
		{Op: list, Params: map[string]string{"AppId": AppToken, "SortType": "2"}, Method: "POST", Format: "JSON", Nonce: "n1", Fault: faultNonce},
	}}
	q.target.app = "app1"
	d := q.diverged([]parity.Difference{{Where: "Code", What: "code", A: "", B: contract.CodeSignatureNonceUsed}})
	var b strings.Builder
	d.Report(&b, "--target mock --endpoint http://127.0.0.1:9")
	out := b.String()
	t.Log(out)
	assert.Contains(t, out, `curl -s -X POST http://127.0.0.1:9/_mock/apps/app1/groups -d '{"Prefix":"others","Count":21}'`)
	assert.Contains(t, out, `curl -s -X POST http://127.0.0.1:9/_mock/groups/app1/g1/members -d '{"Join":["u1","u2"]}'`)
	assert.Contains(t, out, "livemsg call --target mock --endpoint http://127.0.0.1:9 --method GET --format XML --sign v3 --lists json --nonce xabc1n1ff --unchecked "+mute+" AppId=app1 DataCenter=cn-shanghai GroupId=g1 BannedUsers=u1,u2")
	assert.Contains(t, out, aliyun.EnvAccessKeyID+"="+badKeyID+" livemsg call --target mock --endpoint http://127.0.0.1:9 --skew 16m0s --unchecked "+list)
	assert.NotContains(t, out, "xabc1n2ee", "a nonce used once is the client's business")
	assert.Equal(t, 2, strings.Count(out, "--nonce xabc1n1ff"), "both calls of the reuse")
}

// TestShorterTriesEachStepAndEachBurst: the candidates of the minimizing
// pass drop each step in turn, then make each burst of sends one send,
// then two.
func TestShorterTriesEachStepAndEachBurst(t *testing.T) {
	send := Step{Op: contract.OpSendLiveMessageGroup, Repeat: 11}
	steps := []Step{{Op: contract.OpCreateLiveMessageGroup}, send, {Op: contract.OpListLiveMessageGroupMessages}}
	cands := shorter(steps)
	if assert.Len(t, cands, len(steps)+2) {
		for i := range steps {
			assert.Len(t, cands[i], len(steps)-1, "step %d dropped", i)
		}
		for j, want := range []int{1, 2} {
			c := cands[len(steps)+j]
			assert.Len(t, c, len(steps))
			assert.Equal(t, want, c[1].Calls(), "the burst made %d send(s)", want)
		}
		assert.Equal(t, 11, steps[1].Repeat, "the sequence itself is left alone")
	}
	d := &Divergence{Steps: steps, At: 2}
	assert.Equal(t, 13, d.Calls(), "a burst counted a call a send")
}
