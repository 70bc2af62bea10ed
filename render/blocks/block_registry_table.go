package blocks

import (
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

var registryTableHeader = []string{"Infra Name", "Category", "Layer", "State", "Used By", "Failure Mode", "Stub Available", "Local Strategy", "Promotion Trigger", "Owner"}

// renderRegistryTable renders the full registry table, one row per item in
// registry order, filtered by the state, category, layer and owner options.
func renderRegistryTable(s *site.Site, b *site.Block) (string, error) {
	states, categories, layers, owners := b.OptionList("state"), b.OptionList("category"), b.OptionList("layer"), b.OptionList("owner")
	var rows [][]string
	for _, it := range s.Registry.Items {
		if !inFilter(states, it.State) || !inFilter(categories, it.Category) || !inFilter(layers, site.LayerID(it.Layer)) || !inFilter(owners, it.Owner) {
			continue
		}
		row := cells(it.Name, it.Category, it.Layer)
		row = append(row, stateCell(it.State))
		row = append(row, cells(strings.Join(it.UsedBy, ", "), it.FailureMode, stubCell(it.Stub), it.LocalStrategy, it.PromotionTrigger, it.Owner)...)
		rows = append(rows, row)
	}
	if rows == nil {
		rows = append(rows, placeholderRow("No items", len(registryTableHeader)))
	}
	return mdTable(registryTableHeader, rows), nil
}

// stateCell renders a state letter as the seed does: B and C, the states
// whose failures matter, in bold; A plain.
func stateCell(state string) string {
	if state == "B" || state == "C" {
		return bold(state)
	}
	return mdCell(state)
}

// stubCell renders a stub as "No", "Yes" or "Yes (note)".
func stubCell(st site.Stub) string {
	switch {
	case !st.Available:
		return "No"
	case st.Note != "":
		return "Yes (" + st.Note + ")"
	}
	return "Yes"
}

// kindRegistryTable is the registry-table block kind.
var kindRegistryTable = &Kind{Spec: markers.BlockKind{Name: "registry-table", Summary: "the full registry table (Infra Name … Owner), one row per item in registry order", Options: []markers.BlockOption{
	stateFilter,
	{Name: "category", Summary: "only items of these categories, e.g. category=DB", List: true},
	{Name: "layer", Summary: "only items in these layers, e.g. layer=L6,L7", List: true},
	{Name: "owner", Summary: "only items with these owners, e.g. owner=Ops", List: true},
}}, Render: renderRegistryTable}

// stateFilter is the state= option of the kinds that list items.
var stateFilter = markers.BlockOption{Name: "state", Summary: "only items in these states, e.g. state=A,B", Values: []string{"A", "B", "C"}, List: true}
