package verify

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
)

// querier is what the lookups need of a connection.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// catalogQuery is how objects of one kind are found in pg_catalog: a
// query returning the qualified name of each match, and its arguments.
type catalogQuery struct {
	sql  string
	args func(schema, table, name string) []any
}

// byName takes the name only; withSchema the schema and the name;
// withAll the schema, the table and the name ("" matches any).
var (
	byName     = func(_, _, name string) []any { return []any{name} }
	withSchema = func(schema, _, name string) []any { return []any{schema, name} }
	withAll    = func(schema, table, name string) []any { return []any{schema, table, name} }
)

// catalogQueries are the lookups by kind: built on first use, not by
// the package initialiser every command waits for.
var catalogQueries = sync.OnceValue(func() map[string]catalogQuery {
	return map[string]catalogQuery{
		"schema": {`SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname = $1`, byName},
		"table":  {relationSQL("'r', 'p'"), withSchema},
		"view":   {relationSQL("'v', 'm'"), withSchema},
		"index":  {relationSQL("'i', 'I'"), withSchema},
		"column": {`SELECT n.nspname || '.' || c.relname || '.' || a.attname
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
		AND n.nspname = $1 AND c.relname = $2 AND a.attname = $3`, withAll},
		// Any argument list: a requirement names a function, not an overload.
		"function": {`SELECT n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
		FROM pg_catalog.pg_proc p
		JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = $1 AND p.proname = $2
		ORDER BY 1`, withSchema},
		"trigger": {`SELECT n.nspname || '.' || c.relname || '.' || t.tgname
		FROM pg_catalog.pg_trigger t
		JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT t.tgisinternal AND ($1 = '' OR n.nspname = $1) AND ($2 = '' OR c.relname = $2) AND t.tgname = $3
		ORDER BY 1`, withAll},
		// A domain's constraint has no table.
		"constraint": {`SELECT n.nspname || '.' || coalesce(c.relname || '.', '') || con.conname
		FROM pg_catalog.pg_constraint con
		JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace
		LEFT JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
		WHERE ($1 = '' OR n.nspname = $1) AND ($2 = '' OR c.relname = $2) AND con.conname = $3
		ORDER BY 1`, withAll},
	}
})

// relationSQL finds a relation of the given relkinds by schema and name.
func relationSQL(kinds string) string {
	return `SELECT n.nspname || '.' || c.relname
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN (` + kinds + `) AND n.nspname = $1 AND c.relname = $2`
}

// lookup finds the objects t names in pg_catalog and returns their
// qualified names as the database has them; none when it does not exist.
func lookup(ctx context.Context, q querier, t target) ([]string, error) {
	cq, ok := catalogQueries()[t.Kind]
	if !ok {
		return nil, fmt.Errorf("no catalog lookup for objects of type %q", t.Kind)
	}
	found, err := queryStrings(ctx, q, cq.sql, cq.args(t.Schema, t.Table, t.Name)...)
	if err != nil || len(found) > 0 || !t.orTable {
		return found, err
	}
	// A trigger's or constraint's two-part name is schema.name or
	// table.name: the second reading, when the first finds nothing.
	return queryStrings(ctx, q, cq.sql, cq.args("", t.Schema, t.Name)...)
}

func queryStrings(ctx context.Context, q querier, sql string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// columnTypes returns the columns of table schema.table in the database,
// in column order, with their types as format_type prints them; nil when
// there is no such table.
func columnTypes(ctx context.Context, q querier, schema, table string) ([]column, error) {
	rows, err := q.Query(ctx, `SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
		AND n.nspname = $1 AND c.relname = $2
		ORDER BY a.attnum`, schema, table)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (column, error) {
		var c column
		err := r.Scan(&c.Name, &c.Type)
		return c, err
	})
}

// column is a column's name and type.
type column struct{ Name, Type string }
