package version

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFromBuildInfo(t *testing.T) {
	cases := []struct {
		name string
		bi   debug.BuildInfo
		want Info
		line string
	}{
		{"go install of a tag", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.3.0"}},
			Info{Version: "v0.3.0", GoVersion: "go1.26.8"}, "livemsg v0.3.0 go1.26.8"},
		{"build from a work tree", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}, {Key: "vcs.time", Value: "2026-11-29T04:30:00Z"}}},
			Info{Version: "(devel)", Commit: "0123456789abcdef0123", Modified: true, GoVersion: "go1.26.8", Time: "2026-11-29T04:30:00Z"},
			"livemsg (devel) commit 0123456789ab (modified) go1.26.8"},
		{"no main version", debug.BuildInfo{GoVersion: "go1.26.8"}, Info{Version: "(devel)", GoVersion: "go1.26.8"}, "livemsg (devel) go1.26.8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := fromBuildInfo(&tc.bi)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.line, got.String())
		})
	}
}

func TestGetInATestBinary(t *testing.T) {
	in := Get()
	assert.NotEmpty(t, in.GoVersion, "the toolchain is always recorded")
	assert.NotEmpty(t, in.Version)
}
