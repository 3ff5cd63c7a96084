package steps

import (
	"regexp"
	"testing"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/features"
)

// joinStep is every phrasing that joins members through the admin API.
var joinStep = regexp.MustCompile(`have joined`)

// TestMembersTagMatchesJoinSteps holds the @members tag to the steps: a
// scenario that joins members (through the emulator's admin API) says so
// with @members (or @mock, when it needs more of the admin API), so that a
// real target skips it with that reason; a scenario tagged @members joins
// someone, so that the tag skips nothing that could run.
func TestMembersTagMatchesJoinSteps(t *testing.T) {
	feats, err := godog.TestSuite{Options: &godog.Options{FS: features.FS, Paths: []string{"."}}}.RetrieveFeatures()
	require.NoError(t, err)
	members := 0
	for _, f := range feats {
		for _, p := range f.Pickles {
			joins, tagged, mock := false, false, false
			for _, st := range p.Steps {
				joins = joins || joinStep.MatchString(st.Text)
			}
			for _, tg := range p.Tags {
				tagged = tagged || tg.Name == "@members"
				mock = mock || tg.Name == "@mock"
			}
			if tagged {
				members++
			}
			if joins {
				assert.True(t, tagged || mock, "%s: %q joins members: tag it @members", f.Uri, p.Name)
			}
			if tagged {
				assert.True(t, joins, "%s: %q is tagged @members but joins nobody: it can run on a real target", f.Uri, p.Name)
				assert.False(t, mock, "%s: %q: @mock already says emulator only; one tag, one skip reason", f.Uri, p.Name)
			}
		}
	}
	assert.Positive(t, members, "some scenarios need members")
}
