package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

// evidenceRepo is a small repository for the evidence tests: a registry
// with PostgreSQL (state C) and Redis (state B), plus the given files.
func evidenceRepo(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"infradoc.yaml": {Data: []byte("registry: INFRA_REGISTRY.yaml\nobligations: obligations.yaml\ntests_root: .\nmigrations_root: .\n")},
		"INFRA_REGISTRY.yaml": {Data: []byte(`items:
  - {name: PostgreSQL, aliases: [pg], category: DB, layer: L6, state: C, failure_mode: FAIL, owner: Platform}
  - {name: Redis, category: Cache, layer: L6, state: B, failure_mode: Skip, stub: {available: true}, owner: Platform}
`)},
	}
	for p, data := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// obligation writes one obligation of the single-file layout.
func obligation(id, status, extra string) string {
	promoted := "null"
	if status == site.StatusPromoted {
		promoted = "2026-02-02"
	}
	return "  - id: " + id + "\n    title: T\n    layer: L6\n    status: " + status + "\n" + extra +
		"    promotion_criteria: {all_objects_exist: true}\n    created: 2026-02-01\n    promoted_at: " + promoted + "\n"
}

func loadEvidence(t *testing.T, fsys fstest.MapFS) (*site.Site, string) {
	t.Helper()
	s, findings, err := rules.Validate(site.Options{FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	return s, formatFindings(findings)
}

func wantFindings(t *testing.T, got string, want ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if got == "" {
		lines = nil
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(lines), len(want), got)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("finding %d:\n%s\ndoes not contain %q", i+1, lines[i], w)
		}
	}
}

