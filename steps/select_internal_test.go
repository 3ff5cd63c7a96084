package steps

import (
	"testing"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/features"
)

// TestSelectAgreesWithGodog holds selectIn (which the run needs for its
// users' files, handed to godog as contents) to godog's own selection of
// the built-in features: the same scenarios, with the same pickle ids.
func TestSelectAgreesWithGodog(t *testing.T) {
	files, err := builtinFeatures()
	require.NoError(t, err)
	for _, expr := range []string{"", "@op:DeleteLiveMessageGroup", "~@mock", "@mock,@expensive",
		"@op:DeleteLiveMessageGroup && ~@mock", "~@expensive && ~@assumption", "@code:Throttling.User,@code:ResourceNotExist && ~@mock"} {
		t.Run(expr, func(t *testing.T) {
			ours, err := selectIn(expr, files)
			feats, ferr := godog.TestSuite{Options: &godog.Options{FS: features.FS, Paths: []string{"."}, Tags: expr}}.RetrieveFeatures()
			require.NoError(t, ferr)
			var want []string
			for _, f := range feats {
				for _, p := range f.Pickles {
					want = append(want, f.Feature.Name+"/"+p.Name)
				}
			}
			if len(want) == 0 {
				require.ErrorIs(t, err, ErrSelection)
				return
			}
			require.NoError(t, err)
			var got []string
			for _, s := range ours {
				got = append(got, s.Feature+"/"+s.Name)
			}
			assert.ElementsMatch(t, want, got)
		})
	}
}
