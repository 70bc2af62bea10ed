package report

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/verification"
)

func boolPtr(b bool) *bool { return &b }

// sampleVerifyReport has each verdict, a PROMOTED obligation the evidence
// refutes, one it proves, test results, and a name that tries to send an
// escape sequence to the terminal.
func sampleVerifyReport() *verification.Report {
	yaml := func(file string, line int) finding.Pos { return finding.Pos{File: file, Line: line, Col: 13} }
	mig := func(file string, line int) finding.Pos { return finding.Pos{File: file, Line: line, Col: 1} }
	return &verification.Report{
		Version: 1, Time: "2026-03-01T12:00:00Z", Server: "PostgreSQL 15.18", Database: "a private server (--migrate)", Migrated: true,
		JUnit: []string{"reports/junit.xml"},
		Obligations: []*verification.ObligationResult{
			{
				ID: "AUD-1", Status: "PROMOTED", File: "obligations/AUD-1.yaml",
				Objects: []*verification.ObjectResult{
					{Type: "table", Name: "audit.event_log", Verdict: verification.Drifted, Detail: "column tenant_id is integer in the database, but the migrations declare text (migrations/AUD-1/001.sql:5:5)",
						YAML: yaml("obligations/AUD-1.yaml", 9), Migration: mig("migrations/AUD-1/001.sql", 3)},
					{Type: "trigger", Name: "trg_no_update", Verdict: verification.Missing, Detail: "no trigger trg_no_update in pg_catalog",
						YAML: yaml("obligations/AUD-1.yaml", 11), Migration: mig("migrations/AUD-1/002.sql", 8)},
					{Type: "view", Name: "audit.\x1b[2Jrecent", Verdict: verification.Missing, Detail: "no view audit.\x1b[2Jrecent in pg_catalog",
						YAML: yaml("obligations/AUD-1.yaml", 13)},
				},
				Tests:    &verification.TestResult{Declared: 4, Executed: 4, Passed: 3, Failed: 1},
				Computed: verification.Criteria{AllObjectsExist: boolPtr(false), AllTestsPass: boolPtr(false), NoSchemaDrift: boolPtr(false), MigrationsExist: boolPtr(true)},
				Declared: verification.Criteria{AllObjectsExist: boolPtr(true), AllTestsPass: boolPtr(true), NoSchemaDrift: boolPtr(true)},
			},
			{
				ID: "SES-2", Status: "PARTIAL", File: "obligations/SES-2.yaml",
				Objects: []*verification.ObjectResult{
					{Type: "schema", Name: "sessions", Verdict: verification.Exists, Detail: "found sessions", YAML: yaml("obligations/SES-2.yaml", 8), Migration: mig("migrations/SES-2/001.sql", 2)},
					{Type: "column", Name: "sessions.session.expires_at", Verdict: verification.Exists, Detail: "found sessions.session.expires_at", YAML: yaml("obligations/SES-2.yaml", 10), Migration: mig("migrations/SES-2/001.sql", 4)},
				},
				Tests:    &verification.TestResult{Declared: 2, Executed: 2, Passed: 2},
				Computed: verification.Criteria{AllObjectsExist: boolPtr(true), AllTestsPass: boolPtr(true), NoSchemaDrift: boolPtr(true), MigrationsExist: boolPtr(true)},
			},
			{
				ID: "BILL-3", Status: "UNFULFILLED", File: "obligations/BILL-3.yaml", Objects: []*verification.ObjectResult{},
				Computed: verification.Criteria{AllObjectsExist: boolPtr(true), NoSchemaDrift: boolPtr(true), MigrationsExist: boolPtr(false)},
			},
		},
		Findings: []finding.Finding{
			{Pos: finding.Pos{File: "obligations/AUD-1.yaml", Line: 11, Col: 13}, Severity: finding.Error, Rule: "verify-missing", Subject: "AUD-1", Message: "AUD-1 requires trigger trg_no_update, but the database has none"},
			{Pos: finding.Pos{File: "obligations/AUD-1.yaml", Line: 9, Col: 13}, Severity: finding.Error, Rule: "verify-drift", Subject: "AUD-1", Message: "AUD-1: table audit.event_log differs from its migrations: column tenant_id is integer in the database, but the migrations declare text"},
			{Pos: finding.Pos{File: "obligations/AUD-1.yaml", Line: 13, Col: 13}, Severity: finding.Error, Rule: "verify-missing", Subject: "AUD-1", Message: "AUD-1 requires view audit.recent, but the database has none"},
		},
	}
}

func TestVerifyGolden(t *testing.T) {
	rep := sampleVerifyReport()
	sources := map[string][]byte{"obligations/AUD-1.yaml": []byte("id: AUD-1\nrequires:\n" +
		"  - type: schema\n    name: audit\n  - x\n  - x\n  - x\n  - type: table\n    name: audit.event_log\n  - type: trigger\n    name: trg_no_update\n  - type: view\n    name: audit.recent\n")}
	for _, c := range []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"report.txt", func(b *bytes.Buffer) error { return WriteVerifyText(b, rep, TextOptions{Sources: sources}) }},
		{"report.json", func(b *bytes.Buffer) error { return WriteVerifyJSON(b, rep) }},
	} {
		var b bytes.Buffer
		if err := c.write(&b); err != nil {
			t.Fatal(err)
		}
		var again bytes.Buffer
		if err := c.write(&again); err != nil || !bytes.Equal(b.Bytes(), again.Bytes()) {
			t.Errorf("%s: two writes of one report differ (%v)", c.golden, err)
		}
		golden.Check(t, "./render/report", filepath.Join("testdata", "verify", c.golden), b.Bytes())
	}
	if bytes.Contains(mustText(t, rep), []byte("\x1b")) {
		t.Error("the text report passes an escape sequence from a name to the terminal")
	}
}

func mustText(t *testing.T, rep *verification.Report) []byte {
	var b bytes.Buffer
	if err := WriteVerifyText(&b, rep, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