// TestAcmeBillPromoted: BILL-3's missing test file and migration folder are
// fine while it is UNFULFILLED, errors once it is PROMOTED.
func TestAcmeBillPromoted(t *testing.T) {
	fsys := fstest.MapFS{}
	err := filepath.WalkDir(acmeDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(acmeDir, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const ob = "docs/infra/INFRA_OBLIGATION_REGISTRY.yaml"
	text := string(fsys[ob].Data)
	text = strings.Replace(text, "status: UNFULFILLED", "status: PROMOTED", 1)
	fsys[ob].Data = []byte(text)
	_, got := loadEvidence(t, fsys)
	for _, want := range []string{
		ob + ":116:21: error: BILL-3 is PROMOTED but its migration folder migrations/obligations/BILL-3 does not exist [migration-missing]",
		ob + ":118:15: error: BILL-3 is PROMOTED but its test file backend/tests/test_invoice_ledger.py does not exist [test-file-missing]",
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("missing %s\nin\n%s", want, got)
		}
	}
}

func TestEvidenceTestFileProblems(t *testing.T) {
	_, got := loadEvidence(t, evidenceRepo(map[string]string{
		"obligations.yaml": "obligations:\n" + obligation("P-1", "PROMOTED", `    test_files:
      - {path: ../outside/test_x.py, count: 1}
      - {path: tests/folder_test.py, count: 1}
      - {path: web/app.test.ts, count: 2}
      - {path: ./tests/test_ok.py, count: 1}
`),
		"tests/folder_test.py/test_inner.py": "def test_x(): pass\n",
		"web/app.test.ts":                    "test('a', () => {})\n",
		"tests/test_ok.py":                   "def test_ok(): pass\n",
	}))
	wantFindings(t, got,
		"obligations.yaml:5:13: error: P-1 is PROMOTED but names no migration_path",
		"obligations.yaml:7:16: error: P-1 is PROMOTED but its test file ../outside/test_x.py lies outside the repository [test-file-missing]",
		"obligations.yaml:8:16: error: P-1 is PROMOTED but its test file tests/folder_test.py is a folder, not a file [test-file-missing]",
		`obligations.yaml:9:40: error: P-1 declares 2 test(s) in web/app.test.ts, which cannot be counted: infradoc knows no test-function pattern for ".ts" files`,
	)
}

func TestEvidenceConfiguredPatterns(t *testing.T) {
	fsys := evidenceRepo(map[string]string{
		"obligations.yaml": "obligations:\n" + obligation("P-1", "PARTIAL", "    test_files:\n      - {path: web/app.test.ts, count: 2}\n"),
		"web/app.test.ts":  "// needs pg\ntest('a', () => { skip() })\ntest('b', () => {})\n",
	})
	fsys["infradoc.yaml"].Data = append(fsys["infradoc.yaml"].Data, []byte(`evidence:
  test_function_patterns: ['^test\(''([^'']+)''']
  requires_infra_patterns: ['// needs (\w+)']
  skip_patterns: ['\bskip\(\)']
`)...)
	s, got := loadEvidence(t, fsys)
	wantFindings(t, got, "web/app.test.ts:2:19: error: a (line 2) skips, but it requires PostgreSQL, which is in state C")
	if te := s.Evidence.TestFile("web/app.test.ts"); len(te.Functions) != 2 {
		t.Errorf("functions: %+v", te.Functions)
	}
}

func TestEvidenceWalkSkipsVendoredFolders(t *testing.T) {
	bad := "from x import requires_infra\n\n@requires_infra(\"Nope\")\ndef test_x(): pass\n"
	_, got := loadEvidence(t, evidenceRepo(map[string]string{
		"obligations.yaml":                       "obligations: []\n",
		".venv/lib/test_vendored.py":             bad,
		"node_modules/pkg/test_vendored.py":      bad,
		"backend/testdata/test_fixture.py":       bad,
		"backend/tests/sub/test_real.py":         bad,
		"backend/tests/sub/real_test.go":         "package sub\n\nfunc TestX(t *testing.T) { RequiresInfra(t, \"Nope\") }\n",
		"backend/tests/sub/helpers.py":           bad,
		"backend/tests/sub/test_aliases.py":      "@requires_infra(\"PG\")\n@requires_infra(\"redis\")\ndef test_x(): pass\n",
		"backend/tests/sub/test_state_b_skip.py": "import pytest\n@requires_infra(\"Redis\")\n@pytest.mark.skip\ndef test_x(): pass\n",
	}))
	wantFindings(t, got,
		`backend/tests/sub/real_test.go:3:46: error: requires_infra("Nope") names no item`,
		`backend/tests/sub/test_real.py:3:18: error: requires_infra("Nope") names no item`,
	)
}

func TestWalksSkipTheOutputFolder(t *testing.T) {
	bad := "from x import requires_infra\n\n@requires_infra(\"Nope\")\ndef test_x(): pass\n"
	fsys := evidenceRepo(map[string]string{
		"obligations.yaml":         "obligations: []\n",
		"public/test_page.py":      bad,
		"public/docs/GUIDE.md":     "# Built\n",
		"backend/tests/test_it.py": bad,
		"docs/GUIDE.md":            "# Guide\n",
	})
	fsys["infradoc.yaml"].Data = append(fsys["infradoc.yaml"].Data, "docs: ['**/*.md']\n"...)
	s, findings, err := rules.Validate(site.Options{FS: fsys, SkipDirs: []string{"public"}})
	if err != nil {
		t.Fatal(err)
	}
	wantFindings(t, formatFindings(findings), `backend/tests/test_it.py:3:18: error: requires_infra("Nope") names no item`)
	docs, _, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Path != "docs/GUIDE.md" {
		t.Errorf("docs: got %d, want only docs/GUIDE.md: %+v", len(docs), docs)
	}
}

func TestStaleSummaries(t *testing.T) {
	_, got := loadEvidence(t, evidenceRepo(map[string]string{
		"obligations.yaml": "# Total Obligations: 3\n# PROMOTED: 1 (P-1) PARTIAL: 0\nobligations:\n" +
			obligation("P-1", "PROMOTED", "    migration_path: m/\n    test_files: [{path: test_p.py, count: 2}]\n    semantic_purpose: |\n      # Total tests: 99 (text of a block scalar, not a comment)\n") +
			"  # PROMOTED: 2026-02-02 is a date, not a count\n" +
			obligation("P-2", "PARTIAL", "") +
			"# total tests: 2\n# Total tests: 3\n",
		"test_p.py": "def test_a(): pass\ndef test_b(): pass\n",
		"m/001.sql": "SELECT 1;\n",
	}))
	wantFindings(t, got,
		`obligations.yaml:1:22: error: hand-written summary says "Total Obligations: 3", but 2 obligations are declared [stale-summary]`,
		`obligations.yaml:2:30: error: hand-written summary says "PARTIAL: 0", but 1 obligation is PARTIAL [stale-summary]`,
		`obligations.yaml:24:16: error: hand-written summary says "Total tests: 3", but the test files hold 2 test functions (the declared counts add up to 2) [stale-summary]`,
	)
}

func TestStaleSummaryPerFileLayout(t *testing.T) {
	fsys := evidenceRepo(map[string]string{
		"obligations/index.yaml": "# Total Obligations: 2\n# Total tests: 1\nobligations: [A-1, B-1]\n",
		"obligations/A-1.yaml":   "# Total tests: 1\n" + perFile("A-1", "  test_files: [{path: test_a.py, count: 1}]\n"),
		"obligations/B-1.yaml":   "# Total tests: 0\n" + perFile("B-1", ""),
		"test_a.py":              "def test_a(): pass\n",
	})
	fsys["infradoc.yaml"].Data = []byte("registry: INFRA_REGISTRY.yaml\nobligations: obligations\n")
	_, got := loadEvidence(t, fsys)
	wantFindings(t, got)
	fsys["obligations/B-1.yaml"].Data = []byte(strings.Replace(string(fsys["obligations/B-1.yaml"].Data), "Total tests: 0", "Total tests: 1", 1))
	_, got = loadEvidence(t, fsys)
	wantFindings(t, got, `obligations/B-1.yaml:1:16: error: hand-written summary says "Total tests: 1", but the test files hold 0 test functions`)
}

// perFile writes one PARTIAL obligation of the per-file layout.
func perFile(id, extra string) string {
	return "infra_obligation:\n  id: " + id + "\n  title: T\n  layer: L6\n  status: PARTIAL\n" + extra +
		"  promotion_criteria: {all_objects_exist: false}\n  created: 2026-02-01\n  promoted_at: null\n"
}

func TestEvidenceRuleOff(t *testing.T) {
	fsys := evidenceRepo(map[string]string{
		"obligations.yaml": "obligations:\n" + obligation("P-1", "PARTIAL", "    test_files: [{path: test_p.py, count: 5}]\n"),
		"test_p.py":        "def test_a(): pass\n",
	})
	_, got := loadEvidence(t, fsys)
	wantFindings(t, got, "P-1 declares 5 test(s) in test_p.py, but the file holds 1: test_a (line 1) [test-count]")
	fsys["infradoc.yaml"].Data = append(fsys["infradoc.yaml"].Data, []byte("rules: {test-count: off}\n")...)
	_, got = loadEvidence(t, fsys)
	wantFindings(t, got)
}
