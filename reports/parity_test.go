package reports

import (
	"encoding/json"
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
	for _, want := range []string{"2026-11-29 04:51:05 UTC", "@assumption CONFIRMED", "body.HostId", `<td>DescribeLiveMessageGroup</td><td class="num">3</td><td class="num">2</td><td class="num c-fail">1</td>`, "Differences found", "Recover &lt;b&gt;"} {
		assert.Contains(t, html, want)
	}
	assert.NotContains(t, html, "Recover <b>", "names are escaped")
}

// sampleWithParity is the sample run with recordings replayed: one
// @assumption confirmed on a real target, one refuted (and differing from
// the emulator), and a documented scenario recorded identical.
func sampleWithParity() Input {
	in := Sample()
	at := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	in.Parity = &Parity{Against: "a fresh embedded emulator per cassette", Differs: true,
		Ops: []ParityOp{
			{Op: "DeleteLiveMessageGroup", Compared: 2, Identical: 2, Score: 1, LatestReal: &at},
			{Op: "DescribeLiveMessageGroup"},
			{Op: "RemoveLiveMessageGroupBand", Compared: 3, Identical: 2, Different: 1, Score: 0.667, LatestReal: &at},
			{Op: "all", Compared: 5, Identical: 4, Different: 1, Score: 0.8, LatestReal: &at},
		},
		Recordings: []ParityRecording{
			{Name: "Deleting a group never created answers with its id", Kind: "scenario", Target: "real", Endpoint: "https://live.aliyuncs.com",
				Livemsg: "v0.4.0", Recorded: at, Outcome: "passed", Assumption: Confirmed},
			{Name: "Unmuting a user who is not muted succeeds and changes nothing", Kind: "scenario", Target: "real", Endpoint: "https://live.aliyuncs.com",
				Livemsg: "v0.4.0", Recorded: at, Outcome: "failed", Assumption: Refuted, Differs: true,
				Differences: []string{"#3 RemoveLiveMessageGroupBand: Code: recorded InputInvalid, emulator none"}},
			{Name: "Deleting a group twice reports AlreadyDelete", Kind: "scenario", Target: "real", Endpoint: "https://live.aliyuncs.com",
				Livemsg: "v0.4.0", Recorded: at, Outcome: "passed"},
		}}
	return in
}

// TestParityInTheRunReport: with recordings replayed, the run's summary
// counts them, each @assumption scenario carries the recording that
// confirms or refutes it, a difference or a refutation is a reason of the
// verdict, and the page has the parity section and the evidence in the
// assumptions list.
func TestParityInTheRunReport(t *testing.T) {
	s := Build(sampleWithParity())
	require.NotNil(t, s.Counts.Parity)
	assert.Equal(t, ParityTally{Recordings: 3, Identical: 2, Different: 1, Confirmed: 1, Refuted: 1}, *s.Counts.Parity)
	byName := map[string]ScenarioResult{}
	for _, a := range s.Assumptions {
		byName[a.Name] = a
	}
	confirmed := byName["Deleting a group never created answers with its id"].Evidence
	require.Len(t, confirmed, 1)
	assert.Equal(t, Confirmed, confirmed[0].Verdict)
	assert.Equal(t, "https://live.aliyuncs.com", confirmed[0].Endpoint)
	refuted := byName["Unmuting a user who is not muted succeeds and changes nothing"].Evidence
	require.Len(t, refuted, 1)
	assert.Equal(t, Refuted, refuted[0].Verdict)
	for _, f := range s.Features {
		for _, r := range f.Scenarios {
			assert.Empty(t, r.Evidence, "only @assumption scenarios are confirmed or refuted: %s", r.Name)
		}
	}
	assert.Contains(t, s.Reasons, "parity: 1 of 3 recordings differ from the emulator")
	assert.Contains(t, s.Reasons, "parity: 1 @assumption refuted by a recording on a real target")

	var b strings.Builder
	require.NoError(t, WriteHTML(&b, s))
	html := b.String()
	assert.Contains(t, html, `<section id="parity">`)
	assert.Contains(t, html, `<a href="#parity">Parity</a>`)
	assert.Contains(t, html, "✓ confirmed by a recording on https://live.aliyuncs.com, 2026-11-28 09:30:00 UTC")
	assert.Contains(t, html, "✗ refuted by a recording on https://live.aliyuncs.com")
	assert.Contains(t, html, "confirmed 1 and refuted 1 of them")
	assert.Less(t, strings.Index(html, `id="assumptions"`), strings.Index(html, `<section id="parity">`), "parity follows the assumptions")
	assert.Contains(t, html, `<td>RemoveLiveMessageGroupBand</td><td class="num">3</td><td class="num">2</td><td class="num c-fail">1</td><td class="num">0</td><td class="num">67%</td><td>2026-11-28</td>`,
		"the parity score: compared, identical, the date of the latest real evidence")
	assert.Contains(t, html, `<td>DescribeLiveMessageGroup</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">&ndash;</td><td><span class="muted">never seen on a real account</span></td>`)
	var js strings.Builder
	require.NoError(t, WriteJSON(&js, s))
	var doc struct {
		Parity struct {
			Ops []map[string]any `json:"ops"`
		} `json:"parity"`
	}
	require.NoError(t, json.Unmarshal([]byte(js.String()), &doc))
	require.Len(t, doc.Parity.Ops, 4)
	assert.Equal(t, map[string]any{"op": "RemoveLiveMessageGroupBand", "compared": 3.0, "identical": 2.0, "different": 1.0,
		"score": 0.667, "latest_real_evidence": "2026-11-28T09:30:00Z"}, doc.Parity.Ops[2], "summary.json carries the score")
	assert.Equal(t, map[string]any{"op": "DescribeLiveMessageGroup", "compared": 0.0, "identical": 0.0, "different": 0.0,
		"score": 0.0, "latest_real_evidence": nil}, doc.Parity.Ops[1], "null: never seen on a real account")

	// identical recordings that confirm: no reason added
	in := sampleWithParity()
	in.Parity.Recordings = in.Parity.Recordings[:1]
	in.Parity.Differs = false
	clean := Build(in)
	for _, r := range clean.Reasons {
		assert.NotContains(t, r, "parity")
	}
	// without --parity: nothing of it
	none := Build(Sample())
	assert.Nil(t, none.Parity)
	assert.Nil(t, none.Counts.Parity)
	b.Reset()
	require.NoError(t, WriteHTML(&b, none))
	assert.NotContains(t, b.String(), `id="parity"`)
}
