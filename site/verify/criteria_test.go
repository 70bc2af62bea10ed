package verify

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/internal/testrepo"
	"github.com/infradoc/infradoc/site/junit"
)

// ledgerDir is a repository whose JUnit files its own tests wrote, with
// pytest and gotestsum (its README.md says how, and what each shows).
var ledgerDir = filepath.Join("..", "..", "testdata", "verify", "ledger")

// ledgerReport loads the ledger and starts a report of its obligations as
// Run does, before any evidence: nothing computed yet.
func ledgerReport(t *testing.T) (*site.Site, *Report, string) {
	t.Helper()
	s, findings, dir := testrepo.Load(t, ledgerDir, "ledger")
	if len(findings) != 0 {
		t.Fatalf("loading the ledger: %v", findings)
	}
	rep := &Report{Version: 1}
	for _, o := range s.Obligations {
		rep.Obligations = append(rep.Obligations, &ObligationResult{ID: o.ID, Status: o.Status, File: o.File, Objects: []*ObjectResult{}})
	}
	return s, rep, dir
}

func readJUnit(t *testing.T, s *site.Site, dir string, names ...string) *junit.Results {
	t.Helper()
	res, err := junit.Read(s, dir, names)
	if err != nil || len(res.Findings) != 0 {
		t.Fatalf("%v %v", err, res.Findings)
	}
	return res
}

// proveDatabase sets the three criteria a database proves, as Run would
// for a database that holds every object its migrations declare.
func proveDatabase(rep *Report) {
	for _, r := range rep.Obligations {
		yes := true
		r.Computed.AllObjectsExist, r.Computed.NoSchemaDrift, r.Computed.MigrationsExist = &yes, &yes, &yes
	}
}

// describe writes what a golden file of this test holds: the findings,
// then each obligation's test result and computed criteria.
func describe(rep *Report, judged []site.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "junit: %s\n", strings.Join(rep.JUnit, " "))
	for _, f := range append(append([]site.Finding{}, rep.Findings...), judged...) {
		fmt.Fprintf(&b, "%s\n", f)
	}
	for _, r := range rep.Obligations {
		tests, _ := json.Marshal(r.Tests)
		computed, _ := json.Marshal(r.Computed)
		fmt.Fprintf(&b, "%s %s: computed %s\n  tests %s\n", r.ID, r.Status, computed, tests)
	}
	return b.String()
}

