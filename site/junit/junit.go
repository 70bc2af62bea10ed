// Package junit reads the JUnit XML reports test runners write (pytest
// --junitxml, gotestsum --junitfile) and maps their test cases to the test
// files obligations name, so that verify can say whether an obligation's
// tests ran and passed.
package junit

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/infradoc/infradoc/site/finding"
)

// Results of a test case.
const (
	Passed  = "passed"
	Failed  = "failed"
	Errored = "error"
	Skipped = "skipped"
)

// Case is one <testcase> of a JUnit file.
type Case struct {
	// File is the testcase's file attribute, as written (pytest's xunit1
	// family writes it; xunit2 and gotestsum do not).
	File string `json:"file,omitempty"`
	// ClassName is a dotted Python module (and class) for pytest, the Go
	// package path for gotestsum.
	ClassName string `json:"classname"`
	// Name is the test: test_claim[case-1] (pytest), TestX/sub (go).
	Name string `json:"name"`
	// Result is Passed, Failed, Errored or Skipped.
	Result string `json:"result"`
	// Message is the failure's, error's or skip's message attribute, or the
	// first line of its text when it has none.
	Message string `json:"message,omitempty"`
	// At is the <testcase> element in the JUnit file.
	At finding.Pos `json:"at"`
}

// RuleFile is the rule of a JUnit file that is not well-formed JUnit XML.
const RuleFile = "junit-file"

// Parse reads the test cases of one JUnit file, display being its path as
// findings name it. A file that is not well-formed XML, or whose root is
// not <testsuites> or <testsuite>, gives a finding at the line and column
// where reading stopped, and no cases.
func Parse(display string, src []byte) ([]Case, []finding.Finding) {
	d := xml.NewDecoder(bytes.NewReader(src))
	var (
		cases []Case
		cur   *Case
		// outcome is the <failure>, <error> or <skipped> element being
		// read inside cur, attr its message attribute and text its
		// character data so far; raised says it set cur's result, so
		// that its message becomes cur's.
		outcome, attr string
		text          strings.Builder
		raised, root  bool
		depth         int
	)
	bad := func(line, col int, format string, args ...any) ([]Case, []finding.Finding) {
		return nil, []finding.Finding{{Pos: finding.Pos{File: display, Line: line, Col: col}, Severity: finding.Error, Rule: RuleFile, Message: fmt.Sprintf(format, args...)}}
	}
	for {
		line, col := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if !root {
				return bad(1, 1, "%s holds no <testsuites> or <testsuite>: it is not a JUnit report", display)
			}
			return cases, nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				// The error is on the token that began at line:col, or
				// where reading stopped.
				ecol := 1
				if eline, c := d.InputPos(); line == se.Line {
					ecol = col
				} else if eline == se.Line {
					ecol = c
				}
				return bad(se.Line, ecol, "%s is not well-formed XML: %s", display, se.Msg)
			}
			return bad(line, col, "%s is not well-formed XML: %v", display, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			root = true
			name := t.Name.Local
			if depth == 1 && name != "testsuites" && name != "testsuite" {
				return bad(line, col, "%s has the root element <%s>, not <testsuites> or <testsuite>: it is not a JUnit report", display, name)
			}
			switch {
			case name == "testcase" && cur == nil:
				cur = &Case{Result: Passed, At: finding.Pos{File: display, Line: line, Col: col}}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "file":
						cur.File = a.Value
					case "classname":
						cur.ClassName = a.Value
					case "name":
						cur.Name = a.Value
					}
				}
			case cur != nil && outcome == "" && (name == "failure" || name == "error" || name == "skipped"):
				outcome, raised, attr = name, false, ""
				text.Reset()
				// A failure or an error outweighs a skip, and a failure an
				// error: pytest writes a test that failed and then errored
				// in its teardown with both.
				if result := outcomes[name]; rank(result) > rank(cur.Result) {
					cur.Result, raised = result, true
					for _, a := range t.Attr {
						if a.Name.Local == "message" {
							attr = a.Value
						}
					}
				}
			}
		case xml.CharData:
			if outcome != "" {
				text.Write(t)
			}
		case xml.EndElement:
			depth--
			switch {
			case outcome != "" && t.Name.Local == outcome:
				if raised {
					cur.Message = message(attr, text.String())
				}
				outcome, raised = "", false
			case cur != nil && t.Name.Local == "testcase":
				cases = append(cases, *cur)
				cur = nil
			}
		}
	}
}

// outcomes maps the elements inside a <testcase> to the results they give.
var outcomes = map[string]string{"failure": Failed, "error": Errored, "skipped": Skipped}

// rank orders results by how much they say: a failure says more than an
// error, which says more than a skip.
func rank(result string) int {
	switch result {
	case Failed:
		return 3
	case Errored:
		return 2
	case Skipped:
		return 1
	}
	return 0
}

// message is what a case's outcome says, in one line: the first line of
// its message attribute, unless that is only gotestsum's "Failed" or the
// go test framing ("=== RUN", "--- FAIL"), when the first line of the text
// that says more is taken.
func message(attr, text string) string {
	if m := informative(attr); m != "" && m != "Failed" {
		return m
	}
	if m := informative(text); m != "" {
		return m
	}
	return informative(attr)
}

// informative is the first line of s that is neither blank nor the go test
// framing of a test's output, trimmed.
func informative(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") {
			continue
		}
		return l
	}
	return ""
}
