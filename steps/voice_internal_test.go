package steps

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckMessage(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"testify's Equal", "\n\tError Trace:\t/work/steps/groups.go:154\n\t            \t\t\t\t/root/go/pkg/mod/github.com/cucumber/godog@v0.15.1/suite.go:291\n" +
			"\tError:      \tNot equal: \n\t            \texpected: \"NoAuth\"\n\t            \tactual  : \"ResourceNotExist\"\n\t            \t\n" +
			"\t            \tDiff:\n\t            \t--- Expected\n\t            \t+++ Actual\n\t            \t@@ -1 +1 @@\n\t            \t-NoAuth\n\t            \t+ResourceNotExist\n" +
			"\tTest:       \texpects the wrong code\n\tMessages:   \tRecover: want error NoAuth\n",
			"Not equal:\nexpected: \"NoAuth\"\nactual  : \"ResourceNotExist\"\nRecover: want error NoAuth"},
		{"plain text", "no call was made", "no call was made"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, checkMessage(tc.in))
		})
	}
}

func TestSkipCauses(t *testing.T) {
	r := &Result{Scenarios: []ScenarioResult{
		{Status: StatusSkipped, SkipReason: skipAdmin},
		{Status: StatusPassed},
		{Status: StatusSkipped, SkipReason: skipExpensive},
		{Status: StatusSkipped, SkipReason: skipAdmin},
		{Status: StatusSkipped, SkipReason: skipMembers},
		{Status: StatusSkipped, SkipReason: "cancelled: the run was interrupted"},
	}}
	assert.Equal(t, []SkipCause{
		{Why: "need the emulator's admin API (@mock: emulator only)", Fix: "run them on the emulator: --target mock", N: 2},
		{Why: "create many resources (@expensive)", Fix: "pass --allow-expensive", N: 1},
		{Why: "need members joined (@members: emulator only)", Fix: "run them on the emulator: --target mock", N: 1},
		{Why: "cancelled (the run was interrupted)", N: 1},
	}, r.SkipCauses())
}

func TestNearest(t *testing.T) {
	got := Nearest(`When I recovr group "g1"`, 3)
	require.Len(t, got, 3)
	assert.Equal(t, `When I recover group "g1"`, got[0].Example, "the typo's step first")
}
