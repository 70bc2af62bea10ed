package blocks

import (
	"slices"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// renderStateSummary renders the Quick Reference: one row per state, the
// most wired first (C, B, A), with its count and its items in registry
// order.
func renderStateSummary(s *site.Site, b *site.Block) (string, error) {
	filter := b.OptionList("state")
	states := slices.Clone(s.Registry.States)
	slices.Reverse(states)
	var rows [][]string
	for _, st := range states {
		if !inFilter(filter, st.ID) {
			continue
		}
		var names []string
		for _, it := range s.Registry.ItemsInState(st.ID) {
			names = append(names, it.Name)
		}
		rows = append(rows, []string{
			bold(st.ID) + " (" + mdCell(shortStateName(st.Name)) + ")",
			strconv.Itoa(len(names)),
			mdCell(strings.Join(names, ", ")),
		})
	}
	return mdTable([]string{"State", "Count", "Infra Items"}, rows), nil
}

// shortStateName returns the part in parentheses of "Chosen (Conceptual)",
// else the whole name.
func shortStateName(name string) string {
	if i := strings.LastIndex(name, "("); i >= 0 && strings.HasSuffix(strings.TrimSpace(name), ")") {
		return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name[i+1:]), ")"))
	}
	return name
}

// kindStateSummary is the state-summary block kind.
var kindStateSummary = &Kind{Spec: markers.BlockKind{Name: "state-summary", Summary: "the Quick Reference: each state (C, B, A) with its count and its items", Options: []markers.BlockOption{stateFilter}}, Render: renderStateSummary}
