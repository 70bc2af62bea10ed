package junit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/internal/testrepo"
)

// ledgerDir is a small repository whose JUnit files pytest and gotestsum
// wrote by running its own tests (its README.md says how).
var ledgerDir = filepath.Join("..", "..", "testdata", "verify", "ledger")

func loadLedger(t *testing.T) (*site.Site, string) {
	t.Helper()
	s, findings, dir := testrepo.Load(t, ledgerDir, "ledger")
	if len(findings) != 0 {
		t.Fatalf("loading the ledger: %v", findings)
	}
	return s, dir
}

// TestMatchGolden maps the cases of each of the ledger's JUnit files to the
// test files of its obligations and compares the mapping with
// testdata/match.golden.
func TestMatchGolden(t *testing.T) {
	s, dir := loadLedger(t)
	junits, err := filepath.Glob(filepath.Join(dir, "junit", "*.xml"))
	if err != nil || len(junits) == 0 {
		t.Fatalf("no JUnit files: %v", err)
	}
	var b strings.Builder
	for _, j := range junits {
		rel, _ := filepath.Rel(dir, j)
		res, err := Read(s, dir, []string{filepath.ToSlash(rel)})
		if err != nil || len(res.Findings) != 0 {
			t.Fatalf("%s: %v %v", j, err, res.Findings)
		}
		mapped := 0
		fmt.Fprintf(&b, "== %s: %d cases\n", strings.Join(res.Files, " "), len(res.Cases))
		for _, o := range s.Obligations {
			for _, tf := range o.TestFiles {
				ms := res.ForTestFile(s.Config.TestsRoot, tf.Path, s.Evidence.TestFile(tf.Path))
				mapped += len(ms)
				for _, m := range ms {
					fmt.Fprintf(&b, "%s %s %s: %s <- %s::%s (%s)\n", o.ID, tf.Path, m.Function, m.Result, m.ClassName, m.Name, m.At)
				}
			}
		}
		if mapped != len(res.Cases) {
			t.Errorf("%s: %d of %d cases mapped to a test file", j, mapped, len(res.Cases))
		}
	}
	golden.Check(t, "./site/junit", filepath.Join("testdata", "match.golden"), b.String())
}

// TestMatchRules checks the mapping rules on cases written by hand: a
// pytest rootdir above or below the tests root, a class, a file attribute,
// Go subtests, and near misses that must not match.
func TestMatchRules(t *testing.T) {
	s, _ := loadLedger(t)
	goFile := s.Evidence.TestFile("store/store_test.go")
	res := &Results{Cases: []Case{
		{ClassName: "tests.test_ledger", Name: "test_entries_balance"},                         // rootdir = the repository
		{ClassName: "ledger.tests.test_ledger", Name: "test_amount_is_exact[a-b]"},             // rootdir above it
		{ClassName: "test_ledger.TestOld", Name: "test_amount_never_float"},                    // rootdir = tests/, a class
		{ClassName: "other.test_ledger_x", Name: "test_entries_balance"},                       // another module
		{ClassName: "tests.test_batch", Name: "test_batch_closes_once"},                        // another file
		{File: "tests/test_ledger.py", ClassName: "whatever", Name: "test_amount_never_float"}, // file attribute wins
		{File: "tests/test_batch.py", ClassName: "tests.test_ledger", Name: "test_x"},          // and rules out
		{ClassName: "example.com/ledger/store", Name: "TestWriteLeavesRow/post"},
		{ClassName: "example.com/ledger/store", Name: "TestNotInTheFile"},
		{ClassName: "example.com/ledger/restore", Name: "TestTrailStartsEmpty"}, // restore is not store
	}}
	var got []string
	for _, p := range []string{"tests/test_ledger.py", "store/store_test.go"} {
		for _, m := range res.ForTestFile(".", p, s.Evidence.TestFile(p)) {
			got = append(got, p+" "+m.Function+" <- "+m.ClassName+"::"+m.Name)
		}
	}
	want := []string{
		"tests/test_ledger.py test_entries_balance <- tests.test_ledger::test_entries_balance",
		"tests/test_ledger.py test_amount_is_exact <- ledger.tests.test_ledger::test_amount_is_exact[a-b]",
		"tests/test_ledger.py test_amount_never_float <- test_ledger.TestOld::test_amount_never_float",
		"tests/test_ledger.py test_amount_never_float <- whatever::test_amount_never_float",
		"store/store_test.go TestWriteLeavesRow <- example.com/ledger/store::TestWriteLeavesRow/post",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if goFile == nil || len(goFile.Functions) != 2 {
		t.Fatalf("the Go test file's evidence: %+v", goFile)
	}
	// Without the file's evidence no Go case can be placed in it.
	if ms := res.ForTestFile(".", "store/store_test.go", nil); len(ms) != 0 {
		t.Errorf("matched without evidence: %v", ms)
	}
}

// TestReadPaths checks what --junit accepts: a path relative to the
// root, an absolute path inside it; and what it refuses with a finding.
func TestReadPaths(t *testing.T) {
	s, dir := loadLedger(t)
	outside := filepath.Join(t.TempDir(), "outside.xml")
	if err := os.WriteFile(outside, []byte("<testsuites/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Read(s, dir, []string{
		"junit/pytest-pass.xml",
		filepath.Join(dir, "junit", "gotestsum-pass.xml"),
		outside,
		"../ledger/junit/pytest-pass.xml",
		"junit/nope.xml",
		"junit",
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Files, " ") != "ledger/junit/pytest-pass.xml ledger/junit/gotestsum-pass.xml" {
		t.Errorf("files read: %v", res.Files)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, strings.Replace(f.String(), outside, "OUTSIDE", -1))
	}
	want := []string{
		"OUTSIDE:1:1: error: --junit OUTSIDE leaves the repository root (a '..', an absolute path or a symbolic link to a place outside --root); it is not read [outside-root]",
		"../ledger/junit/pytest-pass.xml:1:1: error: --junit ../ledger/junit/pytest-pass.xml leaves the repository root (a '..', an absolute path or a symbolic link to a place outside --root); it is not read [outside-root]",
		"ledger/junit/nope.xml:1:1: error: --junit ledger/junit/nope.xml does not exist [file-missing]",
		"ledger/junit:1:1: error: --junit ledger/junit is a folder, not a file [input-file]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
