package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/sqlschema"
)

// tableDrift is how one table's columns in the database differ from the
// columns the migrations declare.
type tableDrift struct {
	name string // schema.table
	// order is the columns of both sides: the database's, then the ones
	// only the migrations declare.
	order []string
	// byColumn says how each drifted column differs; "" when it does not.
	byColumn map[string]string
	diffs    []string // byColumn's values, in order
	// undeclared: the migrations do not spell out the table's columns (or
	// do not create it), so nothing is compared.
	undeclared bool
	// required: the obligation requires the table itself; columnAt are
	// the entries of its required columns.
	required bool
	columnAt []finding.Pos
	columns  map[string]bool
}

func (td *tableDrift) requiredColumn(c string) bool { return td.columns[c] }

// compareTable compares table schema.name once per obligation.
func compareTable(ctx context.Context, q querier, cat *sqlschema.Catalog, seen map[string]*tableDrift, schema, name string) (*tableDrift, error) {
	key := schema + "." + name
	if td, ok := seen[key]; ok {
		return td, nil
	}
	actual, err := columnTypes(ctx, q, schema, name)
	if err != nil {
		return nil, err
	}
	declared := cat.Columns(schema, name)
	if !cat.ColumnsKnown(schema, name) {
		// CREATE TABLE AS, or LIKE, INHERITS or PARTITION OF a table the
		// migrations do not make: only the server knows the columns.
		declared = nil
	}
	td := diffColumns(key, declared, actual)
	seen[key] = td
	return td, nil
}

// diffColumns compares the declared columns with the database's: a
// missing column, an extra one and a type that differs are drift. A
// declared column whose type the migrations leave unknown ("") is
// compared by name only.
func diffColumns(name string, declared []sqlschema.Object, actual []column) *tableDrift {
	td := &tableDrift{name: name, byColumn: map[string]string{}, columns: map[string]bool{}}
	if len(declared) == 0 {
		td.undeclared = true
		return td
	}
	want := map[string]sqlschema.Object{}
	for _, d := range declared {
		want[d.Name] = d
	}
	have := map[string]bool{}
	for _, a := range actual {
		have[a.Name] = true
		td.order = append(td.order, a.Name)
		d, ok := want[a.Name]
		switch {
		case !ok:
			td.byColumn[a.Name] = fmt.Sprintf("column %s (%s) is in the database, but no migration declares it", a.Name, a.Type)
		case d.Type != "" && d.Type != a.Type:
			td.byColumn[a.Name] = fmt.Sprintf("column %s is %s in the database, but the migrations declare %s (%s)", a.Name, a.Type, d.Type, d.At)
		}
	}
	for _, d := range declared {
		if !have[d.Name] {
			td.order = append(td.order, d.Name)
			td.byColumn[d.Name] = fmt.Sprintf("column %s (%s) is declared by the migrations (%s), but the database lacks it", d.Name, d.Type, d.At)
		}
	}
	for _, c := range td.order {
		if d := td.byColumn[c]; d != "" {
			td.diffs = append(td.diffs, d)
		}
	}
	return td
}

// sortedTables returns the compared tables by name.
func sortedTables(m map[string]*tableDrift) []*tableDrift {
	out := make([]*tableDrift, 0, len(m))
	for _, td := range m {
		out = append(out, td)
	}
	slices.SortFunc(out, func(a, b *tableDrift) int { return strings.Compare(a.name, b.name) })
	return out
}
