package steps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v21"
)

// formatName is godog's formatter of every run: livemsg owns the terminal
// (progress lines, one summary, failures as blocks), so godog's progress
// dots, its summary and its Go snippets for undefined steps never show.
// The files godog writes (cucumber.json) come from formatters beside it.
const formatName = "livemsg"

func init() {
	godog.Format(formatName, "prints nothing; keeps each feature's lines for livemsg's failure blocks", newFormatter)
}

// formatter prints nothing and hands each feature's Gherkin document to
// the run's locations, so a failure names its file and line.
type formatter struct {
	*godog.BaseFmt
	at *locations
}

// runs maps each running suite's name to its locations: godog builds the
// formatter from its global registry with only the suite's name, so the
// name is how a formatter finds its run.
var runs sync.Map

func newFormatter(suite string, _ io.Writer) formatters.Formatter {
	f := &formatter{BaseFmt: godog.NewBaseFmt(suite, io.Discard)}
	if at, ok := runs.Load(suite); ok {
		f.at = at.(*locations)
	}
	return f
}

// Feature keeps the document's lines.
func (f *formatter) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
	if f.at != nil {
		f.at.add(uri, doc)
	}
}

// Summary prints nothing: livemsg prints its own.
func (f *formatter) Summary() {}

// locations maps the AST node ids of the run's features to file:line.
type locations struct {
	mu       sync.Mutex
	lines    map[string]string // "uri\x00id" -> "uri:line"
	keywords map[string]string // "uri\x00id" of a step -> its keyword ("Then ")
}

func (l *locations) add(uri string, doc *messages.GherkinDocument) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lines == nil {
		l.lines, l.keywords = map[string]string{}, map[string]string{}
	}
	at := func(id string, loc *messages.Location) {
		if loc != nil {
			l.lines[uri+"\x00"+id] = fmt.Sprintf("%s:%d", strings.TrimPrefix(uri, "./"), loc.Line)
		}
	}
	steps := func(list []*messages.Step) {
		for _, st := range list {
			at(st.Id, st.Location)
			l.keywords[uri+"\x00"+st.Id] = st.Keyword
		}
	}
	scenario := func(sc *messages.Scenario) {
		at(sc.Id, sc.Location)
		steps(sc.Steps)
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				at(row.Id, row.Location)
			}
		}
	}
	background := func(bg *messages.Background) { steps(bg.Steps) }
	if doc == nil || doc.Feature == nil {
		return
	}
	for _, c := range doc.Feature.Children {
		switch {
		case c.Scenario != nil:
			scenario(c.Scenario)
		case c.Background != nil:
			background(c.Background)
		case c.Rule != nil:
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					scenario(rc.Scenario)
				}
				if rc.Background != nil {
					background(rc.Background)
				}
			}
		}
	}
}

// of is the file:line of the node with id in uri ("" when unknown).
func (l *locations) of(uri, id string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines[uri+"\x00"+id]
}

// scenario is where a scenario stands: its example row for an outline.
func (l *locations) scenario(sc *godog.Scenario) string {
	if len(sc.AstNodeIds) == 0 {
		return ""
	}
	return l.of(sc.Uri, sc.AstNodeIds[len(sc.AstNodeIds)-1])
}

// step is where a step stands, and the keyword it is written with.
func (l *locations) step(uri string, st *godog.Step) (at, keyword string) {
	if st == nil || len(st.AstNodeIds) == 0 {
		return "", ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	key := uri + "\x00" + st.AstNodeIds[0]
	return l.lines[key], l.keywords[key]
}

// godogFailure is the error godog's T gives a step whose checks failed
// (checkT keeps the messages themselves).
const godogFailure = "fail called on TestingT"

// fillCucumber puts each failed scenario's own message in cucumber.json
// where godog wrote godogFailure, matching its elements by file:line.
func fillCucumber(path string, res *Result) error {
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	if !bytes.Contains(b, []byte(godogFailure)) {
		return nil
	}
	msg := map[string]string{}
	for _, s := range res.Scenarios {
		if s.Error != "" {
			msg[s.Location] = s.Error
		}
	}
	var doc []map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	for _, feat := range doc {
		uri, _ := feat["uri"].(string)
		elements, _ := feat["elements"].([]any)
		for _, el := range elements {
			el, _ := el.(map[string]any)
			line, _ := el["line"].(float64)
			m, ok := msg[fmt.Sprintf("%s:%d", strings.TrimPrefix(uri, "./"), int(line))]
			if !ok {
				continue
			}
			stepList, _ := el["steps"].([]any)
			for _, st := range stepList {
				st, _ := st.(map[string]any)
				if r, _ := st["result"].(map[string]any); r != nil && r["error_message"] == godogFailure {
					r["error_message"] = m
				}
			}
		}
	}
	out, err := json.MarshalIndent(doc, "", "    ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}
