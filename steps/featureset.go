package steps

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v26"
	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v21"

	"github.com/livemsg/livemsg/features"
	"github.com/livemsg/livemsg/target"
)

// featureFile is one Gherkin file of a run: its name as reports show it
// (the built-in ones by file name, a user's by the path given), its text
// and its parsed document.
type featureFile struct {
	name     string
	contents []byte
	doc      *messages.GherkinDocument
}

// featureSet gathers the files a run executes: the built-in features unless
// noBuiltin, then every *.feature under each of dirs. A directory that is
// missing or holds no feature file, or a file that does not parse, is a
// configuration error naming it (with the line, for a parse error).
func featureSet(dirs []string, noBuiltin bool) ([]featureFile, error) {
	var out []featureFile
	if !noBuiltin {
		files, err := builtinFeatures()
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	for _, dir := range dirs {
		files, err := dirFeatures(dir)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no feature to run: --builtin=false needs --features DIR", target.ErrConfig)
	}
	return out, nil
}

func builtinFeatures() ([]featureFile, error) {
	names, err := fs.Glob(features.FS, "*.feature")
	if err != nil {
		return nil, err
	}
	var out []featureFile
	for _, n := range names {
		b, err := fs.ReadFile(features.FS, n)
		if err != nil {
			return nil, err
		}
		f, err := parseFeature(n, b)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// dirFeatures reads every *.feature under dir (or dir itself when it is a
// file), in lexical order.
func dirFeatures(dir string) ([]featureFile, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: --features %s: %v", target.ErrConfig, dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		b, err := os.ReadFile(dir)
		if err != nil {
			return nil, fmt.Errorf("%w: --features %s: %v", target.ErrConfig, dir, err)
		}
		f, err := parseFeature(filepath.ToSlash(dir), b)
		return []featureFile{f}, err
	}
	var names []string
	root := os.DirFS(dir)
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".feature") {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: --features %s: %v", target.ErrConfig, dir, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: --features %s holds no .feature file", target.ErrConfig, dir)
	}
	sort.Strings(names)
	var out []featureFile
	for _, n := range names {
		b, err := fs.ReadFile(root, n)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", target.ErrConfig, err)
		}
		f, err := parseFeature(path.Join(filepath.ToSlash(dir), n), b)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// parseFeature parses a Gherkin file, so that a user's mistake is reported
// with its file and line before anything runs.
func parseFeature(name string, b []byte) (featureFile, error) {
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(b), (&messages.Incrementing{}).NewId)
	if err != nil {
		return featureFile{}, fmt.Errorf("%w: %s: %v", target.ErrConfig, name, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if doc.Feature == nil {
		return featureFile{}, fmt.Errorf("%w: %s: no Feature: line", target.ErrConfig, name)
	}
	return featureFile{name: name, contents: b, doc: doc}, nil
}

// godogFeatures hands the files to godog as contents, so built-in and
// users' files run in one suite on the same steps.
func godogFeatures(files []featureFile) []godog.Feature {
	out := make([]godog.Feature, 0, len(files))
	for _, f := range files {
		out = append(out, godog.Feature{Name: f.name, Contents: f.contents})
	}
	return out
}

// featureNames maps each file's name (a scenario's URI) to its Feature title.
func featureNames(files []featureFile) map[string]string {
	out := make(map[string]string, len(files))
	for _, f := range files {
		out[f.name] = strings.TrimSpace(f.doc.Feature.Name)
	}
	return out
}

// gherkinPickles expands a file into the scenarios godog runs (one per
// example row of an outline).
func gherkinPickles(f featureFile, newID func() string) []*messages.Pickle {
	return gherkin.Pickles(*f.doc, f.name, newID)
}
