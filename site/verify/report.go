// Package verify checks an infradoc repository's obligations against a real
// PostgreSQL: the objects each obligation requires are looked up in
// pg_catalog, the tables' columns are compared with what the migrations
// declare, and the migrations themselves can be applied to a throwaway
// database first. What it finds is a Report.
package verify

import "github.com/infradoc/infradoc/site/finding"

// Report is what `infradoc verify` found; `--format json` writes it, `build --verification` reads it.
type Report struct {
	Version     int                 `json:"version"`         // 1
	Time        string              `json:"time"`            // RFC 3339 UTC, when verify ran ($INFRADOC_NOW overrides, for tests)
	Server      string              `json:"server"`          // "PostgreSQL 15.18"
	Database    string              `json:"database"`        // "a private server (--migrate)" or the URL without its password
	Migrated    bool                `json:"migrated"`        // the migrations were applied to a throwaway database first
	JUnit       []string            `json:"junit,omitempty"` // display paths of the JUnit files read
	Obligations []*ObligationResult `json:"obligations"`
	Findings    []finding.Finding   `json:"findings"`
}

// ObligationResult is what verify found for one obligation.
type ObligationResult struct {
	ID       string          `json:"id"`
	Status   string          `json:"status"` // declared
	File     string          `json:"file"`   // the obligation's YAML (display path)
	Objects  []*ObjectResult `json:"objects"`
	Tests    *TestResult     `json:"tests,omitempty"` // nil without --junit
	Computed Criteria        `json:"computed"`
	Declared Criteria        `json:"declared"`
}

// Verdicts of an ObjectResult.
const (
	Exists  = "exists"
	Missing = "missing"
	Drifted = "drifted"
)

// ObjectResult is the verdict on one required object.
type ObjectResult struct {
	Type      string      `json:"type"`
	Name      string      `json:"name"`               // qualified, as required
	Verdict   string      `json:"verdict"`            // "exists", "missing", "drifted"
	Detail    string      `json:"detail,omitempty"`   // what drifted, or where it was looked for
	YAML      finding.Pos `json:"yaml"`               // the requires entry
	Migration finding.Pos `json:"migration,omitzero"` // where the migrations create it
}

// TestResult is what the JUnit files say of an obligation's tests.
type TestResult struct {
	Declared, Executed, Passed, Failed, Skipped int
	Cases                                       []TestCase // failed and skipped ones at least, with file/classname, name, message
}

// TestCase is one JUnit test case mapped to an obligation.
type TestCase struct {
	File      string `json:"file,omitempty"`
	ClassName string `json:"classname,omitempty"`
	Name      string `json:"name"`
	Result    string `json:"result"` // "passed", "failed", "skipped"
	Message   string `json:"message,omitempty"`
}

// Criteria are the four promotion criteria. nil means not proven either
// way (no database, no JUnit given).
type Criteria struct {
	AllObjectsExist *bool `json:"all_objects_exist"`
	AllTestsPass    *bool `json:"all_tests_pass"`
	NoSchemaDrift   *bool `json:"no_schema_drift"`
	MigrationsExist *bool `json:"migrations_exist"`
}
