package cli_test

import (
	"bytes"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/harness"
	"github.com/livemsg/livemsg/internal/cli"
)

// TestInterleave: the values of flags stay with them, booleans take none,
// "--" ends the flags.
func TestInterleave(t *testing.T) {
	fs := flag.NewFlagSet("call", flag.ContinueOnError)
	fs.String("output", "", "")
	fs.Bool("unchecked", false, "")
	got, unknown := cli.Interleave(fs, []string{"Op", "A=1", "--output", "json", "--unchecked", "B=2", "--", "--C=3"})
	assert.Empty(t, unknown)
	assert.Equal(t, []string{"--output", "json", "--unchecked", "--", "Op", "A=1", "B=2", "--C=3"}, got)
}

// TestParseNamesTheNearestFlag: a misspelt flag is a usage error (exit 2)
// naming the nearest flag and the one-line usage; --help prints the whole
// usage on stdout and is no error.
func TestParseNamesTheNearestFlag(t *testing.T) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.Int("max-requests", 0, "cap")
	cli.SetUsage(fs, "Usage: livemsg load [flags]", "Exit status: ...")
	var out, errb bytes.Buffer
	done, err := cli.Parse(fs, &out, &errb, []string{"--max-request", "3"})
	require.True(t, done)
	assert.Equal(t, harness.StatusCouldNotRun, harness.Status(err))
	assert.Contains(t, errb.String(), "livemsg load: unknown flag --max-request; did you mean --max-requests?")
	assert.Contains(t, errb.String(), "usage: livemsg load [flags]; livemsg load --help for more")

	out.Reset()
	done, err = cli.Parse(fs, &out, &errb, []string{"--help"})
	require.True(t, done)
	assert.NoError(t, err)
	assert.Contains(t, out.String(), "Flags:")
	assert.Contains(t, out.String(), "Exit status: ...")
}
