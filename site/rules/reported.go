package rules

import "github.com/infradoc/infradoc/site"

var ruleEvidencePattern = &Rule{ID: "evidence-pattern", Severity: site.SeverityError, Summary: "evidence patterns in infradoc.yaml are valid regular expressions; requires_infra patterns have exactly one capture group"}

var ruleFileID = &Rule{ID: "file-id", Severity: site.SeverityError, Summary: "in the per-file layout, an obligation's id matches its file name (PB-S1.yaml holds id PB-S1)"}

var ruleIndex = &Rule{ID: "index", Severity: site.SeverityError, Summary: "the obligations index lists exactly the obligation files present, each once"}

// Rules reported while reading YAML (package yamlstrict and site.Load).
var (
	ruleYAMLSyntax        = &Rule{ID: "yaml-syntax", Severity: site.SeverityError, Summary: "the file is valid YAML, not nested absurdly deep, and does not crash the parser"}
	ruleEmptyFile         = &Rule{ID: "empty-file", Severity: site.SeverityError, Summary: "a YAML input holds a document, not nothing or only comments"}
	ruleMultipleDocuments = &Rule{ID: "multiple-documents", Severity: site.SeverityError, Summary: "a YAML input holds exactly one document (no second '---')"}
	ruleAliasLimit        = &Rule{ID: "alias-limit", Severity: site.SeverityError, Summary: "aliases expand at most 1000 times and to at most 100,000 nodes (no alias bombs)"}
	ruleDuplicateKey      = &Rule{ID: "duplicate-key", Severity: site.SeverityError, Summary: "a key appears once per mapping"}
	ruleUnknownKey        = &Rule{ID: "unknown-key", Severity: site.SeverityError, Summary: "every key is one the format defines (typos get a suggestion)"}
	ruleRequired          = &Rule{ID: "required", Severity: site.SeverityError, Summary: "required keys are present and not empty"}
	ruleType              = &Rule{ID: "type", Severity: site.SeverityError, Summary: "values have the right kind: text, number, true/false, list or mapping"}
	ruleEnum              = &Rule{ID: "enum", Severity: site.SeverityError, Summary: "state, failure mode, status, requirement type and bucket take one of their defined values"}
	ruleFormat            = &Rule{ID: "format", Severity: site.SeverityError, Summary: "dates are real YYYY-MM-DD dates, layers are L1-L8, ids use letters, digits, '-', '_', '.'"}
	ruleFileMissing       = &Rule{ID: "file-missing", Severity: site.SeverityError, Summary: "every input the config names exists"}
	ruleOutsideRoot       = &Rule{ID: "outside-root", Severity: site.SeverityError, Summary: "every input and the site output stay inside --root: no '..', absolute path or symbolic link that leaves it"}
	ruleInputFile         = &Rule{ID: "input-file", Severity: site.SeverityError, Summary: "every input is a regular file of at most max_file_size (no named pipe, device or runaway file)"}
)

// Rules reported while reading the docs' markers (package site).
var (
	ruleMarker       = &Rule{ID: "marker", Severity: site.SeverityError, Summary: "generated-block markers pair up: no begin without end, end without begin, end before begin, nesting or duplicate blocks"}
	ruleMarkerSyntax = &Rule{ID: "marker-syntax", Severity: site.SeverityError, Summary: "markers name a known block kind or value, with known options and valid option values"}
	ruleDocsGlob     = &Rule{ID: "docs-glob", Severity: site.SeverityWarning, Summary: "every docs pattern in the config matches at least one file"}
	ruleDocNameCase  = &Rule{ID: "doc-name-case", Severity: site.SeverityError, Summary: "no two docs have paths that differ only in letter case (their pages collide on macOS and Windows)"}
)

// Rules reported by the markdown importer (package importmd).
var (
	ruleImportRegistryTable = &Rule{ID: "import-registry-table", Severity: site.SeverityError, Summary: "an imported doc holds a Full Registry Table (Infra Name | Category | Layer | State | …)"}
	ruleImportColumns       = &Rule{ID: "import-columns", Severity: site.SeverityError, Summary: "an imported table has the columns of its kind, and every row as many cells as the header"}
	ruleImportCell          = &Rule{ID: "import-cell", Severity: site.SeverityError, Summary: "an imported cell maps onto the format: state A/B/C, failure mode FAIL/Skip/XFail, stub Yes/No, layer L1-L8, names present and unique"}
	ruleImportBucket        = &Rule{ID: "import-bucket", Severity: site.SeverityError, Summary: "a row of an imported bucket table names an item of the registry table, and each item is in one bucket"}
	ruleImportSummary       = &Rule{ID: "import-summary", Severity: site.SeverityWarning, Summary: "an imported doc's Quick Reference (State | Count | Infra Items) agrees with its registry table"}
	ruleImportHistory       = &Rule{ID: "import-history", Severity: site.SeverityWarning, Summary: "a promotion written in an imported doc's prose names an item and agrees with the item's state"}
)

