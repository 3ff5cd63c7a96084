package mock_test

import (
	"os"
	"regexp"
	"testing"
)

// TestReadmeExampleIsThisFile: the README's Go example is
// example_readme_test.go, imports included, word for word, so it compiles
// and runs (as ExampleNewServer_readme) and cannot go stale.
func TestReadmeExampleIsThisFile(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no ```go block")
	}
	src, err := os.ReadFile("example_readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(block[1]) != string(src) {
		t.Errorf("README's Go example and mock/example_readme_test.go differ: copy the file into the README\nREADME:\n%s\nfile:\n%s", block[1], src)
	}
}
