package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// reportJSON is a report of OB-1 of testdata/site made at time at.
func reportJSON(at string) []byte {
	return []byte(`{"version": 1, "time": "` + at + `", "server": "PostgreSQL 15.18", "database": "a private server (--migrate)", "migrated": true,
"obligations": [{"id": "OB-1", "status": "PROMOTED", "file": "obligations/OB-1.yaml",
 "objects": [{"type": "schema", "name": "audit", "verdict": "exists", "yaml": {"file": "obligations/OB-1.yaml", "line": 7, "col": 7}},
  {"type": "table", "name": "audit.event_log", "verdict": "missing", "detail": "no table audit.event_log", "yaml": {"file": "obligations/OB-1.yaml", "line": 9, "col": 7}}],
 "computed": {"all_objects_exist": false, "all_tests_pass": null, "no_schema_drift": null, "migrations_exist": true},
 "declared": {"all_objects_exist": true, "all_tests_pass": true, "no_schema_drift": null, "migrations_exist": null}}],
"findings": []}
`)
}

// The config's verification: reaches the pages through a real build, and
// the report is an input like the others: a build after the report
// changed is not skipped as up to date, and shows the new report.
func TestBuildShowsVerificationAndRebuildsWhenItChanges(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "site"))); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, site.ConfigFileName)
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(data, "verification: reports/verify.json\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	rootfstest.WriteFile(t, dir, "reports/verify.json", reportJSON("2026-12-05T10:00:00Z"))
	diagrams, stamps := t.TempDir(), t.TempDir()
	build := func() *Result {
		t.Helper()
		res, _ := buildIn(t, dir, Options{Out: "out"}, diagrams, stamps)
		for _, f := range res.Findings {
			if f.Severity == site.SeverityError || strings.HasPrefix(f.Rule, "verification") {
				t.Fatalf("finding: %s", f)
			}
		}
		return res
	}
	build()
	page := readString(t, filepath.Join(dir, "out", "obligations", "OB-1.html"))
	for _, want := range []string{
		`<div class="verification" data-verification>`,
		`<span class="vcheck vcheck-missing">missing in PostgreSQL 15.18 at <time datetime="2026-12-05T10:00:00Z">2026-12-05T10:00:00Z</time>: no table audit.event_log</span>`,
		`report <code>reports/verify.json</code>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("OB-1.html lacks %s", want)
		}
	}
	ageFiles(dir)
	build()
	if again := build(); !again.Skipped {
		t.Fatalf("a build with nothing changed was not skipped; the stamp is not working in this test")
	}
	rootfstest.WriteFile(t, dir, "reports/verify.json", reportJSON("2026-12-06T08:15:00Z"))
	if res := build(); res.Skipped {
		t.Fatal("the build after the report changed was skipped as up to date")
	}
	if page := readString(t, filepath.Join(dir, "out", "obligations", "OB-1.html")); !strings.Contains(page, `2026-12-06T08:15:00Z`) {
		t.Error("OB-1.html does not show the new report's time")
	}
}
