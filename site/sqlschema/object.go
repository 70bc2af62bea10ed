package sqlschema

import "github.com/infradoc/infradoc/site/finding"

// Object is one database object migrations leave behind.
type Object struct {
	// Kind is schema, table, column, view, index, function, trigger or
	// constraint. A materialized view is a view, a procedure a function.
	Kind string `json:"kind"`
	// Schema is as PostgreSQL stores it: unquoted names folded to lower
	// case, quoted ones kept.
	Schema string `json:"schema"`
	// Table is the table of a column, index, trigger or constraint.
	Table string `json:"table,omitempty"`
	Name  string `json:"name"`
	// Type is a column's type as PostgreSQL's format_type() prints it:
	// "integer", "character varying(20)", "timestamp with time zone",
	// "text[]", "numeric(10,2)".
	Type string `json:"type,omitempty"`
	// At is the statement that created it; the last CREATE OR REPLACE,
	// RENAME or ALTER COLUMN TYPE of it counts.
	At finding.Pos `json:"at"`
}

// Qualified returns the object's name as requirements write it: a schema's
// name, schema.table.name for a column, trigger or constraint, and
// schema.name for the rest.
func (o Object) Qualified() string {
	switch o.Kind {
	case "schema":
		return o.Name
	case "column", "constraint", "trigger":
		if o.Table != "" {
			return o.Schema + "." + o.Table + "." + o.Name
		}
	}
	return o.Schema + "." + o.Name
}
