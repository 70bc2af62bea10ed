package evidence

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/sqlschema"
)

// migrationSet applies src, as the folder's one file m.sql, the way a scan
// does.
func migrationSet(src string) (*MigrationSet, []finding.Finding) {
	ms := &MigrationSet{catalog: sqlschema.NewCatalog(), SQLFiles: 1}
	return ms, ms.catalog.Apply("m.sql", []byte(src))
}

// sqlObjects formats what a folder of one file leaves behind as "line kind
// qualified-name".
func sqlObjects(src string) []string {
	ms, _ := migrationSet(src)
	var out []string
	for _, o := range ms.catalog.Objects() {
		out = append(out, fmt.Sprintf("%d %s %s", o.At.Line, o.Kind, o.Qualified()))
	}
	return out
}

// TestMigrationStatements: the statements the token scanner used to read,
// now read by PostgreSQL's parser. What changed is what a server does:
// bodies of functions and strings create nothing, quoted names keep their
// case, temporary views vanish, unnamed keys get PostgreSQL's names.
func TestMigrationStatements(t *testing.T) {
	src := `-- CREATE TABLE commented.out (id int);
/* CREATE TABLE also.commented (id int); /* nested */ CREATE TABLE still.commented (id int); */
CREATE SCHEMA IF NOT EXISTS "Billing";
CREATE SCHEMA AUTHORIZATION joe;
create unlogged table if not exists "Billing"."My.Table" (
  "Id" int primary key,
  amount numeric(10,2) CONSTRAINT amount_positive CHECK (amount > 0),
  CONSTRAINT my_table_uniq UNIQUE (amount, "Id")
);
CREATE OR REPLACE FUNCTION billing.f(a int, b text) RETURNS void AS $body$
BEGIN
  CREATE TABLE inside.body (id int);
  EXECUTE 'CREATE TABLE inside.string (id int)';
END;
$body$ LANGUAGE plpgsql;
CREATE FUNCTION g() RETURNS text AS $$ SELECT 'a;b'; $$ LANGUAGE sql;
CREATE MATERIALIZED VIEW IF NOT EXISTS billing.totals AS SELECT 1;
CREATE OR REPLACE TEMP VIEW v AS SELECT ';' AS semi, E'it\'s; fine' AS esc;
CREATE TABLE billing.ledger (x int, y int, amount int);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_total ON ONLY billing.ledger (x);
CREATE INDEX ON billing.ledger (y);
CREATE CONSTRAINT TRIGGER trg_check AFTER INSERT OR UPDATE OF amount ON billing.ledger FOR EACH ROW EXECUTE FUNCTION billing.f();
ALTER TABLE IF EXISTS ONLY billing.ledger ADD COLUMN IF NOT EXISTS note text, ADD CONSTRAINT ledger_note_len CHECK (length(note) < 10), ADD memo text CONSTRAINT memo_short CHECK (length(memo) < 5);
CREATE PROCEDURE billing.p() LANGUAGE sql AS $$ SELECT 1 $$;
SET search_path TO "$user", accounts;
CREATE TABLE users (id int, "Name" text);
ALTER TABLE users ADD PRIMARY KEY (id);
SELECT 'CREATE TABLE fake (id int)';
CREATE FOREIGN TABLE remote.items (id int) SERVER s;
`
	want := []string{
		"3 schema Billing",
		"4 schema joe",
		"5 table Billing.My.Table",
		"5 column Billing.My.Table.Id",
		"5 column Billing.My.Table.amount",
		"5 index Billing.My.Table_pkey",
		"5 constraint Billing.My.Table.My.Table_pkey",
		"5 constraint Billing.My.Table.amount_positive",
		"5 index Billing.my_table_uniq",
		"5 constraint Billing.My.Table.my_table_uniq",
		"10 function billing.f",
		"16 function public.g", // search_path applies from line 25 on
		"17 view billing.totals",
		"19 table billing.ledger",
		"19 column billing.ledger.x",
		"19 column billing.ledger.y",
		"19 column billing.ledger.amount",
		"20 index billing.idx_total",
		"21 index billing.ledger_y_idx",
		"22 trigger billing.ledger.trg_check",
		"22 constraint billing.ledger.trg_check",
		"23 column billing.ledger.note",
		"23 constraint billing.ledger.ledger_note_len",
		"23 column billing.ledger.memo",
		"23 constraint billing.ledger.memo_short",
		"24 function billing.p",
		"26 table accounts.users",
		"26 column accounts.users.id",
		"26 column accounts.users.Name",
		"27 index accounts.users_pkey",
		"27 constraint accounts.users.users_pkey",
		"29 table remote.items",
		"29 column remote.items.id",
	}
	if got := sqlObjects(src); !slices.Equal(got, want) {
		t.Errorf("objects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMigrationUnterminated: an unterminated comment, string or dollar
// quote, or a statement cut short, is a syntax error at the parser's
// cursor; the statements before it count (a server runs them), nothing
// after it does, and nothing panics.
func TestMigrationUnterminated(t *testing.T) {
	for src, at := range map[string]string{
		"CREATE TABLE a (id int); /* CREATE TABLE b (id int);":         "m.sql:1:26",
		"CREATE TABLE a (id int); SELECT 'x; CREATE TABLE b (id int);": "m.sql:1:33",
		"CREATE TABLE a (id int); DO $$ CREATE TABLE b (id int);":      "m.sql:1:29",
		`CREATE TABLE a (id int); SELECT "x; CREATE TABLE b (id int);`: "m.sql:1:33",
		"CREATE TABLE a (id int); ALTER TABLE a ADD":                   "m.sql:1:43",
		"CREATE TABLE a (id int); CREATE INDEX ON":                     "m.sql:1:41",
		"CREATE TABLE a (id int); CREATE TRIGGER t BEFORE":             "m.sql:1:49",
		"CREATE TABLE a (id int);\n CREATE":                            "m.sql:2:8",
	} {
		ms, fs := migrationSet(src)
		got := sqlObjects(src)
		if len(got) != 2 || got[0] != "1 table public.a" || ms.Find("table", "public.b") != nil {
			t.Errorf("%q: %v", src, got)
		}
		if len(fs) != 1 || fs[0].Rule != "migration-syntax" || fs[0].Severity != finding.Error || fs[0].Pos.String() != at {
			t.Errorf("%q: findings %v, want one migration-syntax error at %s", src, fs, at)
		}
	}
}

// TestMigrationPositions: positions count lines and runes, past comments.
func TestMigrationPositions(t *testing.T) {
	ms, _ := migrationSet("-- é\n  /* x */ CREATE VIEW ünï.v AS SELECT 1;\nCREATE TABLE ü (x int, y int,, z int);\n")
	objs := ms.catalog.Objects()
	if len(objs) != 1 || objs[0].At.String() != "m.sql:2:11" || objs[0].Schema != "ünï" {
		t.Errorf("got %+v", objs)
	}
	_, fs := migrationSet("CREATE TABLE ü (x int, y int,, z int);\n")
	if len(fs) != 1 || fs[0].Pos.String() != "m.sql:1:30" {
		t.Errorf("syntax error at %v, want m.sql:1:30 (the second comma, in runes)", fs)
	}
}

func TestMigrationSetFind(t *testing.T) {
	ms, _ := migrationSet(`
CREATE TABLE "Audit"."Event_Log" (id int, CONSTRAINT pk PRIMARY KEY (id));
CREATE TRIGGER trg BEFORE UPDATE ON "Audit"."Event_Log" FOR EACH ROW EXECUTE FUNCTION f();
CREATE INDEX idx ON "Audit"."Event_Log" (id);
CREATE TABLE audit.dropped (id int);
DROP TABLE audit.dropped;
CREATE TABLE audit.old_name (id int);
ALTER TABLE audit.old_name RENAME TO new_name;
`)
	for _, c := range []struct {
		kind, name string
		found      bool
	}{
		{"table", "audit.event_log", true},
		{"table", `AUDIT."EVENT_LOG"`, true},
		{"table", "public.event_log", false},
		{"view", "audit.event_log", false},
		{"column", "audit.event_log.id", true},
		{"column", "audit.event_log.nope", false},
		{"constraint", "pk", true},
		{"constraint", "audit.pk", true},
		{"constraint", "event_log.pk", true},
		{"constraint", "audit.event_log.pk", true},
		{"constraint", "other.pk", false},
		{"trigger", "trg", true},
		{"trigger", "audit.trg", true},
		{"trigger", "public.trg", false},
		{"index", "audit.idx", true},
		{"index", "audit.pk", true},
		{"index", "public.idx", false},
		{"schema", "audit", false},
		{"table", "audit.dropped", false},
		{"column", "audit.dropped.id", false},
		{"table", "audit.old_name", false},
		{"table", "audit.new_name", true},
		{"column", "audit.new_name.id", true},
	} {
		if got := ms.Find(c.kind, c.name) != nil; got != c.found {
			t.Errorf("find(%s, %s) = %v, want %v", c.kind, c.name, got, c.found)
		}
	}
	if got, want := ms.Describe("table"), "the tables created there: Audit.Event_Log, audit.new_name"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
}

// TestScanMigrationFindings: a scan applies a folder's .sql files in
// lexical order (a later file sees what an earlier one made) and returns
// their findings once per folder, however many obligations name it.
func TestScanMigrationFindings(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "migrations", "M-1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{
		"001_create.sql": "CREATE TABLE t (id int);\nCREATE TABLE gone (id int);\n",
		"002_alter.sql":  "ALTER TABLE t RENAME TO kept;\nDROP TABLE gone;\nDO $$ BEGIN EXECUTE 'CREATE TABLE x ()'; END $$;\n",
		"003_broken.sql": "CREATE TABLE after (id int);\nCREATE TABLE (id int);\n",
		"notes.txt":      "CREATE TABLE not_sql (id int);\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Scan(Input{
		FS: os.DirFS(root), MigrationsRoot: "migrations",
		Obligations: []Obligation{
			{ID: "A", MigrationPath: "M-1", Requires: []Requirement{{Type: "table", Name: "public.kept"}, {Type: "table", Name: "public.t"}, {Type: "table", Name: "public.gone"}, {Type: "table", Name: "public.after"}}},
			{ID: "B", MigrationPath: "M-1"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.String())
	}
	want := []string{
		"migrations/M-1/002_alter.sql:3:1: info: EXECUTE in this DO block runs a statement built at run time: what it does is not verifiable statically [migration-dynamic]",
		`migrations/M-1/003_broken.sql:2:14: error: PostgreSQL's parser rejects this migration: syntax error at or near "(" [migration-syntax]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var found []bool
	for _, r := range res.Evidence.Obligation("A").Requirements {
		found = append(found, r.Found)
	}
	if !slices.Equal(found, []bool{true, false, false, true}) {
		t.Errorf("found kept, t, gone, after = %v, want true, false, false, true", found)
	}
	if ms := res.Evidence.Obligation("A").Migrations(); ms.SQLFiles != 3 || len(ms.Files) != 4 {
		t.Errorf("SQLFiles = %d, Files = %v", ms.SQLFiles, ms.Files)
	}
}

// TestScanSettlesMigrationSets: once a scan has read a folder, it keeps
// only the answers to what the obligations naming it ask (the objects
// found, and what the folder creates of each kind not found), for each of
// the obligations, and lets go of the parsed catalog.
func TestScanSettlesMigrationSets(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "migrations", "M-1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "CREATE SCHEMA audit;\nCREATE TABLE audit.events (id int);\nCREATE VIEW audit.recent AS SELECT 1;\n"
	if err := os.WriteFile(filepath.Join(dir, "001.sql"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(Input{
		FS: os.DirFS(root), MigrationsRoot: "migrations",
		Obligations: []Obligation{
			{ID: "A", MigrationPath: "M-1", Requires: []Requirement{{Type: "table", Name: "audit.events"}, {Type: "table", Name: "audit.gone"}}},
			{ID: "B", MigrationPath: "M-1", Requires: []Requirement{{Type: "view", Name: "audit.recent"}, {Type: "index", Name: "audit.idx"}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]bool{"A": {true, false}, "B": {true, false}} {
		var found []bool
		for _, r := range res.Evidence.Obligation(id).Requirements {
			found = append(found, r.Found)
		}
		if !slices.Equal(found, want) {
			t.Errorf("%s found %v, want %v", id, found, want)
		}
	}
	ms := res.Evidence.Obligation("A").Migrations()
	if ms.catalog != nil {
		t.Error("the scan kept the folder's catalog")
	}
	if obj := ms.Find("table", "audit.events"); obj == nil || obj.At.Line != 2 {
		t.Errorf("Find(table, audit.events) = %+v, want the object created on line 2", obj)
	}
	for kind, want := range map[string]string{
		"table": "the tables created there: audit.events",
		"index": "its 1 .sql file(s) create no index",
	} {
		if got := ms.Describe(kind); got != want {
			t.Errorf("Describe(%s) = %q, want %q", kind, got, want)
		}
	}
}

// TestMigrationSetFindConcurrently: obligations naming one folder look
// objects up side by side (Scan's parallel obligations); run with -race.
func TestMigrationSetFindConcurrently(t *testing.T) {
	ms, _ := migrationSet("CREATE TABLE a (id int PRIMARY KEY); CREATE INDEX ON a (id);")
	lookups := [][2]string{{"table", "public.a"}, {"index", "public.a_id_idx"}, {"constraint", "a_pkey"}, {"column", "public.a.id"}}
	done := make(chan string)
	for _, l := range lookups {
		go func() {
			if ms.Find(l[0], l[1]) == nil {
				done <- l[0] + " " + l[1] + " not found"
				return
			}
			done <- ""
		}()
	}
	for range lookups {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
