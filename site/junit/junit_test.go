package junit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/golden"
)

// TestParseGolden parses every JUnit file under testdata (written by
// pytest and gotestsum, see testdata/README.md) and the malformed ones
// under testdata/bad, and compares what it reads with testdata/parse.golden.
func TestParseGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	bad, err := filepath.Glob(filepath.Join("testdata", "bad", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range append(files, bad...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		display := filepath.ToSlash(f)
		cases, findings := Parse(display, src)
		fmt.Fprintf(&b, "== %s: %d cases, %d findings\n", display, len(cases), len(findings))
		for _, c := range cases {
			fmt.Fprintf(&b, "%s: %s %s :: %s", c.At, c.Result, c.ClassName, c.Name)
			if c.File != "" {
				fmt.Fprintf(&b, " (file %s)", c.File)
			}
			if c.Message != "" {
				fmt.Fprintf(&b, ": %s", c.Message)
			}
			b.WriteString("\n")
		}
		for _, f := range findings {
			fmt.Fprintf(&b, "%s\n", f)
		}
	}
	golden.Check(t, "./site/junit", filepath.Join("testdata", "parse.golden"), b.String())
}

// TestParseOutcomes checks the outcomes the golden file shows one by one,
// so that a wrong -update cannot hide them.
func TestParseOutcomes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "pytest-shapes.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cases, findings := Parse("pytest-shapes.xml", src)
	if len(findings) != 0 {
		t.Fatalf("findings: %v", findings)
	}
	got := map[string]string{}
	for _, c := range cases {
		got[c.ClassName+"::"+c.Name] = c.Result + ": " + c.Message
	}
	for key, want := range map[string]string{
		"tests.test_shapes.TestClaim::test_claim[1]":    "passed: ",
		"tests.test_shapes.TestClaim::test_claim_twice": "failed: AssertionError: claimed twice",
		"tests.test_shapes::test_setup_error":           `error: failed on setup with "RuntimeError: database unreachable"`,
		"tests.test_shapes::test_expected_failure":      "skipped: claim order is not stable yet",
		"tests.test_shapes::test_skipped":               "skipped: needs a replica",
	} {
		if got[key] != want {
			t.Errorf("%s: got %q, want %q", key, got[key], want)
		}
	}
	if len(cases) != 8 {
		t.Errorf("%d cases, want 8 (the teardown error is a case of its own)", len(cases))
	}

	src, err = os.ReadFile(filepath.Join("testdata", "gotestsum-shapes.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cases, _ = Parse("gotestsum-shapes.xml", src)
	if len(cases) != 5 || cases[0].Name != "TestClaim/twice" || cases[0].Result != Failed || cases[0].Message != "claim_test.go:8: claimed twice" {
		t.Errorf("gotestsum cases: %+v", cases)
	}
	if cases[2].Result != Skipped || cases[2].Message != "claim_test.go:12: needs a replica" {
		t.Errorf("gotestsum skip: %+v", cases[2])
	}
}

// TestParseMalformed checks that a broken file is one finding at the line
// where it breaks, and never a panic.
func TestParseMalformed(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"", "x.xml:1:1: error: x.xml holds no <testsuites> or <testsuite>: it is not a JUnit report [junit-file]"},
		{"<testsuites>\n<testcase name=\"a\">\n</testsuites>\n", "x.xml:3:"},
		{"<testsuite>\n<testcase name=\"a\"/>\n", "x.xml:3:1: error: x.xml is not well-formed XML: unexpected EOF [junit-file]"},
		{"<html/>", "x.xml:1:1: error: x.xml has the root element <html>, not <testsuites> or <testsuite>: it is not a JUnit report [junit-file]"},
		{"\xff\xfe<", "x.xml:1:"},
	} {
		cases, findings := Parse("x.xml", []byte(tc.src))
		if len(cases) != 0 || len(findings) != 1 || !strings.HasPrefix(findings[0].String(), tc.want) {
			t.Errorf("%q: cases %v, findings %v; want %s", tc.src, cases, findings, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"pytest-shapes.xml", "gotestsum-shapes.xml", "bad/mismatched.xml"} {
		src, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cases, findings := Parse("f.xml", src)
		if len(cases) > 0 && len(findings) > 0 {
			t.Fatalf("both cases and findings: %v %v", cases, findings)
		}
		for _, fd := range findings {
			if fd.Line < 1 {
				t.Fatalf("finding without a line: %v", fd)
			}
		}
	})
}
