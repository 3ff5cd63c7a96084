package steps

import "strings"

// The reasons a scenario is skipped before it runs.
const (
	skipAdmin     = "needs the emulator's admin API (@mock)"
	skipMembers   = "needs members joined (emulator only)"
	skipExpensive = "creates many resources (@expensive): pass --allow-expensive"
	skipBursts    = "sends bursts over the documented limit to the real service: pass --i-know-this-calls-the-real-service"
)

// SkipCause is one reason scenarios were skipped, how many were, and what
// would run them.
type SkipCause struct {
	Why string // "need the emulator's admin API (@mock: emulator only)"
	Fix string // "run them on the emulator: --target mock"; "" when no flag helps
	N   int
}

// skipCauses words each known reason for a count, with its fix.
var skipCauses = []struct{ reason, why, fix string }{
	{skipAdmin, "need the emulator's admin API (@mock: emulator only)", "run them on the emulator: --target mock"},
	{skipMembers, "need members joined (@members: emulator only)", "run them on the emulator: --target mock"},
	{skipExpensive, "create many resources (@expensive)", "pass --allow-expensive"},
	{skipBursts, "send bursts over an operation's limit to the real service", "pass --i-know-this-calls-the-real-service"},
}

// SkipCauses counts the skipped scenarios by reason, in the order of
// their first scenario: a cancelled or stopped run counts under its
// reason ("not run: the run's deadline passed").
func (r *Result) SkipCauses() []SkipCause {
	var out []SkipCause
	index := map[string]int{}
	for _, s := range r.Scenarios {
		if s.Status != StatusSkipped {
			continue
		}
		c := SkipCause{Why: s.SkipReason}
		for _, k := range skipCauses {
			if s.SkipReason == k.reason {
				c.Why, c.Fix = k.why, k.fix
			}
		}
		if strings.HasPrefix(c.Why, "cancelled: ") {
			c.Why = "cancelled (" + strings.TrimPrefix(c.Why, "cancelled: ") + ")"
		}
		i, ok := index[c.Why]
		if !ok {
			i, index[c.Why] = len(out), len(out)
			out = append(out, c)
		}
		out[i].N++
	}
	return out
}
