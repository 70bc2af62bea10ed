package importmd

import (
	"github.com/infradoc/infradoc/site"
	"slices"
	"strconv"
	"strings"
)

// checkSummary compares the doc's Quick Reference (State | Count | Infra
// Items) with the registry table. The summary is generated from the items,
// so it is not imported; where it disagrees, the doc had already drifted
// and the import says so in warnings.
func (im *importer) checkSummary(t *mdTable, reg *site.Registry) {
	for _, row := range t.rows {
		stateCell := t.get(row, "state")
		id, _, _ := strings.Cut(strings.TrimSpace(stateCell.Plain), " ")
		id = strings.ToUpper(id)
		if !slices.Contains(stateIDs, id) {
			im.warn(stateCell.Pos, "import-summary", "the Quick Reference names state %q, which is not A, B or C", stateCell.Plain)
			continue
		}
		inState := reg.ItemsInState(id)
		if c := t.get(row, "count"); t.has("count") {
			if n, err := strconv.Atoi(strings.TrimSpace(c.Plain)); err != nil || n != len(inState) {
				im.warn(c.Pos, "import-summary", "the Quick Reference counts %q items in state %s; the registry table has %d", c.Plain, id, len(inState))
			}
		}
		listCell := t.get(row, "infra items")
		listed := map[*site.Item]bool{}
		for _, name := range splitList(listCell.Plain) {
			it := findItem(reg, name)
			switch {
			case it == nil:
				im.warn(listCell.Pos, "import-summary", "the Quick Reference lists %s under state %s, but the registry table has no such item", name, id)
			case it.State != id:
				im.warn(listCell.Pos, "import-summary", "the Quick Reference lists %s under state %s, but the registry table says state %s", name, id, it.State)
			}
			listed[it] = true
		}
		for _, it := range inState {
			if !listed[it] {
				im.warn(listCell.Pos, "import-summary", "the Quick Reference omits %s from state %s, where the registry table puts it", it.Name, id)
			}
		}
	}
}
