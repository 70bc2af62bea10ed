package sqlschema

import (
	"slices"
	"testing"
)

func TestSplitQualified(t *testing.T) {
	for name, want := range map[string][]string{
		"audit.event_log":           {"audit", "event_log"},
		`"My.Schema"."My ""T"""`:    {"My.Schema", `My "T"`},
		" audit . reject(int, a.b)": {"audit", "reject"},
		"a.b.c":                     {"a", "b", "c"},
		"plain":                     {"plain"},
	} {
		if got := SplitQualified(name); !slices.Equal(got, want) {
			t.Errorf("SplitQualified(%q) = %q, want %q", name, got, want)
		}
		if got := SeparatingDots(name); got != len(want)-1 {
			t.Errorf("SeparatingDots(%q) = %d, want %d", name, got, len(want)-1)
		}
	}
}

func FuzzSeparatingDots(f *testing.F) {
	for _, name := range []string{"audit.event_log", `"My.Schema"."My ""T"""`, " audit . reject(int, a.b)", "a.b.c", "plain", "a)b.c", `a"b.c`, "..", ""} {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := SeparatingDots(name), len(SplitQualified(name))-1; got != want {
			t.Errorf("SeparatingDots(%q) = %d, SplitQualified finds %d parts", name, got, want+1)
		}
	})
}

// TestFindAndColumns: Find names objects as requirements do, and sees only
// live objects; Columns lists a table's columns in column order, with
// their types.
func TestFindAndColumns(t *testing.T) {
	c := NewCatalog()
	c.Apply("1.sql", []byte(`CREATE SCHEMA "Audit";
CREATE TABLE "Audit"."Log" (id int, body text, gone int);
CREATE FUNCTION "Audit".reject(a int) RETURNS void LANGUAGE sql AS 'SELECT 1';`))
	c.Apply("2.sql", []byte(`ALTER TABLE "Audit"."Log" DROP COLUMN gone, ADD COLUMN at timestamptz, ALTER COLUMN body TYPE jsonb USING body::jsonb;
-- search_path starts again at public in each file
CREATE TABLE log (x int);`))
	for _, q := range []struct{ kind, name, want string }{
		{"schema", "audit", "Audit"},
		{"table", "AUDIT.log", "Audit.Log"},
		{"function", "audit.reject(int)", "Audit.reject"},
		{"column", `"Audit"."Log".body`, "Audit.Log.body"},
		{"column", "audit.log.gone", ""},
		{"table", "public.log", "public.log"},
		{"view", "audit.log", ""},
	} {
		got := ""
		if o := c.Find(q.kind, q.name); o != nil {
			got = o.Qualified()
		}
		if got != q.want {
			t.Errorf("Find(%s, %s) = %q, want %q", q.kind, q.name, got, q.want)
		}
	}
	var cols []string
	for _, o := range c.Columns("Audit", "Log") {
		cols = append(cols, o.Name+" "+o.Type+" "+o.At.String())
	}
	want := []string{"id integer 1.sql:2:1", "body jsonb 2.sql:1:1", "at timestamp with time zone 2.sql:1:1"}
	if !slices.Equal(cols, want) {
		t.Errorf("Columns = %q, want %q", cols, want)
	}
	if got := c.Columns("audit", "log"); len(got) != 3 {
		t.Errorf("Columns without exact case found %d columns, want the 3 of Audit.Log", len(got))
	}
}

// TestColumnsKnown: a table's columns are known when the migrations spell
// them out, not when a query or a table they do not make gives them.
func TestColumnsKnown(t *testing.T) {
	c := NewCatalog()
	c.Apply("m.sql", []byte(`CREATE TABLE plain (a int);
CREATE TABLE child (b int) INHERITS (plain);
CREATE TABLE queried AS SELECT 1 AS one;
CREATE TABLE copied (LIKE elsewhere.t);
CREATE TABLE part PARTITION OF elsewhere.parent DEFAULT;
CREATE VIEW v AS SELECT 1;`))
	for table, want := range map[string]bool{"plain": true, "child": true, "PLAIN": true, "queried": false, "copied": false, "part": false, "v": false, "missing": false} {
		if got := c.ColumnsKnown("public", table); got != want {
			t.Errorf("ColumnsKnown(public, %s) = %v, want %v", table, got, want)
		}
	}
}

// TestSplit: statements come back exactly as written, from their first
// token, with their position; a file that does not parse gives the
// finding and no statements.
func TestSplit(t *testing.T) {
	src := "-- header\nCREATE TABLE a (id int);  /* c */ INSERT INTO a VALUES (1)\n;\nDO $$ BEGIN NULL; END $$\n"
	stmts, fs := Split("s.sql", []byte(src))
	var got []string
	for _, s := range stmts {
		got = append(got, s.At.String()+" "+s.SQL)
	}
	want := []string{"s.sql:2:1 CREATE TABLE a (id int)", "s.sql:2:35 INSERT INTO a VALUES (1)", "s.sql:4:1 DO $$ BEGIN NULL; END $$"}
	if len(fs) != 0 || !slices.Equal(got, want) {
		t.Errorf("Split = %q, %v; want %q", got, fs, want)
	}
	stmts, fs = Split("s.sql", []byte("SELECT 1;\nSELEC 2;"))
	if stmts != nil || len(fs) != 1 || fs[0].Pos.String() != "s.sql:2:1" || fs[0].Rule != "migration-syntax" {
		t.Errorf("Split of a bad file = %v, %v", stmts, fs)
	}
}

// Statements that begin or end a transaction are marked, savepoints are
// not; PosOf moves a statement's position by PostgreSQL's character
// cursor, lines and multibyte characters counted.
func TestSplitTransactionsAndPositions(t *testing.T) {
	src := "BEGIN;\nSTART TRANSACTION; SAVEPOINT a;\nCREATE TABLE t (\n  é int, x nope);\nROLLBACK TO SAVEPOINT a; END; COMMIT; ABORT;\n"
	stmts, fs := Split("t.sql", []byte(src))
	if len(fs) > 0 {
		t.Fatal(fs)
	}
	var tx []bool
	for _, s := range stmts {
		tx = append(tx, s.Transaction)
	}
	if want := []bool{true, true, false, false, false, true, true, true}; !slices.Equal(tx, want) {
		t.Errorf("Transaction = %v, want %v", tx, want)
	}
	create := stmts[3]
	for cursor, want := range map[int]string{0: "t.sql:3:1", 1: "t.sql:3:1", 18: "t.sql:4:1", 29: "t.sql:4:12"} {
		if got := create.PosOf(cursor).String(); got != want {
			t.Errorf("PosOf(%d) = %s, want %s", cursor, got, want)
		}
	}
}
