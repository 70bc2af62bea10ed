package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/rules"
)

// acmeDir is the acme example: a governance repo with deliberate problems
// (listed in its README.md).
var acmeDir = filepath.Join("..", "testdata", "acme")

// TestAcme loads the acme example and compares every finding with
// testdata/acme/expected.out (go test ./site -run TestAcme -update
// rewrites it: review the diff line by line against the README).
func TestAcme(t *testing.T) {
	s, findings, err := rules.Validate(site.Options{FS: os.DirFS(acmeDir), Root: "testdata/acme"})
	if err != nil {
		t.Fatal(err)
	}
	got := formatFindings(findings)
	golden.Check(t, "./site -run TestAcme", filepath.Join(acmeDir, "expected.out"), got)

	// The README's deliberate problems, each reported; nothing else is an error.
	deliberate := []struct{ rule, text string }{
		{"test-count", "SES-2 declares 3 test(s) in testdata/acme/backend/tests/test_session_expiry.py, but the file holds 4"},
		{"object-missing-partial", "SES-2 requires table sessions_archive.session"},
		{"R1-undeclared-infra", `requires_infra("Vault")`},
		{"stale-summary", `"Total tests: 9", but the test files hold 8`},
	}
	for _, d := range deliberate {
		found := false
		for _, f := range findings {
			found = found || (f.Rule == d.rule && strings.Contains(f.Message, d.text))
		}
		if !found {
			t.Errorf("no %s finding containing %q", d.rule, d.text)
		}
	}
	for _, f := range findings {
		if f.Severity != site.SeverityError {
			continue
		}
		switch f.Rule {
		case "test-count", "R1-undeclared-infra", "stale-summary":
		default:
			t.Errorf("unexpected error: %s", f)
		}
	}

	// The evidence itself.
	aud := s.Evidence.Obligation("AUD-1")
	if aud == nil || aud.TestsFound != 4 || !aud.MigrationExists || len(aud.MigrationFiles) != 2 {
		t.Fatalf("AUD-1 evidence: %+v", aud)
	}
	for _, r := range aud.Requirements {
		if !r.Found || r.At.File == "" || r.At.Line == 0 {
			t.Errorf("AUD-1 requirement %s %s: found %v at %v", r.Type, r.Name, r.Found, r.At)
		}
	}
	if got := aud.Requirements[3].At.String(); got != "testdata/acme/migrations/obligations/AUD-1/002_triggers.sql:2:1" {
		t.Errorf("audit.reject_mutation created at %s", got)
	}
	bill := s.Evidence.Obligation("BILL-3")
	if bill.MigrationExists || bill.TestsFound != 0 || bill.TestsDeclared != 2 || bill.Requirements[0].Found {
		t.Errorf("BILL-3 evidence: %+v", bill)
	}
	if te := s.Evidence.TestFile("tests/test_invoice_ledger.py"); te == nil || te.Exists {
		t.Errorf("tests/test_invoice_ledger.py: %+v", te)
	}
}
