package verify

import (
	"context"
	"testing"

	"github.com/infradoc/infradoc/site/pgserver/pgtest"
	"github.com/infradoc/infradoc/site/sqlschema"
)

// TestDriftOnServer migrates one file into a real PostgreSQL and compares
// tables as verify does: a table whose columns only the server knows
// (CREATE TABLE AS, INHERITS from a table made outside the file) is not
// drift; a column of a type in the file's own
// schema is compared as format_type prints it once the file's SET
// search_path is gone; a column added by hand afterwards is drift.
func TestDriftOnServer(t *testing.T) {
	ctx := context.Background()
	const file = "migrations/001_shop.sql"
	src := []byte(`CREATE SCHEMA shop;
SET search_path = shop;
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE orders (id bigint PRIMARY KEY, mood mood NOT NULL, placed_at timestamptz);
CREATE TABLE order_copy AS SELECT id, placed_at FROM orders;
CREATE TABLE order_note (note text) INHERITS (public.base);
`)
	cat := sqlschema.NewCatalog()
	if found := cat.Apply(file, src); len(found) > 0 {
		t.Fatalf("the file does not parse: %v", found)
	}
	conn := connect(t, pgtest.Server(t))
	// The base schema the file builds on, made before it and unknown to it.
	exec(t, conn, "CREATE TABLE public.base (id bigint)")
	found, err := Migrate(ctx, conn, []MigrationFile{{File: file, Src: src}})
	if err != nil || len(found) > 0 {
		t.Fatalf("migrate: %v %v", err, found)
	}
	compare := func(table string) *tableDrift {
		t.Helper()
		td, err := compareTable(ctx, conn, cat, map[string]*tableDrift{}, "shop", table)
		if err != nil {
			t.Fatal(err)
		}
		return td
	}
	if td := compare("orders"); td.undeclared || len(td.diffs) > 0 {
		t.Errorf("shop.orders right after migrating: undeclared %v, drift %q", td.undeclared, td.diffs)
	}
	if td := compare("order_copy"); !td.undeclared || len(td.diffs) > 0 {
		t.Errorf("shop.order_copy (CREATE TABLE AS): undeclared %v, drift %q; want its columns left to the server", td.undeclared, td.diffs)
	}
	if td := compare("order_note"); !td.undeclared || len(td.diffs) > 0 {
		t.Errorf("shop.order_note (INHERITS a table the migrations do not make): undeclared %v, drift %q; want its columns left to the server", td.undeclared, td.diffs)
	}
	exec(t, conn, "ALTER TABLE shop.orders ADD COLUMN note text")
	if td := compare("orders"); len(td.diffs) != 1 || td.byColumn["note"] == "" {
		t.Errorf("shop.orders after adding a column by hand: drift %q, want the column note", td.diffs)
	}
}
