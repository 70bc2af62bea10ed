package evidence

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// sqlObjects formats what scanSQL finds as "line kind qualified-name".
func sqlObjects(src string) []string {
	var out []string
	for _, o := range scanSQL("m.sql", []byte(src)) {
		out = append(out, fmt.Sprintf("%d %s %s", o.At.Line, o.Kind, o.Qualified()))
	}
	return out
}

func TestScanSQLStatements(t *testing.T) {
	src := `-- CREATE TABLE commented.out (id int);
/* CREATE TABLE also.commented (id int); /* nested */ CREATE TABLE still.commented (id int); */
CREATE SCHEMA IF NOT EXISTS "Billing";
CREATE SCHEMA AUTHORIZATION joe;
create unlogged table if not exists "Billing"."My.Table" (
  "Id" int primary key,
  amount numeric(10,2) CONSTRAINT amount_positive CHECK (amount > 0),
  CONSTRAINT my_table_uniq UNIQUE (amount, "Id"),
  PRIMARY KEY ("Id")
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
		"3 schema billing",
		"4 schema joe",
		"5 table billing.my.table",
		"5 column billing.my.table.id",
		"5 column billing.my.table.amount",
		"5 constraint billing.my.table.amount_positive",
		"5 constraint billing.my.table.my_table_uniq",
		"11 function billing.f",
		"17 function public.g", // search_path applies from line 25 on
		"18 view billing.totals",
		"19 view public.v",
		"20 index billing.idx_total",
		"22 trigger billing.ledger.trg_check",
		"23 column billing.ledger.note",
		"23 constraint billing.ledger.ledger_note_len",
		"23 column billing.ledger.memo",
		"23 constraint billing.ledger.memo_short",
		"24 function billing.p",
		"26 table accounts.users",
		"26 column accounts.users.id",
		"26 column accounts.users.name",
		"29 table remote.items",
		"29 column remote.items.id",
	}
	if got := sqlObjects(src); !slices.Equal(got, want) {
		t.Errorf("objects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScanSQLUnterminated(t *testing.T) {
	// Unterminated comments, strings and dollar quotes end the file; nothing
	// after them is a statement, and nothing panics.
	for _, src := range []string{
		"CREATE TABLE a (id int); /* CREATE TABLE b (id int);",
		"CREATE TABLE a (id int); SELECT 'x; CREATE TABLE b (id int);",
		"CREATE TABLE a (id int); DO $$ CREATE TABLE b (id int);",
		`CREATE TABLE a (id int); SELECT "x; CREATE TABLE b (id int);`,
		"CREATE TABLE a (id int); ALTER TABLE a ADD",
		"CREATE TABLE a (id int); CREATE INDEX ON",
		"CREATE TABLE a (id int); CREATE TRIGGER t BEFORE",
		"CREATE TABLE a (id int); CREATE",
	} {
		got := sqlObjects(src)
		if len(got) != 2 || got[0] != "1 table public.a" {
			t.Errorf("%q: %v", src, got)
		}
	}
}

func TestScanSQLPositions(t *testing.T) {
	objs := scanSQL("m.sql", []byte("-- é\n  /* x */ CREATE VIEW ünï.v AS SELECT 1;\n"))
	if len(objs) != 1 || objs[0].At.String() != "m.sql:2:11" || objs[0].Schema != "ünï" {
		t.Errorf("got %+v", objs)
	}
}

func TestSplitQualified(t *testing.T) {
	for name, want := range map[string][]string{
		"audit.event_log":           {"audit", "event_log"},
		`"My.Schema"."My ""T"""`:    {"My.Schema", `My "T"`},
		" audit . reject(int, a.b)": {"audit", "reject"},
		"a.b.c":                     {"a", "b", "c"},
		"plain":                     {"plain"},
	} {
		if got := splitQualified(name); !slices.Equal(got, want) {
			t.Errorf("splitQualified(%q) = %q, want %q", name, got, want)
		}
		if got := SeparatingDots(name); got != len(want)-1 {
			t.Errorf("SeparatingDots(%q) = %d, want %d", name, got, len(want)-1)
		}
	}
}

func TestMigrationSetFind(t *testing.T) {
	ms := &MigrationSet{index: map[string]int{}}
	for _, o := range scanSQL("m.sql", []byte(`
CREATE TABLE "Audit"."Event_Log" (id int, CONSTRAINT pk PRIMARY KEY (id));
CREATE TRIGGER trg BEFORE UPDATE ON "Audit"."Event_Log" FOR EACH ROW EXECUTE FUNCTION f();
CREATE INDEX idx ON audit.event_log (id);
`)) {
		ms.add(o)
	}
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
		{"index", "public.idx", false},
		{"schema", "audit", false},
	} {
		if got := ms.Find(c.kind, c.name) != nil; got != c.found {
			t.Errorf("find(%s, %s) = %v, want %v", c.kind, c.name, got, c.found)
		}
	}
}

func FuzzSeparatingDots(f *testing.F) {
	for _, name := range []string{"audit.event_log", `"My.Schema"."My ""T"""`, " audit . reject(int, a.b)", "a.b.c", "plain", "a)b.c", `a"b.c`, "..", ""} {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := SeparatingDots(name), len(splitQualified(name))-1; got != want {
			t.Errorf("SeparatingDots(%q) = %d, splitQualified finds %d parts", name, got, want+1)
		}
	})
}
