package html

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/verification"
)

// verifiedInput is the site of testdata/site with the report
// testdata/verification/<report>/verify.json laid over it and named by
// Options.Verification, as build --verification names one.
func verifiedInput(t *testing.T, report string) SiteInput {
	t.Helper()
	fsys := OverlayFS(os.DirFS(filepath.Join("testdata", "verification", report)), os.DirFS(filepath.Join("..", "..", "testdata", "site")))
	in := fixtureInputFS(t, fsys, site.Options{Root: "testdata/site", Verification: "verify.json"})
	if in.Site.Verification == nil {
		t.Fatalf("the report of %s was not loaded", report)
	}
	return in
}

// verificationGolden are the pages compared with
// testdata/pages/verification-<report>_<path with / as _>.golden.
var verificationGolden = []string{"obligations/OB-1.html", "obligations/OB-2.html", "obligations.html"}

func TestVerificationPagesGolden(t *testing.T) {
	for _, report := range []string{"pass", "fail"} {
		files, _ := buildFiles(t, verifiedInput(t, report))
		for _, p := range verificationGolden {
			golden.Check(t, "./render/html", filepath.Join("testdata", "pages", "verification-"+report+"_"+strings.ReplaceAll(p, "/", "_")+".golden"), files[p])
		}
	}
}

// A report where everything exists and every test passed: each object
// says where it was verified and when, the criteria are proven beside
// what the YAML declares, and the list marks the obligations verified.
func TestVerificationPassing(t *testing.T) {
	files, _ := buildFiles(t, verifiedInput(t, "pass"))
	ob1 := string(files["obligations/OB-1.html"])
	checkContains(t, "OB-1 (pass)", ob1, []string{
		`<div class="verification" data-verification>`,
		`<h3 id="verification-h">Verification <span class="badge ok">verified</span></h3>`,
		`<p>Checked in PostgreSQL 15.18 at <time datetime="2026-12-05T10:00:00Z">2026-12-05T10:00:00Z</time> (a private server (--migrate), the migrations applied first); report <code>testdata/site/verify.json</code>.</p>`,
		`<p>Required objects: 3 exist, 0 missing, 0 drifted.</p>`,
		`<code>audit.event_log</code> found in <code>testdata/site/migrations/obligations/OB-1/001_event_log.sql:2:1</code> <span class="vcheck vcheck-exists">verified in PostgreSQL 15.18 at <time datetime="2026-12-05T10:00:00Z">2026-12-05T10:00:00Z</time></span></li>`,
		`<tr><td><code>all_objects_exist</code></td><td>true</td><td class="ok">proven</td></tr>`,
		`<tr><td><code>no_schema_drift</code></td><td>not declared</td><td class="ok">proven</td></tr>`,
		`<p>2 executed (2 declared): 2 passed, 0 failed, 0 skipped <span class="note">(JUnit: <code>reports/junit.xml</code>)</span>.</p>`,
	}, []string{
		// The declared-only checklist gives way to the table.
		`As declared in the YAML: infradoc does not prove the criteria yet.`,
		`<ul class="verdict-findings">
<li><span class="badge sev-error">failed</span>`,
	})
	ob2 := string(files["obligations/OB-2.html"])
	checkContains(t, "OB-2 (pass)", ob2, []string{
		// Declared false, computed proven: shown, not flagged.
		`<tr><td><code>all_objects_exist</code></td><td>false</td><td class="ok">proven</td></tr>`,
		`<tr><td><code>all_tests_pass</code></td><td>not declared</td><td class="note">not proven</td></tr>`,
		`<code>metrics.daily_rollup</code> missing <span class="vcheck vcheck-exists">verified in PostgreSQL 15.18`,
	}, []string{`<h3 id="test-results-h">`})
	list := string(files["obligations.html"])
	checkContains(t, "obligations.html (pass)", list, []string{
		`<a href="obligations/OB-1.html">OB-1</a> <span class="vmark ok" title="verified in the database">✓<span class="visually-hidden"> verified</span></span></td>`,
		`<a href="obligations/OB-2.html">OB-2</a> <span class="vmark ok"`,
	}, nil)
}

