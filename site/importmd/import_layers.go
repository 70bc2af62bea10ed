package importmd

import (
	"cmp"
	"slices"

	"github.com/infradoc/infradoc/site"
)

// readLayers takes the layer names the doc gives in its items' layer cells
// ("L6 (Platform Substrate)"): the first name of each layer. A doc that
// names none gets no layers: list, and its labels are not checked against
// infradoc's default names.
func readLayers(reg *site.Registry) {
	seen := map[string]bool{}
	for _, it := range reg.Items {
		id, name := site.LayerID(it.Layer), site.LayerLabel(it.Layer)
		if name == "" || seen[id] {
			continue
		}
		seen[id] = true
		reg.Layers = append(reg.Layers, site.LayerDef{ID: id, Name: name})
	}
	slices.SortFunc(reg.Layers, func(a, b site.LayerDef) int { return cmp.Compare(a.ID, b.ID) })
}
