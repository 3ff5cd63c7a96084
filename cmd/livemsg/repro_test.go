package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reproBlocks splits repro's output into the scenarios' blocks, each from
// its "=== " heading.
func reproBlocks(out string) []string {
	parts := strings.Split(out, "\n=== ")
	return parts[1:]
}

var (
	markedRe   = regexp.MustCompile(`(?m)^>>>> the exchange that produced (\S+) \(RequestId ([0-9A-F-]+)\)\n((?:burst: .*\n)?> (?:.*\n)+?< \{.*\})$`)
	callLineRe = regexp.MustCompile(`(?m)^>>>> send it again: (livemsg call .*)$`)
	appMadeRe  = regexp.MustCompile(`"AppId":"([^"]+)"`)
	appUsedRe  = regexp.MustCompile(`(?m)^> \S+ \S*[?&]AppId=([^&\s]+)`)
)

// TestReproMarksTheThrottledExchange: repro Throttling.User shows the
// answer of the burst that was throttled, marked, with its RequestId, and
// a call line; before, it printed only the setup calls around the burst.
func TestReproMarksTheThrottledExchange(t *testing.T) {
	t.Parallel()
	timed(t)
	code, stdout, stderr := run(t, "repro", "Throttling.User", "--tags", "@op:DeleteLiveMessageGroup", "--out", t.TempDir())
	require.Equal(t, exitOK, code, stderr)
	blocks := reproBlocks(stdout)
	require.Len(t, blocks, 1, "one scenario, one block:\n%s", stdout)
	m := markedRe.FindStringSubmatch(blocks[0])
	require.NotNil(t, m, "a marked exchange:\n%s", blocks[0])
	assert.Equal(t, "Throttling.User", m[1])
	assert.Contains(t, m[3], "burst: the first throttled of", "the exchange is the burst's throttled answer")
	assert.Contains(t, m[3], `"Code":"Throttling.User"`, "its answer is the code")
	assert.Contains(t, m[3], `"RequestId":"`+m[2]+`"`, "the RequestId shown is the answer's")
	assert.Contains(t, m[3], "Action=DeleteLiveMessageGroup")
	assert.Contains(t, m[3], "Signature=REDACTED")
	assert.Contains(t, blocks[0], "burst: the first served of", "the served answer of the burst is shown too")
	line := callLineRe.FindStringSubmatch(blocks[0])
	require.NotNil(t, line, blocks[0])
	assert.True(t, strings.HasPrefix(line[1], "livemsg call DeleteLiveMessageGroup AppId="), line[1])
	assert.Contains(t, blocks[0], "sent alone it is not throttled")
}

// TestReproBlocksWholeAndAdminSetupShown: scenarios run four at a time, yet
// each block holds only its own scenario's exchanges (the apps its
// requests name are the ones it created), opens with a heading, shows the
// admin calls redacted and marks the code's exchange with its RequestId.
func TestReproBlocksWholeAndAdminSetupShown(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "repro", "ServerError", "--concurrency", "4", "--out", t.TempDir())
	require.Equal(t, exitOK, code, stderr)
	blocks := reproBlocks(stdout)
	require.Greater(t, len(blocks), 4, "several scenarios:\n%s", stdout)
	for _, b := range blocks {
		heading, _, _ := strings.Cut(b, "\n")
		assert.Contains(t, heading, "(passed)", "heading names the outcome")
		made := map[string]bool{}
		for _, m := range appMadeRe.FindAllStringSubmatch(b, -1) {
			made[m[1]] = true
		}
		for _, m := range appUsedRe.FindAllStringSubmatch(b, -1) {
			assert.True(t, made[m[1]], "block %q uses app %s it did not create: blocks interleave", heading, m[1])
		}
		assert.Regexp(t, `(?m)^admin API: POST /_mock/keys \{"id":"lm\*+ey","account":"`, b, "the scenario's key, masked, its secret left out")
		assert.NotContains(t, b, "secret", "no secret, not even its name")
		assert.Regexp(t, `(?m)^admin API: POST /_mock/faults \{.*"code":"ServerError".*\} -> 200$`, b, "the armed fault is shown")
		m := markedRe.FindStringSubmatch(b)
		require.NotNil(t, m, "a marked exchange in %q", b)
		assert.Contains(t, m[3], `"Code":"ServerError"`)
		assert.Contains(t, m[3], `"RequestId":"`+m[2]+`"`)
		assert.Contains(t, b, "the code needs the setup through the emulator's admin API above, which livemsg call cannot do: POST /_mock/faults")
	}
	assert.Contains(t, stdout, "redo no setup", "the note on what the call lines do not redo")
}

// TestReproCallLineSendsItAgain: on a real target (an external emulator in
// its place) the printed livemsg call line, run as printed, answers the
// same code; the lines that cannot be replayed say why.
func TestReproCallLineSendsItAgain(t *testing.T) {
	t.Parallel()
	emu := canaryEmulator(t)
	app := newApp(t, emu.URL)
	for _, tc := range []struct {
		code  string
		flags []string // the call line needs them
	}{
		{"InvalidTimeStamp.Expired", []string{"--skew=-20m0s"}},
		{"SignatureNonceUsed", []string{"--unchecked", "SignatureNonce="}},
		{"InvalidVersion", []string{"--unchecked", "Version=2099-01-01"}},
		{"InvalidTimeStamp.Format", []string{"Timestamp=yesterday"}},
	} {
		t.Run(tc.code, func(t *testing.T) {
			code, stdout, stderr := run(t, "repro", tc.code, "--target", "real", "--endpoint", emu.URL, "--app-id", app, "--out", t.TempDir())
			require.Equal(t, exitOK, code, stderr)
			m := markedRe.FindStringSubmatch(stdout)
			require.NotNil(t, m, stdout)
			line := callLineRe.FindStringSubmatch(stdout)
			require.NotNil(t, line, stdout)
			assert.True(t, strings.HasPrefix(line[1], "livemsg call --target real --endpoint "+emu.URL+" "), line[1])
			for _, f := range tc.flags {
				assert.Contains(t, line[1], f)
			}
			assert.Contains(t, line[1], "AppId="+app)
			args := strings.Fields(line[1])[1:] // ShellQuote quoted nothing here
			code, out, stderr := run(t, args...)
			assert.Equal(t, exitFailed, code, stderr)
			assert.Contains(t, out, `"Code":"`+tc.code+`"`, "the line answers the code again")
			assert.NotContains(t, out+stdout, canarySecret)
			assert.NotContains(t, out+stdout, canaryID)
		})
	}
	// what call cannot express is said, not printed as a line that would
	// answer something else
	code, stdout, stderr := run(t, "repro", "IncompleteSignature", "--target", "real", "--endpoint", emu.URL, "--app-id", app, "--out", t.TempDir())
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, ">>>> not replayable by livemsg call: it sets the header Authorization")
	assert.NotContains(t, stdout, "send it again")
	assert.NotContains(t, stdout, "redo no setup", "no emulator note on a real target")
}
