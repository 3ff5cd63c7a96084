// Package version says which build of livemsg is running: its module
// version, the commit it was built from and the Go toolchain, as the Go
// linker and `go build` recorded them.
package version

import (
	"fmt"
	"runtime/debug"
)

// Info identifies a build.
type Info struct {
	Version   string `json:"version"`               // module version ("(devel)" for a build from a work tree)
	Commit    string `json:"commit,omitempty"`      // VCS revision, when the build recorded one
	Modified  bool   `json:"modified,omitempty"`    // the work tree had uncommitted changes
	GoVersion string `json:"go_version"`            // toolchain that built it
	Time      string `json:"commit_time,omitempty"` // time of the commit (RFC 3339)
}

// Get returns the running build's Info.
func Get() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: "unknown", GoVersion: "unknown"}
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) Info {
	in := Info{Version: bi.Main.Version, GoVersion: bi.GoVersion}
	if in.Version == "" {
		in.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Commit = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		case "vcs.time":
			in.Time = s.Value
		}
	}
	return in
}

// String is the one line `livemsg version` prints.
func (in Info) String() string {
	s := "livemsg " + in.Version
	if in.Commit != "" {
		c := in.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += " commit " + c
		if in.Modified {
			s += " (modified)"
		}
	}
	return fmt.Sprintf("%s %s", s, in.GoVersion)
}
