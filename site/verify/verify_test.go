package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/internal/testrepo"
	"github.com/infradoc/infradoc/site/pgserver/pgtest"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testNow is the report time of the tests.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// repo is where the repository's own folders are, from this package.
const repo = "../.."

// loadSite loads the repository in dir (relative to the repository's
// top) as the CLI does, its paths displayed under dir.
func loadSite(t *testing.T, dir string) *site.Site {
	t.Helper()
	s, _, _ := testrepo.Load(t, filepath.Join(repo, dir), dir)
	return s
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

func exec(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// scratchDatabases lists the databases named like verify's scratch ones.
func scratchDatabases(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT datname FROM pg_database WHERE datname LIKE 'infradoc\_verify\_%'`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestContent: infradoc's own content/ migrates cleanly into a scratch
// database on the server, which is dropped afterwards; every object a
// PROMOTED obligation requires exists, and the objects the database lacks
// are exactly those no migration creates.
func TestContent(t *testing.T) {
	url := pgtest.Server(t)
	s := loadSite(t, "content")
	rep, err := Run(context.Background(), Options{Site: s, DatabaseURL: url, Migrate: true, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if left := scratchDatabases(t, connect(t, url)); len(left) > 0 {
		t.Errorf("scratch databases left behind: %v", left)
	}
	if !rep.Migrated || !strings.HasPrefix(rep.Server, "PostgreSQL ") || rep.Time != "2026-03-01T12:00:00Z" {
		t.Errorf("report header: migrated %v, server %q, time %q", rep.Migrated, rep.Server, rep.Time)
	}
	for _, f := range rep.Findings {
		if f.Severity == finding.Error || f.Rule != "verify-missing" {
			t.Errorf("finding on content/: %s", f)
		}
	}
	if len(rep.Obligations) != len(s.Obligations) {
		t.Fatalf("%d obligations reported, content has %d", len(rep.Obligations), len(s.Obligations))
	}
	objects := 0
	for _, o := range rep.Obligations {
		for _, obj := range o.Objects {
			objects++
			if o.Status == site.StatusPromoted && obj.Verdict != Exists {
				t.Errorf("%s (PROMOTED): %s %s is %s: %s", o.ID, obj.Type, obj.Name, obj.Verdict, obj.Detail)
			}
			// The parser and the database agree: what no migration
			// creates is missing, the rest exists.
			if (obj.Migration.File == "") != (obj.Verdict == Missing) {
				t.Errorf("%s: %s %s is %s in the database, but the migrations' position is %+v", o.ID, obj.Type, obj.Name, obj.Verdict, obj.Migration)
			}
		}
		if o.Status == site.StatusPromoted {
			c := o.Computed
			if c.AllObjectsExist == nil || !*c.AllObjectsExist || c.NoSchemaDrift == nil || !*c.NoSchemaDrift || c.MigrationsExist == nil || !*c.MigrationsExist || c.AllTestsPass != nil {
				t.Errorf("%s (PROMOTED): computed criteria %s", o.ID, criteriaString(c))
			}
		}
	}
	if objects < 20 {
		t.Errorf("only %d required objects checked on content/", objects)
	}
}

// ofRule returns the findings of rule, as text.
func ofRule(fs []finding.Finding, rule string) []string {
	var out []string
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f.String())
		}
	}
	return out
}

func criteriaString(c Criteria) string {
	b, _ := json.Marshal(c)
	return string(b)
}

// migrateAcme applies testdata/verify/acme's migrations (its base schema,
// then its obligations' folders) to a new database and returns its URL.
func migrateAcme(t *testing.T, s *site.Site) string {
	t.Helper()
	url := pgtest.Server(t)
	ms, fs, err := readMigrations(s)
	if err != nil || len(fs) > 0 {
		t.Fatalf("reading acme's migrations: %v %v", err, fs)
	}
	var files []string
	for _, f := range ms.Files {
		files = append(files, f.File)
	}
	want := []string{
		"testdata/verify/acme/migrations/base/001_accounts.sql",
		"testdata/verify/acme/migrations/base/002_tenants.sql",
		"testdata/verify/acme/migrations/obligations/AUD-1/001_schema.sql",
		"testdata/verify/acme/migrations/obligations/AUD-1/002_triggers.sql",
		"testdata/verify/acme/migrations/obligations/BILL-3/001_ledger.sql",
		"testdata/verify/acme/migrations/obligations/SES-2/001_schema.sql",
	}
	if !slices.Equal(files, want) {
		t.Fatalf("migration order:\n%s\nwant (base first, then obligations by ID):\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}
	failed, err := Migrate(context.Background(), connect(t, url), ms.Files)
	if err != nil || len(failed) > 0 {
		t.Fatalf("migrating acme: %v %v", err, failed)
	}
	return url
}

// TestAcme: after migrating, every verdict matches the database; then an
// object dropped by hand is missing, and columns whose types were changed
// or that were added by hand are drift, each at its requires entry, an
// error for the PROMOTED obligation and a warning for the others.
func TestAcme(t *testing.T) {
	s := loadSite(t, "testdata/verify/acme")
	url := migrateAcme(t, s)
	ctx := context.Background()
	verdicts := func(rep *Report) map[string]string {
		out := map[string]string{}
		for _, o := range rep.Obligations {
			for _, obj := range o.Objects {
				out[o.ID+" "+obj.Type+" "+obj.Name] = obj.Verdict
			}
		}
		return out
	}
	before, err := Run(ctx, Options{Site: s, DatabaseURL: url, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if before.Migrated || before.Database != url {
		t.Errorf("migrated %v, database %q: want false and the URL", before.Migrated, before.Database)
	}
	notYet := map[string]bool{
		"SES-2 table sessions_archive.session": true,
		// Unquoted, it folds to billing.invoiceledger: the table is "InvoiceLedger".
		"BILL-3 table billing.invoiceledger": true,
		"LEG-0 table public.legacy_jobs":     true,
	}
	for k, v := range verdicts(before) {
		if want := map[bool]string{true: Missing, false: Exists}[notYet[k]]; v != want {
			t.Errorf("before: %s is %s, want %s", k, v, want)
		}
	}
	// The parser and the database agree, case included: what exists has a
	// migration position, what is missing has none.
	for _, o := range before.Obligations {
		for _, obj := range o.Objects {
			if (obj.Migration.File == "") != (obj.Verdict == Missing) {
				t.Errorf("before: %s %s %s is %s, its migration position %+v", o.ID, obj.Type, obj.Name, obj.Verdict, obj.Migration)
			}
		}
	}
	if site.HasErrors(before.Findings) {
		t.Errorf("before: errors %v", before.Findings)
	}

	conn := connect(t, url)
	exec(t, conn, `DROP TRIGGER trg_event_log_no_update ON audit.event_log`)
	// A view reads every column of audit.event_log: its types cannot
	// change, but a column can be added.
	exec(t, conn, `ALTER TABLE audit.event_log ADD COLUMN ip inet`)
	exec(t, conn, `ALTER TABLE sessions.session ALTER COLUMN expires_at TYPE timestamp without time zone`)
	exec(t, conn, `ALTER TABLE billing."InvoiceLedger" ALTER COLUMN amount TYPE numeric(14,2), DROP COLUMN account_id`)
	after, err := Run(ctx, Options{Site: s, DatabaseURL: url, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]string{
		"AUD-1 trigger trg_event_log_no_update":    Missing,
		"AUD-1 table audit.event_log":              Drifted,
		"SES-2 table sessions.session":             Drifted,
		"SES-2 column sessions.session.expires_at": Drifted,
		`BILL-3 table billing."InvoiceLedger"`:     Drifted,
	}
	for k, v := range verdicts(after) {
		want, ok := changed[k]
		if !ok {
			want = verdicts(before)[k]
		}
		if v != want {
			t.Errorf("after: %s is %s, want %s", k, v, want)
		}
	}
	wantFindings := []string{
		"testdata/verify/acme/obligations/AUD-1.yaml:12:13: error: AUD-1: table audit.event_log differs from its migrations: column ip (inet) is in the database, but no migration declares it [verify-drift]",
		"testdata/verify/acme/obligations/AUD-1.yaml:14:13: error: AUD-1 requires trigger trg_event_log_no_update, but the database has none [verify-missing]",
	}
	var got []string
	for _, f := range after.Findings {
		if f.Subject == "AUD-1" {
			got = append(got, f.String())
		}
	}
	if !slices.Equal(got, wantFindings) {
		t.Errorf("AUD-1's findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}
	// PARTIAL and UNFULFILLED obligations are not there yet: warnings;
	// a DEPRECATED one's objects may be dropped on purpose: information.
	severity := map[string]finding.Severity{"AUD-1": finding.Error, "SES-2": finding.Warning, "BILL-3": finding.Warning, "LEG-0": finding.Info}
	for _, f := range after.Findings {
		if f.Severity != severity[f.Subject] {
			t.Errorf("%s: severity %s, want %s", f, f.Severity, severity[f.Subject])
		}
	}
	aud := after.Obligations[0]
	if aud.ID != "AUD-1" || *aud.Computed.AllObjectsExist || *aud.Computed.NoSchemaDrift || !*aud.Computed.MigrationsExist {
		t.Errorf("AUD-1 computed %s, want objects and drift refuted, migrations there", criteriaString(aud.Computed))
	}
	after.Database = "(the test's database)"
	after.Server = "PostgreSQL (the test's)"
	compareGolden(t, "acme-after.json", after)
}

// compareGolden compares the report's JSON with testdata/name.
func compareGolden(t *testing.T, name string, rep *Report) {
	t.Helper()
	got, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	p := filepath.Join("testdata", name)
	if *golden.Update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test ./site/verify -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the report differs from %s (go test ./site/verify -update rewrites it):\n%s", p, got)
	}
}

// TestTableMadeByHand: a required table that exists in the database but
// that no migration creates is drift (the migrations do not rebuild the
// database), a warning at its requires entry for the PARTIAL SES-2.
func TestTableMadeByHand(t *testing.T) {
	s := loadSite(t, "testdata/verify/acme")
	url := migrateAcme(t, s)
	exec(t, connect(t, url), "CREATE TABLE sessions_archive.session (id bigint)")
	rep, err := Run(context.Background(), Options{Site: s, DatabaseURL: url, Obligation: "SES-2", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var obj *ObjectResult
	for _, o := range rep.Obligations[0].Objects {
		if o.Type == "table" && o.Name == "sessions_archive.session" {
			obj = o
		}
	}
	if obj == nil || obj.Verdict != Drifted || !strings.Contains(obj.Detail, "no migration creates it") {
		t.Fatalf("sessions_archive.session: %+v, want drifted: no migration creates it", obj)
	}
	if c := rep.Obligations[0].Computed.NoSchemaDrift; c == nil || *c {
		t.Errorf("no_schema_drift computed %v, want false", c)
	}
	got := ofRule(rep.Findings, "verify-drift")
	want := "testdata/verify/acme/obligations/SES-2.yaml:21:13: warning: SES-2: table sessions_archive.session is in the database, but no migration creates it [verify-drift]"
	if len(got) != 1 || got[0] != want {
		t.Errorf("drift findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestUncomparedTable: testdata/verify/uncompared requires a table made
// by CREATE TABLE AS, whose columns the migrations do not spell out. It
// exists, nothing drifts that can be seen, and no_schema_drift is not
// proven (nil, not true), saying which table could not be compared; a
// column added to it by hand afterwards is not seen either, which is why.
func TestUncomparedTable(t *testing.T) {
	s := loadSite(t, "testdata/verify/uncompared")
	rep, err := Run(context.Background(), Options{Site: s, DatabaseURL: pgtest.Server(t), Migrate: true, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Obligations[0]
	if c := r.Computed; c.AllObjectsExist == nil || !*c.AllObjectsExist || c.NoSchemaDrift != nil {
		t.Errorf("computed %s, want all_objects_exist true and no_schema_drift not proven", criteriaString(c))
	}
	if len(r.Uncompared) != 1 || r.Uncompared[0] != "shop.order_copy" {
		t.Errorf("uncompared %q, want [shop.order_copy]", r.Uncompared)
	}
	if why := Why(r, "no_schema_drift"); !strings.Contains(why, "not proven: the migrations do not spell out the columns of shop.order_copy") {
		t.Errorf("why: %s", why)
	}
	for _, f := range rep.Findings {
		if f.Rule == "verify-drift" || f.Rule == "verify-missing" {
			t.Errorf("finding %s", f)
		}
	}
}
