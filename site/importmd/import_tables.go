package importmd

import (
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site/yamlstrict"
	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// tableKind is one of the seed's table shapes, recognised by its headers.
type tableKind struct {
	// name is how the seed titles the table.
	name string
	// columns are the normalized headers, in the seed's order.
	columns []tableColumn
	// identifying headers: a table with any of them is of this kind (and
	// then must have every required column).
	identifying []string
}

type tableColumn struct {
	key      string // normalized header
	title    string // as the seed writes it
	required bool
}

func (k *tableKind) headers() []string {
	out := make([]string, len(k.columns))
	for i, c := range k.columns {
		out[i] = c.title
	}
	return out
}

func columns(spec ...string) []tableColumn {
	out := make([]tableColumn, len(spec))
	for i, s := range spec {
		title, optional := strings.CutSuffix(s, "?")
		out[i] = tableColumn{key: normalizeHeader(title), title: title, required: !optional}
	}
	return out
}

// The seed's table shapes; a trailing "?" marks a column that may be left out.
var (
	kindRegistry = &tableKind{name: "Full Registry Table",
		columns:     columns("Infra Name", "Category", "Layer", "State", "Used By?", "Failure Mode", "Stub Available?", "Local Strategy?", "Promotion Trigger?", "Owner"),
		identifying: []string{"infra name"}}
	kindStates = &tableKind{name: "State Definitions table",
		columns:     columns("State", "Name", "Meaning?", "Test Behavior?"),
		identifying: []string{"meaning", "test behavior"}}
	kindB1 = &tableKind{name: "Bucket B1 table",
		columns:     columns("Infra", "Risk if Not Tested", "Promotion Priority"),
		identifying: []string{"risk if not tested", "promotion priority"}}
	kindB2 = &tableKind{name: "Bucket B2 table",
		columns:     columns("Infra", "Justification", "Review Trigger"),
		identifying: []string{"justification", "review trigger"}}
	kindSummary = &tableKind{name: "Quick Reference",
		columns:     columns("State", "Count?", "Infra Items"),
		identifying: []string{"infra items"}}
	kindArtifacts = &tableKind{name: "Artifact Responsibility Matrix",
		columns:     columns("Artifact", "Responsibility?", "Owns?"),
		identifying: []string{"artifact"}}
	kindRoles = &tableKind{name: "Ownership table",
		columns:     columns("Role", "Responsibility"),
		identifying: []string{"role"}}
	// tableKinds is the order in which a table is tried.
	tableKinds = []*tableKind{kindRegistry, kindStates, kindSummary, kindB1, kindB2, kindArtifacts, kindRoles}
)

// findTables returns the doc's seed-shaped tables by kind, in document
// order, after checking their columns and cell counts.
func (im *importer) findTables(doc gast.Node) map[*tableKind][]*mdTable {
	out := map[*tableKind][]*mdTable{}
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		tn, ok := n.(*east.Table)
		if !entering || !ok {
			return gast.WalkContinue, nil
		}
		t := im.readTable(tn)
		if t.kind = identify(t); t.kind != nil {
			im.sawRegistry = im.sawRegistry || t.kind == kindRegistry
			if im.checkColumns(t) {
				out[t.kind] = append(out[t.kind], t)
			}
		}
		return gast.WalkSkipChildren, nil
	})
	return out
}

func identify(t *mdTable) *tableKind {
	for _, k := range tableKinds {
		for _, h := range k.identifying {
			if t.has(h) {
				return k
			}
		}
	}
	return nil
}

// checkColumns reports missing and unknown columns and rows whose cell
// count differs from the header's, dropping those rows. It returns false
// when the table lacks a required column and cannot be read.
func (im *importer) checkColumns(t *mdTable) bool {
	ok := true
	known := map[string]bool{}
	var missing []string
	for _, c := range t.kind.columns {
		known[c.key] = true
		if c.required && !t.has(c.key) {
			missing = append(missing, strconv.Quote(c.title))
		}
	}
	if len(missing) > 0 {
		noun := "column"
		if len(missing) > 1 {
			noun = "columns"
		}
		im.add(t.pos, "import-columns", "the %s has no %s %s (its columns are %s)",
			t.kind.name, strings.Join(missing, ", "), noun, strings.Join(t.kind.headers(), " | "))
		ok = false
	}
	seen := map[string]bool{}
	for _, h := range t.header {
		key := normalizeHeader(h.Plain)
		switch {
		case seen[key]:
			im.add(h.Pos, "import-columns", "column %q appears twice in the %s", h.Plain, t.kind.name)
			ok = false
		case !known[key]:
			keys := make([]string, 0, len(t.kind.columns))
			for _, c := range t.kind.columns {
				keys = append(keys, c.title)
			}
			im.warn(h.Pos, "import-columns", "the %s has no column %q; its cells are not imported%s",
				t.kind.name, h.Plain, yamlstrict.DidYouMean(h.Plain, keys))
		}
		seen[key] = true
	}
	rows := t.rows[:0]
	for _, row := range t.rows {
		written := 0
		for _, c := range row {
			if !c.Missing {
				written++
			}
		}
		switch {
		case written < len(t.header):
			im.add(row[0].Pos, "import-columns", "this row of the %s has %d cells but the header has %d", t.kind.name, written, len(t.header))
		case im.extraCells(row):
			im.add(row[len(row)-1].Pos, "import-columns", "this row of the %s has more cells than the header's %d", t.kind.name, len(t.header))
		default:
			rows = append(rows, row)
		}
	}
	t.rows = rows
	return ok
}
