package render

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

// renderRules renders every validation rule, sorted by id: its id, its
// default severity and what it checks, the list `infradoc rules` prints.
// It reads site.Rules() when it renders, so the rules other packages
// register at start-up (this package's stale-block, stale-diagram and
// broken-link among them) are listed too.
func renderRules(_ *site.Site, _ *site.Block) (string, error) {
	var rows [][]string
	for _, r := range site.Rules() {
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
