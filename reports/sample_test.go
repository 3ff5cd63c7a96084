package reports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
)

// Sample is a realistic run, read from testdata/sample_input.json: two
// failed scenarios (one of them an @assumption), skipped @expensive ones,
// uncovered codes, and a load section of three operations with per-second
// timelines. It panics when the file is missing or malformed: it is a test
// fixture, not an input.
func Sample() Input {
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "testdata", "sample_input.json"))
	if err != nil {
		panic(err)
	}
	var in Input
	if err := json.Unmarshal(b, &in); err != nil {
		panic(err)
	}
	return in
}
