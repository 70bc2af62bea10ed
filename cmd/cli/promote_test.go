package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/pgserver"
)

// ledgerRepo is a repository whose JUnit files its own tests wrote, with
// pytest and gotestsum (testdata/verify/ledger/README.md says how).
const ledgerRepo = "../../testdata/verify/ledger"

// needPostgres skips the test without PostgreSQL's server binaries, saying
// how to install them, and fails it under CI=true.
func needPostgres(t *testing.T) {
	t.Helper()
	if _, err := pgserver.FindBinDir(os.Getenv); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// runEnv runs one infradoc command line in dir with the environment env
// (and nothing of the process's).
func runEnv(dir string, env map[string]string, args ...string) (status int, stdout, stderr string) {
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(k string) string { return env[k] }}
	status = c.Main(args)
	return status, out.String(), errb.String()
}

// TestPromoteWithoutEvidence refuses a promotion that no database and no
// test run prove, naming what to give, and writes nothing.
func TestPromoteWithoutEvidence(t *testing.T) {
	dir := copyTree(t, ledgerRepo)
	yamlPath := filepath.Join(dir, "obligations", "LG-1.yaml")
	before := readFile(t, yamlPath)
	status, _, stderr := runEnv(dir, nil, "promote", "LG-1", "--root", ".", "--junit", "junit/pytest-pass.xml")
	if status != ExitFindings {
		t.Errorf("status %d, want %d; stderr:\n%s", status, ExitFindings, stderr)
	}
	for _, want := range []string{
		"infradoc promote: LG-1 not promoted: nothing written:",
		"all_objects_exist: not proven: no database was checked (give --database-url URL or --migrate)",
		"no_schema_drift: not proven",
		"migrations_exist: not proven",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "all_tests_pass") {
		t.Errorf("the passing JUnit file proves all_tests_pass:\n%s", stderr)
	}
	if !bytes.Equal(readFile(t, yamlPath), before) {
		t.Error("LG-1.yaml was written")
	}
	if status, _, stderr := runEnv(dir, nil, "promote", "NOPE", "--root", "."); status != ExitUsage || !strings.Contains(stderr, "no obligation NOPE") {
		t.Errorf("unknown id: status %d, stderr %s", status, stderr)
	}
	if status, _, stderr := runEnv(dir, nil, "promote", "LG-2", "--root", "."); status != ExitFindings || !strings.Contains(stderr, "infradoc promote: LG-2 is already PROMOTED (obligations/LG-2.yaml:11:11): nothing written") {
		t.Errorf("promoting a PROMOTED obligation: status %d, stderr %s", status, stderr)
	}
	if status, _, stderr := runEnv(dir, nil, "promote", "LG-1", "--root", ".", "--today", "2026-02-30"); status != ExitUsage || !strings.Contains(stderr, "is not a real calendar date") {
		t.Errorf("a bad --today: status %d, stderr %s", status, stderr)
	}
	if status, _, stderr := runEnv(dir, nil, "promote", "LG-1", "--root", ".", "--junit", "/etc/hostname"); status != ExitFindings || !strings.Contains(stderr, "[outside-root]") {
		t.Errorf("a JUnit file outside the root: status %d, stderr %s", status, stderr)
	}
}

// TestPromoteAgainstPostgres promotes PARTIAL LG-1 of the ledger on a real,
// private PostgreSQL (--migrate applies the ledger's migrations to it):
// refused while a test fails, then written once the JUnit file of a
// passing run proves the tests. The file written is site/promote's golden
// promotion of the same YAML, and the repository still validates.
func TestPromoteAgainstPostgres(t *testing.T) {
	needPostgres(t)
	dir := copyTree(t, ledgerRepo)
	env := map[string]string{"INFRADOC_TODAY": "2026-12-05"}
	yamlPath := filepath.Join(dir, "obligations", "LG-1.yaml")
	before := readFile(t, yamlPath)

	status, stdout, stderr := runEnv(dir, env, "promote", "LG-1", "--root", ".", "--migrate", "--junit", "junit/pytest-broken.xml")
	if status != ExitFindings || stdout != "" {
		t.Fatalf("a failing test: status %d, stdout %q, stderr:\n%s", status, stdout, stderr)
	}
	for _, want := range []string{
		"tests/test_ledger.py:18:5: warning: LG-1's test test_entries_balance failed (junit/pytest-broken.xml:7:588)",
		"[junit-count]",
		"infradoc promote: LG-1 not promoted: nothing written:\n  all_tests_pass: failed: test_entries_balance; 2 of the 3 declared tests ran\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "all_objects_exist") || strings.Contains(stderr, "no_schema_drift") || strings.Contains(stderr, "migrations_exist") {
		t.Errorf("the database should prove the other three criteria:\n%s", stderr)
	}
	if !bytes.Equal(readFile(t, yamlPath), before) {
		t.Fatal("LG-1.yaml was written although a test failed")
	}

	status, stdout, stderr = runEnv(dir, env, "promote", "LG-1", "--root", ".", "--migrate", "--junit", "junit/pytest-pass.xml")
	if status != ExitOK {
		t.Fatalf("status %d, stderr:\n%s", status, stderr)
	}
	want := readFile(t, "../../site/promote/testdata/per-file-LG-1.golden")
	if got := readFile(t, yamlPath); !bytes.Equal(got, want) {
		t.Errorf("LG-1.yaml after promote:\n%s\nwant site/promote/testdata/per-file-LG-1.golden:\n%s", got, want)
	}
	if !strings.Contains(stdout, "-  status: PARTIAL   # tests written, waiting for proof\n+  status: PROMOTED   # tests written, waiting for proof\n") {
		t.Errorf("stdout should be the diff:\n%s", stdout)
	}
	if !strings.Contains(stderr, "infradoc promote: LG-1 is PROMOTED (promoted_at: 2026-12-05)") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if status, _, stderr := runEnv(dir, env, "validate", "--root", "."); status != ExitOK {
		t.Errorf("validate after promote: status %d\n%s", status, stderr)
	}
}

