package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/pgserver"
	"github.com/infradoc/infradoc/site/verify"
)

// verifyCmd runs infradoc verify with $INFRADOC_NOW set and the other
// variables unset, but for the server binaries' folder and user.
func verifyCmd(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{envNow: "2026-03-01T12:00:00Z"}
	for _, k := range []string{"INFRADOC_PG_BINDIR", "INFRADOC_PG_USER"} {
		env[k] = os.Getenv(k)
	}
	c := &Command{Stdout: &out, Stderr: &errb, Dir: t.TempDir(), Getenv: func(k string) string { return env[k] }}
	status = c.Main(append([]string{"verify"}, args...))
	return status, out.String(), errb.String()
}

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestVerifyMigrateContent: `infradoc verify --migrate` on content/ starts
// a private PostgreSQL, applies the migrations, finds every object of the
// PROMOTED obligations, writes the JSON report with -o, exits 0, and
// leaves no server folder behind.
func TestVerifyMigrateContent(t *testing.T) {
	needPostgres(t)
	before, _ := filepath.Glob(filepath.Join(os.TempDir(), "infradoc-pg-*"))
	report := filepath.Join(t.TempDir(), "verify.json")
	status, stdout, stderr := verifyCmd(t, "--migrate", "--root", abs(t, "../../content"), "--format", "json", "-o", report)
	if status != ExitOK || stdout != "" {
		t.Fatalf("status %d, stdout %q, stderr:\n%s", status, stdout, stderr)
	}
	var rep verify.Report
	if err := json.Unmarshal(readFile(t, report), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Database != verify.PrivateServer || !rep.Migrated || rep.Time != "2026-03-01T12:00:00Z" || len(rep.Obligations) < 5 {
		t.Errorf("report: database %q, migrated %v, time %s, %d obligations", rep.Database, rep.Migrated, rep.Time, len(rep.Obligations))
	}
	for _, o := range rep.Obligations {
		for _, obj := range o.Objects {
			if o.Status == "PROMOTED" && obj.Verdict != verify.Exists {
				t.Errorf("%s: %s %s is %s", o.ID, obj.Type, obj.Name, obj.Verdict)
			}
		}
	}
	after, _ := filepath.Glob(filepath.Join(os.TempDir(), "infradoc-pg-*"))
	if len(after) > len(before) {
		t.Errorf("server folders left behind: %v (before: %v)", after, before)
	}
}

// TestVerifyCommand: text, github and sarif output on a repository whose
// migration PostgreSQL refuses (a scratch database on --database-url's
// server), exit statuses, and usage errors.
func TestVerifyCommand(t *testing.T) {
	needPostgres(t)
	srv, err := pgserver.Start(pgserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	url := srv.URL("postgres")
	broken := abs(t, "../../testdata/verify/broken")

	status, stdout, stderr := verifyCmd(t, "--migrate", "--database-url", url, "--root", broken)
	if status != ExitFindings {
		t.Errorf("text: status %d, want %d; stderr:\n%s", status, ExitFindings, stderr)
	}
	for _, want := range []string{
		"BRK-1 (PROMOTED) obligations/BRK-1.yaml\n  exists   table shop.orders ",
		"  missing  table shop.order_lines            obligations/BRK-1.yaml:10 · created at migrations/BRK-1/002_lines.sql:3\n",
		"PROMOTED, but the evidence refutes it",
		`migrations/BRK-1/002_lines.sql:8:1: error: PostgreSQL refused this statement: column "orderid" does not exist [verify-migration-failed]`,
		"     8 | CREATE INDEX idx_order_lines_order\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "2 verify-missing") || !strings.Contains(stderr, "1 verify-migration-failed") {
		t.Errorf("no closing line on stderr:\n%s", stderr)
	}

	status, stdout, _ = verifyCmd(t, "--migrate", "--database-url", url, "--root", broken, "--format", "github")
	if status != ExitFindings || !strings.Contains(stdout, "::error file=migrations/BRK-1/002_lines.sql,line=8,col=1,title=infradoc verify-migration-failed::") {
		t.Errorf("github: status %d:\n%s", status, stdout)
	}
	status, stdout, _ = verifyCmd(t, "--migrate", "--database-url", url, "--root", broken, "--format", "sarif", "--obligation", "BRK-1")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil || status != ExitFindings || len(log.Runs) != 1 {
		t.Fatalf("sarif: status %d, %v:\n%s", status, err, stdout)
	}
	rules := map[string]int{}
	for _, r := range log.Runs[0].Results {
		rules[r.RuleID]++
	}
	if rules["verify-migration-failed"] != 1 || rules["verify-missing"] != 2 {
		t.Errorf("sarif results by rule: %v", rules)
	}

	// Usage errors: no database, an unknown obligation, an unknown format.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--root", broken}, "--migrate"},
		{[]string{"--root", broken, "--migrate", "--obligation", "NOPE"}, `no such obligation "NOPE" (the obligations are BRK-1)`},
		{[]string{"--root", broken, "--migrate", "--format", "xml"}, "unknown --format"},
	} {
		status, _, stderr := verifyCmd(t, c.args...)
		if status != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: status %d, stderr %q; want %d and %q", c.args, status, stderr, ExitUsage, c.want)
		}
	}

	// A database that cannot be reached fails the run, and the password
	// in its URL is never printed.
	status, stdout, stderr = verifyCmd(t, "--root", broken, "--database-url", "postgres://someone:s3cr3t-pw@127.0.0.1:1/db?connect_timeout=5")
	if status != ExitFailure || strings.Contains(stdout+stderr, "s3cr3t-pw") {
		t.Errorf("unreachable database: status %d, output:\n%s%s", status, stdout, stderr)
	}
}
