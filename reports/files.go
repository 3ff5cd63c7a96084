package reports

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// RunFiles lists the run's files under dir that the page links to: the
// JUnit and cucumber results, every summary.json and every vegeta .bin
// file, as slash paths relative to dir (where report.html is written),
// sorted. also names files about to be written beside the page (the run
// writes summary.json with report.html), which are listed whether or not
// they exist yet. A folder that cannot be read gives fewer links, never
// an error: the links are a convenience, the page stands without them.
func RunFiles(dir string, also ...string) []string {
	files := append([]string{}, also...)
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !linked(d.Name()) {
			return nil
		}
		if rel, err := filepath.Rel(dir, path); err == nil {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return slices.Compact(files)
}

// linked: the files a reader of the page may want next to it.
func linked(name string) bool {
	switch name {
	case "junit.xml", "cucumber.json", "summary.json":
		return true
	}
	return strings.HasSuffix(name, ".bin")
}
