package verify

import (
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/sqlschema"
)

// target is a required object as pg_catalog names it: each part folded
// the way PostgreSQL folds identifiers. Empty Schema or Table match any
// (a trigger or constraint named without them).
type target struct {
	Kind, Schema, Table, Name string
	// orTable is the other reading of a trigger's or constraint's two-part
	// name: table.name instead of schema.name.
	orTable bool
}

// targetOf returns what requirement r of an obligation whose first schema
// is def names: the same reading as Requirement.QualifiedName, which the
// evidence rules use, with the parts folded as PostgreSQL folds them.
func targetOf(r *site.Requirement, def string) target {
	qualified := r.QualifiedName(def)
	parts := sqlschema.SplitQualified(foldIdentifiers(qualified))
	last := func(i int) string {
		if i < len(parts) {
			return parts[len(parts)-1-i]
		}
		return ""
	}
	t := target{Kind: r.Type, Name: last(0)}
	schemaDefault := foldIdentifiers(strings.TrimSpace(r.Schema))
	if schemaDefault == "" {
		schemaDefault = foldIdentifiers(strings.TrimSpace(def))
	}
	schemaDefault = strings.Trim(schemaDefault, `"`)
	if schemaDefault == "" {
		schemaDefault = "public"
	}
	switch r.Type {
	case "schema":
	case "column":
		t.Table, t.Schema = last(1), last(2)
		if t.Schema == "" {
			// table.column: QualifiedName keeps a two-part column as
			// written; its table is in the obligation's schema.
			t.Schema = schemaDefault
		}
	case "trigger", "constraint":
		switch len(parts) {
		case 2:
			t.Schema, t.orTable = last(1), true
		default:
			t.Table, t.Schema = last(1), last(2)
		}
	default:
		t.Schema = last(1)
		if t.Schema == "" {
			t.Schema = schemaDefault
		}
	}
	return t
}

// foldIdentifiers folds the letters of a possibly qualified name outside
// double quotes to lower case, as PostgreSQL folds unquoted identifiers:
// `Audit."EventLog"` becomes `audit."EventLog"`, whose parts
// SplitQualified then returns without the quotes.
func foldIdentifiers(name string) string {
	b := []byte(name)
	quoted := false
	for i, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// names reports whether o is the object t names, case and all: the
// catalog finds objects case-insensitively, as the evidence rules do,
// but PostgreSQL tells "InvoiceLedger" from invoiceledger.
func (t target) names(o *sqlschema.Object) bool {
	switch {
	case o.Name != t.Name:
		return false
	case t.Kind == "schema":
		return true
	case t.orTable:
		return o.Schema == t.Schema || o.Table == t.Schema
	}
	return (t.Schema == "" || o.Schema == t.Schema) && (t.Table == "" || o.Table == t.Table)
}

// String is the target's name for messages.
func (t target) String() string {
	var parts []string
	for _, p := range []string{t.Schema, t.Table, t.Name} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ".")
}
