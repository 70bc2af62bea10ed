package evidence

import (
	"github.com/infradoc/infradoc/site/finding"
	"path"
)

// Evidence is what the repository itself shows about the obligations and
// the registry: the test files and the migrations on disk. Load fills it in
// by scanning the tests root and the migrations root.
type Evidence struct {
	// TestFiles holds every test file scanned, keyed by its path relative to
	// the tests root (as obligations write it), sorted by path.
	TestFiles []*TestFileEvidence `json:"test_files"`
	// Obligations holds one entry per obligation, in the obligations' order.
	Obligations []*ObligationEvidence `json:"obligations"`

	// byID and byPath index the two lists (built by the scan).
	byID   map[string]*ObligationEvidence
	byPath map[string]*TestFileEvidence
}

// TestFileEvidence is one test file as found on disk.
type TestFileEvidence struct {
	// Path is relative to the tests root; File is the display path.
	Path string `json:"path"`
	File string `json:"file"`
	// Exists is false when an obligation names a file that is not there.
	Exists bool `json:"exists"`
	// Functions are the test functions found, in file order.
	Functions []TestFunction `json:"functions"`
	// Infra are the requires_infra("X") references found, in file order.
	Infra []InfraRef `json:"infra"`
	// Problem says why the file could not be read as a test file (it is a
	// folder, lies outside the repository, or no pattern knows its kind).
	Problem string `json:"problem,omitempty"`
	// Hint says where the file is when it does not exist under the tests
	// root but does under another folder: "did you mean tests_root:
	// backend? backend/tests/test_x.py exists".
	Hint string `json:"hint,omitempty"`
}

// TestFunction is one test function found in a test file.
type TestFunction struct {
	Name string      `json:"name"`
	Pos  finding.Pos `json:"pos"`
	// Infra names the infra items the test declares.
	Infra []string `json:"infra,omitempty"`
	// Skips is true when the test is marked to skip; SkipAt is the first
	// skip marker or call that applies to it.
	Skips  bool        `json:"skips,omitempty"`
	SkipAt finding.Pos `json:"skip_at,omitzero"`
	// SkipFixture names the pytest fixture the skip comes from, when it
	// comes from one (SkipAt is then in the fixture's body).
	SkipFixture string `json:"skip_fixture,omitempty"`
	// Cases is how many cases pytest runs of the test: 1 unless
	// @pytest.mark.parametrize multiplies it, 0 when a parametrize list is
	// not a literal infradoc can count. Other kinds of test leave it 0.
	Cases int `json:"cases,omitempty"`
}

// InfraRef is one requires_infra("Name") in a test file.
type InfraRef struct {
	Name string      `json:"name"`
	Pos  finding.Pos `json:"pos"`
}

// ObligationEvidence is what the repository shows for one obligation.
type ObligationEvidence struct {
	ID string `json:"id"`
	// MigrationDir is the display path of the migration folder; Exists
	// says whether it is there.
	MigrationDir    string   `json:"migration_dir"`
	MigrationExists bool     `json:"migration_exists"`
	MigrationFiles  []string `json:"migration_files"`
	// Requirements parallels Obligation.Requires.
	Requirements []RequirementEvidence `json:"requirements"`
	// TestsDeclared and TestsFound sum the obligation's test files.
	TestsDeclared int `json:"tests_declared"`
	TestsFound    int `json:"tests_found"`

	// Created is what the migration folder creates (shared between
	// obligations naming the same folder); nil when the obligation names
	// none, and once DropMigrationObjects has run.
	Created *MigrationSet `json:"-"`
}

// RequirementEvidence says whether a migration creates a required object.
type RequirementEvidence struct {
	Type string `json:"type"`
	// Name is the qualified name looked for.
	Name  string `json:"name"`
	Found bool   `json:"found"`
	// At is the statement that creates the object, when found.
	At finding.Pos `json:"at,omitzero"`
}

// ObligationEvidence returns the evidence for obligation id, or nil.
func (e *Evidence) Obligation(id string) *ObligationEvidence {
	if e == nil {
		return nil
	}
	if e.byID != nil {
		return e.byID[id]
	}
	for _, o := range e.Obligations {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// TestFile returns the evidence for a test path, or nil.
func (e *Evidence) TestFile(p string) *TestFileEvidence {
	if e == nil {
		return nil
	}
	p = path.Clean(p)
	if e.byPath != nil {
		return e.byPath[p]
	}
	for _, t := range e.TestFiles {
		if t.Path == p {
			return t
		}
	}
	return nil
}

// DropMigrationObjects lets go of each obligation's migration set (its file
// list and what the scan kept of its objects, see settle) once the rules
// have read them: nothing after Load does, and a build renders for a
// while after.
func (ev *Evidence) DropMigrationObjects() {
	for _, oe := range ev.Obligations {
		if oe != nil {
			oe.Created = nil
		}
	}
}

// Migrations returns what the obligation's migration folder creates, nil
// when it names none.
func (oe *ObligationEvidence) Migrations() *MigrationSet {
	if oe == nil {
		return nil
	}
	return oe.Created
}
