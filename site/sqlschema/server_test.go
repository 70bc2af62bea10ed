package sqlschema_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/pgserver/pgtest"
	"github.com/infradoc/infradoc/site/sqlschema"
	"github.com/infradoc/infradoc/site/verify"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestGoldensOnPostgreSQL applies each testdata file to a fresh database
// of a real PostgreSQL and compares what pg_catalog shows with what the
// Catalog says the file leaves: the same objects, kinds, names and column
// types. The only differences allowed are the ones Apply owns up to: a
// file PostgreSQL refuses has a finding, objects made by an EXECUTE come
// with a migration-dynamic finding, and columns of a table whose columns
// are not known are not listed.
func TestGoldensOnPostgreSQL(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			cat := sqlschema.NewCatalog()
			found := cat.Apply(p, src)
			dynamic := slices.ContainsFunc(found, func(f finding.Finding) bool { return f.Rule == "migration-dynamic" })
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, pgtest.Server(t))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			refused, err := verify.Migrate(ctx, conn, []verify.MigrationFile{{File: p, Src: src}})
			if err != nil {
				t.Fatal(err)
			}
			if len(refused) > 0 {
				if len(found) == 0 {
					t.Errorf("PostgreSQL refuses the file but Apply reports nothing: %v", refused)
				}
				return
			}
			// format_type() qualifies the types the session's search_path
			// does not see: read the catalog as a fresh session would.
			if _, err := conn.Exec(ctx, "RESET search_path"); err != nil {
				t.Fatal(err)
			}
			db, err := verify.Snapshot(ctx, conn)
			if err != nil {
				t.Fatal(err)
			}
			parsed, real := objectSet(cat.Objects()), objectSet(db)
			var onlyParsed, onlyReal []string
			for k := range parsed {
				if !real[k] {
					onlyParsed = append(onlyParsed, k)
				}
			}
			for _, o := range db {
				k := key(o)
				if parsed[k] || o.Kind == "schema" && o.Name == "public" {
					continue
				}
				if dynamic || o.Kind == "column" && cat.Find("table", o.Schema+"."+o.Table) != nil && !cat.ColumnsKnown(o.Schema, o.Table) {
					continue
				}
				onlyReal = append(onlyReal, k)
			}
			slices.Sort(onlyParsed)
			slices.Sort(onlyReal)
			if len(onlyParsed)+len(onlyReal) > 0 {
				t.Errorf("Catalog and pg_catalog disagree:\nonly the Catalog has:\n  %s\nonly pg_catalog has:\n  %s",
					strings.Join(onlyParsed, "\n  "), strings.Join(onlyReal, "\n  "))
			}
		})
	}
}

func key(o sqlschema.Object) string {
	k := o.Kind + " " + o.Qualified()
	if o.Type != "" {
		k += " " + o.Type
	}
	return k
}

func objectSet(objs []sqlschema.Object) map[string]bool {
	m := map[string]bool{}
	for _, o := range objs {
		if o.Kind != "schema" || o.Name != "public" {
			m[key(o)] = true
		}
	}
	return m
}

// TestOutsideTransactionOnPostgreSQL holds Statement.NoTransaction to a
// real PostgreSQL: each statement is run inside a transaction block that
// is then rolled back, and PostgreSQL refuses it as "cannot run inside a
// transaction block" (SQLSTATE 25001) exactly when Split marks it. Other
// errors (an object that does not exist) do not matter here.
func TestOutsideTransactionOnPostgreSQL(t *testing.T) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.Server(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE t (a int); CREATE INDEX i ON t (a)"); err != nil {
		t.Fatal(err)
	}
	// REINDEX SYSTEM and DATABASE name the current database (before
	// PostgreSQL 16 they must).
	var db string
	if err := conn.QueryRow(ctx, "SELECT quote_ident(current_database())").Scan(&db); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"CREATE INDEX CONCURRENTLY j ON t (a)",
		"CREATE INDEX k ON t (a)",
		"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS l ON t (a)",
		"DROP INDEX CONCURRENTLY i",
		"DROP INDEX i",
		"REINDEX INDEX CONCURRENTLY i",
		"REINDEX (CONCURRENTLY) TABLE t",
		"REINDEX INDEX i",
		"REINDEX TABLE t",
		"REINDEX SYSTEM " + db,
		"REINDEX DATABASE " + db,
		"VACUUM t",
		"VACUUM (ANALYZE) t",
		"ANALYZE t",
		"CLUSTER",
		"CLUSTER t USING i",
		"CREATE DATABASE infradoc_never",
		"DROP DATABASE infradoc_never",
		"ALTER SYSTEM SET work_mem = '4MB'",
		"CREATE TABLESPACE never LOCATION '/nonexistent'",
		"DROP TABLESPACE never",
		"CREATE TABLE u (b int)",
		"ALTER TABLE t ADD COLUMN c int",
	} {
		stmts, syntax := sqlschema.Split("x.sql", []byte(sql))
		if len(syntax) > 0 || len(stmts) != 1 {
			t.Errorf("%s: %d statements, %v", sql, len(stmts), syntax)
			continue
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tx.Exec(ctx, sql)
		tx.Rollback(ctx)
		var pgErr *pgconn.PgError
		refused := errors.As(err, &pgErr) && pgErr.Code == "25001"
		if refused != stmts[0].NoTransaction {
			t.Errorf("%s: NoTransaction %v, but PostgreSQL in a transaction block says %v", sql, stmts[0].NoTransaction, err)
		}
	}
}
