package verify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/pgserver/pgtest"
)

// TestMigrationFailed: verify --migrate on testdata/verify/broken stops at
// the statement PostgreSQL refuses, with its message; the file it is in
// is rolled back (its table, created before the failing index, is
// missing), the file before it stays, the file after it never runs.
func TestMigrationFailed(t *testing.T) {
	s := loadSite(t, "testdata/verify/broken")
	rep, err := Run(context.Background(), Options{Site: s, DatabaseURL: pgtest.Server(t), Migrate: true, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	failed := ofRule(rep.Findings, "verify-migration-failed")
	want := `testdata/verify/broken/migrations/BRK-1/002_lines.sql:8:1: error: PostgreSQL refused this statement: column "orderid" does not exist [verify-migration-failed]`
	if len(failed) != 1 || failed[0] != want {
		t.Errorf("migration findings:\n%s\nwant:\n%s", strings.Join(failed, "\n"), want)
	}
	o := rep.Obligations[0]
	got := map[string]string{}
	for _, obj := range o.Objects {
		got[obj.Name] = obj.Verdict
	}
	if got["shop.orders"] != Exists || got["shop.order_lines"] != Missing || got["shop.idx_order_lines_order"] != Missing {
		t.Errorf("verdicts %v: want orders to exist (001 committed) and order_lines missing (002 rolled back)", got)
	}
	if *o.Computed.MigrationsExist {
		t.Errorf("migrations_exist computed true, though 002 failed and 003 never ran")
	}
}

// TestMigratePositions: a refused statement's finding is at PostgreSQL's
// error position inside it (characters counted as runes, a comment
// before the statement skipped), at the statement when PostgreSQL gives
// no position, and a syntax error is the parser's finding.
func TestMigratePositions(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ file, want, message string }{
		{"position.sql", "testdata/verify/sql/position.sql:4:32", `column "nope" does not exist`},
		{"raise.sql", "testdata/verify/sql/raise.sql:2:1", "refused by the migration itself"},
		{"syntax.sql", "testdata/verify/sql/syntax.sql:2:", "syntax error"},
	} {
		t.Run(c.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(repo, "testdata", "verify", "sql", c.file))
			if err != nil {
				t.Fatal(err)
			}
			conn := connect(t, pgtest.Server(t))
			fs, err := Migrate(ctx, conn, []MigrationFile{{File: "testdata/verify/sql/" + c.file, Src: src}})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 1 || !strings.HasPrefix(fs[0].Pos.String(), c.want) || !strings.Contains(fs[0].Message, c.message) {
				t.Fatalf("findings %v, want one at %s saying %q", fs, c.want, c.message)
			}
			// The file's transaction is rolled back: its first table is gone.
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_class WHERE relname IN ('t', 'u', 'v', 'w')").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d tables of the failed file remain", n)
			}
		})
	}
}

// TestMigrateOutsideTransaction: a file with a statement PostgreSQL runs
// only outside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM) is
// run as psql runs it: statement by statement, its own BEGIN and COMMIT
// included; a refused statement leaves what ran before it, and a
// transaction the file left open is rolled back.
func TestMigrateOutsideTransaction(t *testing.T) {
	ctx := context.Background()
	conn := connect(t, pgtest.Server(t))
	var files []MigrationFile
	for _, name := range []string{"concurrently.sql", "concurrently_open.sql"} {
		src, err := os.ReadFile(filepath.Join(repo, "testdata", "verify", "sql", name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, MigrationFile{File: "testdata/verify/sql/" + name, Src: src})
	}
	fs, err := Migrate(ctx, conn, files)
	if err != nil || len(fs) != 0 {
		t.Fatalf("findings %v, error %v; want the files applied", fs, err)
	}
	exists := func(name string) bool {
		t.Helper()
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_class WHERE relname = $1", name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	for name, want := range map[string]bool{"c_events": true, "idx_c_events_at": true, "c_audit": true, "c_unfinished": false} {
		if got := exists(name); got != want {
			t.Errorf("%s exists: %v, want %v", name, got, want)
		}
	}

	src, err := os.ReadFile(filepath.Join(repo, "testdata", "verify", "sql", "concurrently_fail.sql"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err = Migrate(ctx, conn, []MigrationFile{{File: "testdata/verify/sql/concurrently_fail.sql", Src: src}})
	if err != nil {
		t.Fatal(err)
	}
	want := "testdata/verify/sql/concurrently_fail.sql:4:"
	if len(fs) != 1 || !strings.HasPrefix(fs[0].Pos.String(), want) || !strings.Contains(fs[0].Message, `column "nope" does not exist`) {
		t.Fatalf("findings %v, want one at %s saying the column does not exist", fs, want)
	}
	if !exists("c_kept") || exists("c_never") {
		t.Errorf("c_kept exists %v (want true: it ran before the refused index), c_never exists %v (want false)", exists("c_kept"), exists("c_never"))
	}
}
