package blocks

import (
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
	"github.com/infradoc/infradoc/site/rules"
)

// renderRules renders every validation rule, sorted by id: its id, its
// default severity and what it checks, the list `infradoc rules` prints.
// It reads the one list of rules, rules.All().
func renderRules(_ *site.Site, _ *site.Block) (string, error) {
	var rows [][]string
	for _, r := range rules.All() {
		rows = append(rows, []string{code(r.ID), mdCell(string(r.Severity)), mdCell(r.Summary)})
	}
	if rows == nil {
		rows = append(rows, placeholderRow("No rules", 3))
	}
	return mdTable([]string{"Rule", "Default severity", "Checks"}, rows), nil
}

// code writes text as an inline code span, escaped for a table cell.
func code(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "—"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + mdCell(s) + " " + fence
	}
	return fence + mdCell(s) + fence
}

// kindRules is the rules block kind.
var kindRules = &Kind{Spec: markers.BlockKind{Name: "rules", Summary: "every validation rule (Rule, Default severity, Checks), sorted by id, as `infradoc rules` lists them"}, Render: renderRules}