// TestCriteriaBrokenRun reads the JUnit files of a run where tests failed,
// one was skipped and one was deselected: LG-2 is PROMOTED, so its failed
// and its skipped test are errors and its declared all_tests_pass: true is
// refuted; LG-1's failure and short count are warnings; LG-3's Go test
// failed in gotestsum's file.
func TestCriteriaBrokenRun(t *testing.T) {
	s, rep, dir := ledgerReport(t)
	ApplyTests(rep, s, readJUnit(t, s, dir, "junit/pytest-broken.xml", "junit/gotestsum-broken.xml"))
	proveDatabase(rep)
	judged := Judge(rep, s)
	golden.Check(t, "./site/verify", filepath.Join("testdata", "criteria", "broken.golden"), describe(rep, judged))

	want := map[string]string{
		"junit-failed LG-2":     "error",
		"junit-skipped LG-2":    "error",
		"junit-failed LG-1":     "warning",
		"junit-count LG-1":      "warning",
		"junit-failed LG-3":     "warning",
		"criteria-refuted LG-2": "error",
	}
	got := map[string]string{}
	for _, f := range append(rep.Findings, judged...) {
		got[f.Rule+" "+f.Subject] = string(f.Severity)
	}
	for k, sev := range want {
		if got[k] != sev {
			t.Errorf("%s: severity %q, want %q", k, got[k], sev)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v, want exactly %v", got, want)
	}
	for _, r := range rep.Obligations {
		if r.Computed.AllTestsPass == nil || *r.Computed.AllTestsPass {
			t.Errorf("%s: all_tests_pass %v, want false", r.ID, r.Computed.AllTestsPass)
		}
	}
	// The refutation sits on LG-2's all_tests_pass line.
	for _, f := range judged {
		if f.Rule == "criteria-refuted" && (f.File != "ledger/obligations/LG-2.yaml" || f.Line != 18) {
			t.Errorf("criteria-refuted at %s, want ledger/obligations/LG-2.yaml:18", f.Pos)
		}
	}
}

// TestCriteriaPassingRun reads the JUnit files of a run where every test
// passed: with the database's three criteria proven, LG-1 (PARTIAL) and
// LG-3 (UNFULFILLED) are ready to promote, and PROMOTED LG-2 has nothing
// to report.
func TestCriteriaPassingRun(t *testing.T) {
	s, rep, dir := ledgerReport(t)
	ApplyTests(rep, s, readJUnit(t, s, dir, "junit/pytest-pass.xml", "junit/gotestsum-pass.xml"))
	proveDatabase(rep)
	judged := Judge(rep, s)
	golden.Check(t, "./site/verify", filepath.Join("testdata", "criteria", "pass.golden"), describe(rep, judged))
	if len(rep.Findings) != 0 {
		t.Errorf("findings of a passing run: %v", rep.Findings)
	}
	var ready []string
	for _, f := range judged {
		if f.Rule != "ready-to-promote" || f.Severity != site.SeverityInfo {
			t.Errorf("unexpected %v", f)
		}
		ready = append(ready, f.Subject)
	}
	if strings.Join(ready, " ") != "LG-1 LG-3" {
		t.Errorf("ready to promote: %v, want LG-1 LG-3", ready)
	}
	for _, r := range rep.Obligations {
		if !r.Computed.Proven() {
			t.Errorf("%s: not proven: %+v", r.ID, r.Computed)
		}
	}
}

// TestCriteriaWithoutEvidence checks that what was not given proves
// nothing: without --junit nothing about tests, without a database nothing
// else; and nothing unproven is refuted or ready.
func TestCriteriaWithoutEvidence(t *testing.T) {
	s, rep, dir := ledgerReport(t)
	ApplyTests(rep, s, nil)
	if fs := Judge(rep, s); len(fs) != 0 {
		t.Errorf("findings without evidence: %v", fs)
	}
	for _, r := range rep.Obligations {
		if r.Tests != nil || r.Computed.AllTestsPass != nil {
			t.Errorf("%s: tests %v without --junit", r.ID, r.Tests)
		}
		if why := Why(r, "all_tests_pass"); !strings.Contains(why, "--junit") {
			t.Errorf("why: %s", why)
		}
		if why := Why(r, "all_objects_exist"); !strings.Contains(why, "--migrate") {
			t.Errorf("why: %s", why)
		}
	}
	// JUnit files alone prove the tests, not the database's criteria.
	ApplyTests(rep, s, readJUnit(t, s, dir, "junit/pytest-pass.xml", "junit/gotestsum-pass.xml"))
	if fs := Judge(rep, s); len(fs) != 0 {
		t.Errorf("ready without a database: %v", fs)
	}
}

// TestCriteriaRefutedObject refutes a declared all_objects_exist: true
// with a missing object and no_schema_drift: true with a drifted table.
func TestCriteriaRefutedObject(t *testing.T) {
	s, rep, _ := ledgerReport(t)
	proveDatabase(rep)
	no := false
	for _, r := range rep.Obligations {
		if r.ID == "LG-2" {
			r.Computed.AllObjectsExist, r.Computed.NoSchemaDrift = &no, &no
			r.Objects = []*ObjectResult{
				{Type: "table", Name: "ledger.batch", Verdict: Drifted, Detail: "column closed_at: date in the database, timestamp with time zone in the migrations"},
				{Type: "column", Name: "ledger.batch.closed_at", Verdict: Missing},
			}
		}
	}
	var got []string
	for _, f := range Judge(rep, s) {
		got = append(got, f.String())
	}
	// Without --junit no obligation is ready, whatever the database proves.
	want := []string{
		"ledger/obligations/LG-2.yaml:17:24: error: LG-2 declares all_objects_exist: true, but verify refutes it: missing in the database: column ledger.batch.closed_at [criteria-refuted]",
		"ledger/obligations/LG-2.yaml:19:22: error: LG-2 declares no_schema_drift: true, but verify refutes it: drifted in the database: table ledger.batch (column closed_at: date in the database, timestamp with time zone in the migrations) [criteria-refuted]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCriteriaUnmatchedCases: the cases of a JUnit file that run no test
// file any obligation declares (tests.test_smoke of unmatched/pytest-smoke.xml) are one
// junit-unmatched finding, information, at the first of them; the cases
// that match count as before.
func TestCriteriaUnmatchedCases(t *testing.T) {
	s, rep, dir := ledgerReport(t)
	ApplyTests(rep, s, readJUnit(t, s, dir, "unmatched/pytest-smoke.xml"))
	got := ofRule(rep.Findings, "junit-unmatched")
	want := "ledger/unmatched/pytest-smoke.xml:1:272: info: 2 of the 4 test cases of this file run no test file an obligation declares, the first tests.test_smoke::test_health: a case belongs to a test file by its file attribute, or by its classname read as a path (pytest) or package (go), relative to tests_root or the repository [junit-unmatched]"
	if len(got) != 1 || got[0] != want {
		t.Errorf("junit-unmatched findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	for _, r := range rep.Obligations {
		if r.ID == "LG-2" && (r.Tests == nil || r.Tests.Passed != 2) {
			t.Errorf("LG-2's tests %+v, want its 2 functions passed", r.Tests)
		}
	}
}
