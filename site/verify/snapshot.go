package verify

import (
	"cmp"
	"context"
	"slices"

	"github.com/infradoc/infradoc/site/sqlschema"
	"github.com/jackc/pgx/v5"
)

// userNamespaces selects the schemas migrations make: not PostgreSQL's
// own, not a session's temporary ones, not an extension's.
const userNamespaces = `
	n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
	AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'`

// notFromExtension leaves out what CREATE EXTENSION made: the object of
// class catalog with oid column oid is no extension's member.
func notFromExtension(catalog, oid string) string {
	return ` AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '` + catalog + `'::regclass AND d.objid = ` + oid + ` AND d.deptype = 'e')`
}

// snapshotSQL lists the objects of the user's schemas, as sqlschema.Object
// fields: kind, schema, table, name, type.
func snapshotSQL() []string {
	return []string{
		`SELECT 'schema', n.nspname, '', n.nspname, '' FROM pg_catalog.pg_namespace n WHERE` + userNamespaces +
			notFromExtension("pg_namespace", "n.oid"),
		`SELECT CASE WHEN c.relkind IN ('r', 'p') THEN 'table' WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'index' END,
		n.nspname, coalesce(t.relname, ''), c.relname, ''
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
		LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'i', 'I') AND` + userNamespaces + notFromExtension("pg_class", "c.oid"),
		`SELECT 'column', n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND` + userNamespaces + notFromExtension("pg_class", "c.oid"),
		`SELECT DISTINCT 'function', n.nspname, '', p.proname, ''
		FROM pg_catalog.pg_proc p
		JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
		WHERE` + userNamespaces + notFromExtension("pg_proc", "p.oid"),
		`SELECT 'trigger', n.nspname, c.relname, t.tgname, ''
		FROM pg_catalog.pg_trigger t
		JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT t.tgisinternal AND` + userNamespaces,
		`SELECT 'constraint', n.nspname, coalesce(c.relname, ''), con.conname, ''
		FROM pg_catalog.pg_constraint con
		JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace
		LEFT JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
		WHERE` + userNamespaces + notFromExtension("pg_constraint", "con.oid"),
	}
}

// Snapshot returns the objects of the database's own schemas (not
// PostgreSQL's, not an extension's) as sqlschema.Objects, without
// positions, sorted by kind and qualified name: what the migrations left
// behind, to compare with what sqlschema.Catalog says they leave.
// Functions are listed once per name, whatever their overloads.
func Snapshot(ctx context.Context, conn *pgx.Conn) ([]sqlschema.Object, error) {
	var out []sqlschema.Object
	for _, sql := range snapshotSQL() {
		rows, err := conn.Query(ctx, sql)
		if err != nil {
			return nil, err
		}
		objs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sqlschema.Object, error) {
			var o sqlschema.Object
			err := r.Scan(&o.Kind, &o.Schema, &o.Table, &o.Name, &o.Type)
			return o, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	slices.SortFunc(out, func(a, b sqlschema.Object) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Qualified(), b.Qualified()))
	})
	return out, nil
}
