package steps

import (
	"encoding/xml"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// The JUnit XML of a run, as CI test tabs read it (the Ant/Jenkins shape):
// one <testsuite> per feature, one <testcase> per scenario; a contract
// breach is a <failure>, a transport fault an <error>, a scenario not run a
// <skipped message="why"/>; every total is the count of its children.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitMessage `xml:"skipped"`
	Failure   *junitMessage `xml:"failure"`
	Error     *junitMessage `xml:"error"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes res as JUnit XML to path.
func WriteJUnit(path, name string, res *Result) error {
	b, err := JUnit(name, res)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// JUnit renders res as JUnit XML.
func JUnit(name string, res *Result) ([]byte, error) {
	doc := junitSuites{Name: name, Time: seconds(res.Duration)}
	index := map[string]int{}
	seen := map[string]int{}
	for _, s := range res.Scenarios {
		i, ok := index[s.Feature]
		if !ok {
			i = len(doc.Suites)
			index[s.Feature] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: s.Feature})
		}
		suite := &doc.Suites[i]
		caseName := s.Name
		key := s.Feature + "\x00" + s.Name
		if seen[key]++; countNamed(res, s.Feature, s.Name) > 1 {
			caseName += " #" + strconv.Itoa(seen[key]) // outline examples
		}
		c := junitCase{Name: caseName, Classname: s.Feature, Time: seconds(s.Duration)}
		switch s.Status {
		case StatusPassed:
		case StatusSkipped:
			c.Skipped = &junitMessage{Message: s.SkipReason}
			suite.Skipped++
		case StatusError:
			c.Error = &junitMessage{Message: firstLine(s.Error), Type: "transport", Text: detail(s)}
			suite.Errors++
		default: // failed, and anything unknown
			c.Failure = &junitMessage{Message: firstLine(s.Error), Type: "contract", Text: detail(s)}
			suite.Failures++
		}
		if c.Failure != nil || c.Error != nil {
			c.SystemOut = strings.Join(s.Exchanges, "\n\n")
		}
		suite.Tests++
		suite.Cases = append(suite.Cases, c)
	}
	var total time.Duration
	for i := range doc.Suites {
		s := &doc.Suites[i]
		var d time.Duration
		for _, sc := range res.Scenarios {
			if sc.Feature == s.Name {
				d += sc.Duration
			}
		}
		total += d
		s.Time = seconds(d)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	if res.Duration == 0 {
		doc.Time = seconds(total)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("junit: %w", err)
	}
	out := xml.Header + aliyun.RedactText(string(b)) + "\n"
	return []byte(out), nil
}

func countNamed(res *Result, feature, name string) int {
	n := 0
	for _, s := range res.Scenarios {
		if s.Feature == feature && s.Name == name {
			n++
		}
	}
	return n
}

func detail(s ScenarioResult) string {
	if s.FailedStep == "" {
		return s.Error
	}
	return "Step: " + s.FailedStep + "\n" + s.Error
}

func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}
