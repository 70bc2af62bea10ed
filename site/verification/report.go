// Package verification holds the report `infradoc verify` writes and
// `infradoc build --verification` reads: what a real PostgreSQL and the
// JUnit files proved of each obligation. It is a leaf package (it imports
// only site/finding) so that site, which loads a report, and site/verify,
// which writes one and talks to PostgreSQL, share one definition.
package verification

import (
	"strings"

	"github.com/infradoc/infradoc/site/finding"
)

// Version is the version of the report this infradoc writes and reads.
const Version = 1

// Report is what `infradoc verify` found; `--format json` writes it,
// `build --verification` reads it.
type Report struct {
	// File is the report's display path when it was read from one.
	File string `json:"-"`
	// Version is Version.
	Version int `json:"version"`
	// Time is when verify ran (RFC 3339, UTC; $INFRADOC_NOW overrides it
	// for tests). The site shows it as written.
	Time string `json:"time"`
	// Server is the server's name and version ("PostgreSQL 15.18").
	Server string `json:"server"`
	// Database says which database was checked: "a private server
	// (--migrate)" or the URL without its password.
	Database string `json:"database"`
	// Migrated says the migrations were applied to a throwaway database.
	Migrated bool `json:"migrated"`
	// JUnit are the display paths of the JUnit files read.
	JUnit       []string            `json:"junit,omitempty"`
	Obligations []*ObligationResult `json:"obligations"`
	Findings    []finding.Finding   `json:"findings"`

	// byID indexes Obligations once Index has run.
	byID map[string]*ObligationResult
}

// ObligationResult is what verify found for one obligation.
type ObligationResult struct {
	ID string `json:"id"`
	// Status is the status the YAML declared when verify ran.
	Status string `json:"status"`
	// File is the obligation's YAML (display path).
	File    string          `json:"file"`
	Objects []*ObjectResult `json:"objects"`
	// Tests is nil when verify read no JUnit file.
	Tests    *TestResult `json:"tests,omitempty"`
	Computed Criteria    `json:"computed"`
	Declared Criteria    `json:"declared"`
	// Uncompared are the tables whose columns the migrations do not spell
	// out (CREATE TABLE AS, LIKE or INHERITS of a table they do not make):
	// with no drift seen elsewhere, they leave no_schema_drift unproven.
	Uncompared []string `json:"uncompared,omitempty"`
}

// Verdicts of an ObjectResult.
const (
	Exists  = "exists"
	Missing = "missing"
	Drifted = "drifted"
)

// ObjectResult is the verdict on one required object.
type ObjectResult struct {
	Type string `json:"type"`
	// Name is qualified, as the requirement names it.
	Name string `json:"name"`
	// Verdict is Exists, Missing or Drifted.
	Verdict string `json:"verdict"`
	// Detail says what drifted, or where the object was looked for.
	Detail string `json:"detail,omitempty"`
	// YAML is the requires entry; Migration where the migrations create
	// the object (zero when they do not).
	YAML      finding.Pos `json:"yaml"`
	Migration finding.Pos `json:"migration,omitzero"`
}

// TestResult is what the JUnit files say of an obligation's tests.
type TestResult struct {
	Declared int `json:"declared"`
	Executed int `json:"executed"`
	Passed   int `json:"passed"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	// Cases are the failed and skipped cases at least.
	Cases []TestCase `json:"cases"`
}

// TestCase is one JUnit test case mapped to an obligation.
type TestCase struct {
	File      string `json:"file,omitempty"`
	ClassName string `json:"classname,omitempty"`
	Name      string `json:"name"`
	// Result is "passed", "failed" or "skipped".
	Result  string `json:"result"`
	Message string `json:"message,omitempty"`
}

// Criteria are the four promotion criteria. nil means not proven either
// way (no database, no JUnit file given).
type Criteria struct {
	AllObjectsExist *bool `json:"all_objects_exist"`
	AllTestsPass    *bool `json:"all_tests_pass"`
	NoSchemaDrift   *bool `json:"no_schema_drift"`
	MigrationsExist *bool `json:"migrations_exist"`
}

// CriterionNames are the four criteria as promotion_criteria names them,
// in the order of the schema's promotion rules (and of Criteria.List).
var CriterionNames = []string{"all_objects_exist", "all_tests_pass", "no_schema_drift", "migrations_exist"}

// List returns the criteria in the order of CriterionNames.
func (c Criteria) List() []*bool {
	return []*bool{c.AllObjectsExist, c.AllTestsPass, c.NoSchemaDrift, c.MigrationsExist}
}

// Get returns the criterion named name (one of CriterionNames), nil when
// it is not proven either way or name is not one of them.
func (c Criteria) Get(name string) *bool {
	switch name {
	case "all_objects_exist":
		return c.AllObjectsExist
	case "all_tests_pass":
		return c.AllTestsPass
	case "no_schema_drift":
		return c.NoSchemaDrift
	case "migrations_exist":
		return c.MigrationsExist
	}
	return nil
}

// Proven reports whether all four criteria are proven true.
func (c Criteria) Proven() bool {
	for _, v := range c.List() {
		if v == nil || !*v {
			return false
		}
	}
	return true
}

// Index makes Obligation a map lookup; the first result of an id wins.
// A site's obligation pages each look theirs up.
func (r *Report) Index() {
	r.byID = make(map[string]*ObligationResult, len(r.Obligations))
	for _, o := range r.Obligations {
		if o == nil {
			continue
		}
		if _, dup := r.byID[o.ID]; !dup {
			r.byID[o.ID] = o
		}
	}
}

// Obligation returns the report's result for obligation id, nil when the
// report has none.
func (r *Report) Obligation(id string) *ObligationResult {
	if r == nil {
		return nil
	}
	if r.byID != nil {
		return r.byID[id]
	}
	for _, o := range r.Obligations {
		if o != nil && o.ID == id {
			return o
		}
	}
	return nil
}

// Object returns the verdict on the required object of type typ named
// name (compared as requirement names are, case aside), nil when the
// report has none.
func (o *ObligationResult) Object(typ, name string) *ObjectResult {
	if o == nil {
		return nil
	}
	for _, obj := range o.Objects {
		if obj != nil && strings.EqualFold(obj.Type, typ) && strings.EqualFold(obj.Name, name) {
			return obj
		}
	}
	return nil
}