// TestVerifyJUnit runs verify --junit on the ledger against a private
// PostgreSQL, with the JUnit files of a broken run and then of a passing
// one: the first fails on PROMOTED LG-2's failed and skipped tests, the
// second says LG-1 and LG-3 are ready to promote.
func TestVerifyJUnit(t *testing.T) {
	needPostgres(t)
	dir := copyTree(t, ledgerRepo)
	env := map[string]string{"INFRADOC_NOW": "2026-12-05T12:00:00Z"}
	status, stdout, stderr := runEnv(dir, env, "verify", "--root", ".", "--migrate", "--junit", "junit/pytest-broken.xml,junit/gotestsum-broken.xml")
	if status != ExitFindings {
		t.Fatalf("status %d, want %d; stderr:\n%s", status, ExitFindings, stderr)
	}
	for _, want := range []string{
		"Test results: junit/pytest-broken.xml, junit/gotestsum-broken.xml.",
		"tests/test_batch.py:18:5: error: LG-2 is PROMOTED, but its test test_batch_closes_once failed (junit/pytest-broken.xml:1:188): Failed: DID NOT RAISE <class 'ValueError'> [junit-failed]",
		"tests/test_batch.py:26:5: error: LG-2 is PROMOTED, but its test test_batch_reopen_refused was skipped (junit/pytest-broken.xml:7:52): the replica is read-only; once promoted, its tests can never skip [junit-skipped]",
		"obligations/LG-2.yaml:18:21: error: LG-2 declares all_tests_pass: true, but verify refutes it: failed: test_batch_closes_once; skipped: test_batch_reopen_refused [criteria-refuted]",
		"obligations/LG-1.yaml:26:14: warning: LG-1 declares 3 test(s) in tests/test_ledger.py, but the JUnit files ran 2: not run: test_amount_never_float (line 24) [junit-count]",
		"store/store_test.go:20:6: warning: LG-3's test TestTrailStartsEmpty failed (junit/gotestsum-broken.xml:7:3): store_test.go:26: 1 rows in a new trail, want 0 [junit-failed]",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}

	status, stdout, stderr = runEnv(dir, env, "verify", "--root", ".", "--migrate", "--format", "json", "--junit", "junit/pytest-pass.xml", "--junit", "junit/gotestsum-pass.xml")
	if status != ExitOK {
		t.Fatalf("status %d; stderr:\n%s", status, stderr)
	}
	var rep struct {
		Obligations []struct {
			ID       string
			Tests    *struct{ Executed, Passed int }
			Computed map[string]*bool
		}
		Findings []struct{ Rule, Subject, Severity string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	var ready []string
	for _, f := range rep.Findings {
		if f.Rule != "ready-to-promote" || f.Severity != "info" {
			t.Errorf("finding %+v", f)
		}
		ready = append(ready, f.Subject)
	}
	if strings.Join(ready, " ") != "LG-1 LG-3" {
		t.Errorf("ready to promote: %v, want LG-1 LG-3", ready)
	}
	for _, o := range rep.Obligations {
		if o.Tests == nil || o.Tests.Executed == 0 || o.Tests.Passed != o.Tests.Executed {
			t.Errorf("%s: tests %+v", o.ID, o.Tests)
		}
		for k, v := range o.Computed {
			if v == nil || !*v {
				t.Errorf("%s: %s = %v", o.ID, k, v)
			}
		}
	}
}
