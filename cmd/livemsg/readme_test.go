package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeQuickStart: the README's quick start is what it promises. It
// is within the first 40 lines of README.md and at most 15 lines long; its
// `make X` lines name targets the Makefile has; every `livemsg ...` (or
// `bin/livemsg ...`) line in it runs, as written, and exits 0.
func TestReadmeQuickStart(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(readme), "\n")
	start, end := -1, len(lines)
	for i, l := range lines {
		if start < 0 && l == "## Quick start" {
			start = i
		} else if start >= 0 && strings.HasPrefix(l, "## ") {
			end = i
			break
		}
	}
	if start < 0 {
		t.Fatal(`README.md has no "## Quick start" section`)
	}
	for end > start && strings.TrimSpace(lines[end-1]) == "" {
		end--
	}
	if n := end - start; n > 15 {
		t.Errorf("the quick start is %d lines (heading to its last line), more than 15", n)
	}
	if end > 40 {
		t.Errorf("the quick start ends on line %d of README.md, after line 40", end)
	}

	var commands [][]string
	inBlock := false
	for _, l := range lines[start:end] {
		if strings.HasPrefix(l, "```") {
			inBlock = !inBlock
			continue
		}
		if !inBlock {
			continue
		}
		if words := shellWords(l); len(words) > 0 {
			commands = append(commands, words)
		}
	}
	var makes, runs int
	for _, words := range commands {
		switch words[0] {
		case "make":
			makes++
			for _, target := range words[1:] {
				if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(target) + `:`).Match(makefile) {
					t.Errorf("the quick start runs make %s: the Makefile has no target %s", target, target)
				}
			}
		case "livemsg", "bin/livemsg":
			runs++
		default:
			t.Errorf("the quick start has a line that is neither make nor livemsg: %q", strings.Join(words, " "))
		}
	}
	if makes == 0 || runs == 0 {
		t.Fatalf("the quick start has %d make lines and %d livemsg lines; want both", makes, runs)
	}
	if !strings.Contains(strings.Join(lines[start:end], "\n"), "out/run/report.html") {
		t.Error("the quick start does not say to open out/run/report.html")
	}

	t.Chdir(t.TempDir()) // what the commands write (out/...) stays out of the tree
	for _, words := range commands {
		if words[0] == "make" {
			continue
		}
		t.Run(strings.Join(words[1:], "_"), func(t *testing.T) {
			code, stdout, stderr := run(t, words[1:]...)
			if code != 0 {
				t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(words, " "), code, stdout, stderr)
			}
		})
	}
}

// shellWords splits a line of the README's shell block as sh would, for
// the little it uses: words, 'single' and "double" quotes, a # comment.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '#' && !inWord:
			return words
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

func TestShellWords(t *testing.T) {
	t.Parallel()
	got := shellWords(`bin/livemsg contract --tags '@op:A B'  # one "op"`)
	want := []string{"bin/livemsg", "contract", "--tags", "@op:A B"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("shellWords = %q, want %q", got, want)
	}
}
