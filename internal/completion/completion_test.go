package completion

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestScriptsCompleteTheWords: each script names the commands, a
// command's flags, the operations, an operation's parameters and the
// codes it is given, and zsh's loads bash's through bashcompinit.
func TestScriptsCompleteTheWords(t *testing.T) {
	w := Words{Commands: []string{"call", "repro"}, Flags: map[string][]string{"call": {"--sign", "--help"}},
		Valued: map[string][]string{"call": {"--sign"}}, Ops: []string{"DescribeX"},
		Params: map[string][]string{"DescribeX": {"AppId="}}, Codes: []string{"Forbidden.X"}}
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer)
		want  []string
	}{
		{"bash", func(b *bytes.Buffer) { Bash(b, w, false) }, []string{`call) echo "--sign --help"`, `DescribeX) echo "AppId="`, `local codes="Forbidden.X"`, "complete -o default -F _livemsg livemsg"}},
		{"zsh", func(b *bytes.Buffer) { Bash(b, w, true) }, []string{"bashcompinit", `local commands="call repro"`}},
		{"fish", func(b *bytes.Buffer) { Fish(b, w) }, []string{"__fish_seen_subcommand_from call' -l sign -r", `__fish_seen_subcommand_from DescribeX' -a "AppId="`, `repro' -a "Forbidden.X"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			tc.write(&b)
			for _, s := range tc.want {
				assert.Contains(t, b.String(), s)
			}
		})
	}
}