// A report with a drifted table, a missing index, a failed and a skipped
// test: each object says what failed, the refuted criteria the YAML
// declares true are flagged, the failed and skipped cases are listed,
// and an obligation the report does not name says so and keeps its
// declared criteria.
func TestVerificationFailing(t *testing.T) {
	files, _ := buildFiles(t, verifiedInput(t, "fail"))
	ob1 := string(files["obligations/OB-1.html"])
	checkContains(t, "OB-1 (fail)", ob1, []string{
		`<h3 id="verification-h">Verification <span class="badge bad">failed</span></h3>`,
		`(postgres://ci@db.example.org:5432/app); report`,
		`<p>Required objects: 1 exist, 1 missing, 1 drifted.</p>`,
		`<span class="vcheck vcheck-drifted">drifted in PostgreSQL 15.18 at <time datetime="2026-12-05T11:30:00Z">2026-12-05T11:30:00Z</time>: column at is timestamp with time zone in the migrations, text in the database; column note is in the database only</span>`,
		`<span class="vcheck vcheck-missing">missing in PostgreSQL 15.18 at <time datetime="2026-12-05T11:30:00Z">2026-12-05T11:30:00Z</time>: no index audit.event_log_at_idx in pg_catalog.pg_class</span>`,
		`<tr class="bad"><td><code>all_objects_exist</code></td><td>true</td><td class="bad">refuted</td></tr>`,
		`<tr class="bad"><td><code>all_tests_pass</code></td><td>true</td><td class="bad">refuted</td></tr>`,
		`<tr><td><code>no_schema_drift</code></td><td>not declared</td><td class="bad">refuted</td></tr>`,
		`<tr><td><code>migrations_exist</code></td><td>not declared</td><td class="ok">proven</td></tr>`,
		`<p>2 executed (2 declared): 0 passed, 1 failed, 1 skipped`,
		`<li><span class="badge sev-error">failed</span> <code>test_events_are_appended</code> in <code>tests/test_event_log.py</code>: assert 3 == 0</li>`,
		`<li><span class="badge sev-warning">skipped</span> <code>test_events_are_ordered</code> in <code>tests.test_event_log</code>: Redis is not running</li>`,
	}, []string{`vcheck-exists">verified in PostgreSQL 15.18 at <time datetime="2026-12-05T11:30:00Z">2026-12-05T11:30:00Z</time></span></li>
<li class="ok"><span aria-hidden="true">✓</span> <code>audit.event_log_at_idx</code>`})
	ob2 := string(files["obligations/OB-2.html"])
	checkContains(t, "OB-2 (fail)", ob2, []string{
		`<h3 id="verification-h">Verification</h3>`,
		`The report does not name this obligation`,
		`<h3 id="criteria-h">Promotion criteria <span class="note">(declared)</span></h3>`,
	}, []string{`vcheck`, `<table class="data criteria">`})
	list := string(files["obligations.html"])
	checkContains(t, "obligations.html (fail)", list, []string{
		`<a href="obligations/OB-1.html">OB-1</a> <span class="vmark bad" title="verification failed">✗`,
		`<a href="obligations/OB-2.html">OB-2</a></td>`,
	}, nil)
}

// The report's time and every other field are shown as written, so two
// builds of the same files are the same bytes, and a build without a
// report differs from one with it only in the obligations' pages, the
// lists that mark them and the item pages whose obligation tables do.
func TestVerificationDeterministicAndContained(t *testing.T) {
	a, _ := buildFiles(t, verifiedInput(t, "fail"))
	b, _ := buildFiles(t, verifiedInput(t, "fail"))
	plain, _ := buildFiles(t, fixtureInput(t, "site"))
	if len(a) != len(b) || len(a) != len(plain) {
		t.Fatalf("%d, %d and %d files", len(a), len(b), len(plain))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two builds with one report", p)
		}
		changed := !bytes.Equal(data, plain[p])
		expected := strings.HasPrefix(p, "obligations") && strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "items/") || p == "index.html"
		if changed && !expected {
			t.Errorf("%s changes with a report", p)
		}
	}
	if bytes.Equal(a["obligations/OB-1.html"], plain["obligations/OB-1.html"]) {
		t.Error("the report changed nothing on OB-1's page")
	}
}

// The mark: failed wins over everything, verified needs every object.
func TestVerificationMark(t *testing.T) {
	yes, no := true, false
	for _, c := range []struct {
		name string
		v    obligationVerification
		want string
	}{
		{"all exist", obligationVerification{Listed: true, Exists: 2}, markVerified},
		{"one not in the report", obligationVerification{Listed: true, Exists: 2, Unverified: 1}, ""},
		{"not listed", obligationVerification{}, ""},
		{"drifted", obligationVerification{Listed: true, Exists: 1, Drifted: 1}, markFailed},
		{"missing", obligationVerification{Listed: true, Missing: 1, Unverified: 1}, markFailed},
		{"a test failed", obligationVerification{Listed: true, Exists: 1, Tests: &verifiedTests{Failed: 1}}, markFailed},
		{"refuted", obligationVerification{Listed: true, Exists: 1, Criteria: criterionChecks(verification.Criteria{MigrationsExist: &no}, nil)}, markFailed},
		{"proven", obligationVerification{Listed: true, Exists: 1, Criteria: criterionChecks(verification.Criteria{MigrationsExist: &yes}, nil)}, markVerified},
	} {
		if got := c.v.mark(); got != c.want {
			t.Errorf("%s: mark %q, want %q", c.name, got, c.want)
		}
	}
}

// The four computed criteria come first, in order; a criterion only the
// YAML has follows, not proven; a declared true refuted is flagged.
func TestCriterionChecks(t *testing.T) {
	no := false
	got := criterionChecks(verification.Criteria{AllTestsPass: &no}, []criterion{{Name: "reviewed", Met: true}, {Name: "all_tests_pass", Met: true}})
	want := []criterionCheck{
		{Name: "all_objects_exist", Computed: computedNotProven},
		{Name: "all_tests_pass", Declared: "true", Computed: computedRefuted, Refutes: true},
		{Name: "no_schema_drift", Computed: computedNotProven},
		{Name: "migrations_exist", Computed: computedNotProven},
		{Name: "reviewed", Declared: "true", Computed: computedNotProven},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A report outside the repository is named by its file name only.
func TestReportName(t *testing.T) {
	for p, want := range map[string]string{
		"verify.json": "verify.json", "reports/verify.json": "reports/verify.json", "content/reports/v.json": "content/reports/v.json",
		"../../tmp/run-1/verify.json": "verify.json", "../verify.json": "verify.json", "/tmp/verify.json": "verify.json",
	} {
		if got := reportName(p); got != want {
			t.Errorf("reportName(%q) = %q, want %q", p, got, want)
		}
	}
}