// Rules reported while rendering (package render).
var (
	ruleStaleBlock   = &Rule{ID: "stale-block", Severity: site.SeverityError, Summary: "every generated block and inline value in the docs equals what the YAML generates (run 'infradoc fix')"}
	ruleStaleDiagram = &Rule{ID: "stale-diagram", Severity: site.SeverityError, Summary: "every diagram block's SVG exists and was drawn from the current YAML (run 'infradoc fix')"}
	ruleBrokenLink   = &Rule{ID: "broken-link", Severity: site.SeverityError, Summary: "links between docs, and their #anchors, point at a doc and a heading that exist (infradoc build)"}
)

// Rules reported by the check of the registry's history: entries against
// the commits that changed the registry file (package githistory; validate
// and check run it in a git work tree with its history).
var (
	ruleHistoryMissing = &Rule{ID: "history-missing", Severity: site.SeverityError, Summary: "every state change a commit made to an item in the registry file, and that no later commit undid, has a history entry with the same from and to (checked against git)"}
	ruleHistoryDate    = &Rule{ID: "history-date", Severity: site.SeverityWarning, Summary: "a history entry is dated within git.history_tolerance_days (default 7) of the commit that made its state change (checked against git)"}
)

// Rules reported while reading the verification report that build
// --verification or the config's verification: names (package site).
var (
	ruleVerificationReport = &Rule{ID: "verification-report", Severity: site.SeverityError, Summary: "the verification report the site shows is the JSON of 'infradoc verify --format json', of a version this infradoc reads"}
	ruleVerificationStale  = &Rule{ID: "verification-stale", Severity: site.SeverityWarning, Summary: "every obligation the verification report names is one of the obligations loaded (run 'infradoc verify' again)"}
)

// Rules reported while reading the migration folders the obligations name
// with PostgreSQL's parser (package sqlschema, through site/evidence).
var (
	ruleMigrationSyntax  = &Rule{ID: "migration-syntax", Severity: site.SeverityError, Summary: "every migration .sql file parses with PostgreSQL's own parser (libpg_query); statements after a syntax error are not applied"}
	ruleMigrationDynamic = &Rule{ID: "migration-dynamic", Severity: site.SeverityInfo, Summary: "a DO block, or a function a migration calls, that EXECUTEs a string, is in another language or does not parse as PL/pgSQL is listed: what it creates is not verifiable statically"}
)

// Rules reported by `infradoc verify`, which checks the obligations
// against a real PostgreSQL (package verify). A PROMOTED obligation's
// findings are errors, the others' warnings.
var (
	ruleVerifyMissing         = &Rule{ID: "verify-missing", Severity: site.SeverityError, Summary: "every object an obligation requires exists in the database's pg_catalog (infradoc verify)"}
	ruleVerifyDrift           = &Rule{ID: "verify-drift", Severity: site.SeverityError, Summary: "the columns and types of a required table in the database are the ones its migrations declare (infradoc verify)"}
	ruleVerifyMigrationFailed = &Rule{ID: "verify-migration-failed", Severity: site.SeverityError, Summary: "every migration applies to a fresh database: PostgreSQL accepts each statement (infradoc verify --migrate)"}
)

// Rules reported by `infradoc verify --junit` and `infradoc promote`: the
// JUnit files of the test runs (package junit) and the promotion criteria
// computed from the database and the tests (package verify).
var (
	ruleJUnitFile       = &Rule{ID: "junit-file", Severity: site.SeverityError, Summary: "a --junit file is a JUnit XML report: testsuites, testsuite and testcase elements, as pytest --junitxml and gotestsum --junitfile write them"}
	ruleJUnitFailed     = &Rule{ID: "junit-failed", Severity: site.SeverityError, Summary: "every test of an obligation passes in the JUnit files (infradoc verify --junit); a warning unless the obligation is PROMOTED"}
	ruleJUnitSkipped    = &Rule{ID: "junit-skipped", Severity: site.SeverityError, Summary: "no test of a PROMOTED obligation is skipped in the JUnit files, since once promoted its tests can never skip (infradoc verify --junit); an info for the others"}
	ruleJUnitCount      = &Rule{ID: "junit-count", Severity: site.SeverityWarning, Summary: "the JUnit files run as many test functions of each test file as its declared count (infradoc verify --junit)"}
	ruleJUnitUnmatched  = &Rule{ID: "junit-unmatched", Severity: site.SeverityInfo, Summary: "every test case of the JUnit files runs a test file an obligation declares; the cases that run none are counted once per JUnit file (infradoc verify --junit), so that a report whose paths do not match the test_files is seen"}
	ruleCriteriaRefuted = &Rule{ID: "criteria-refuted", Severity: site.SeverityError, Summary: "no promotion criterion declared true is refuted by what verify finds in the database, the migrations and the JUnit files"}
	ruleReadyToPromote  = &Rule{ID: "ready-to-promote", Severity: site.SeverityInfo, Summary: "a PARTIAL or UNFULFILLED obligation whose four criteria verify proves is listed: run 'infradoc promote ID'"}
)
