package diagram

import (
	"fmt"

	"github.com/infradoc/infradoc/site"
)

// Layout of the layer map: a grid of layers, layerGridColumns side by
// side in each band, so that eight layers make a block about as wide as it
// is tall rather than one narrow ragged column.
const (
	// layerGridColumns is how many layers sit side by side in a band.
	layerGridColumns = 3
	// layerRowWidth is how many nodes sit side by side in a layer.
	layerRowWidth = 3
	// maxLayerNodes is the most nodes one layer draws before it shows
	// counts per state and status instead.
	maxLayerNodes = 24
)

// layersDOT draws layers L1-L8 as a grid, layerGridColumns to a band and
// the bands top to bottom, each layer a box holding its infra items
// (coloured by state) and obligations (coloured by status). A layer
// with many entries, or a registry with more than maxDiagramNodes in all,
// shows counts per state and status instead.
func layersDOT(s *site.Site) string {
	r := s.Registry
	defs := layerDefs(r)
	order := make([]string, 0, len(defs))
	names := map[string]string{}
	for _, d := range defs {
		order = append(order, d.ID)
		names[d.ID] = d.Name
	}
	items := map[string][]*site.Item{}
	obls := map[string][]*site.Obligation{}
	for _, it := range r.Items {
		id := site.LayerID(it.Layer)
		if _, ok := names[id]; !ok {
			order = append(order, id)
			names[id] = ""
		}
		items[id] = append(items[id], it)
	}
	for _, o := range s.Obligations {
		id := site.LayerID(o.Layer)
		if _, ok := names[id]; !ok {
			order = append(order, id)
			names[id] = ""
		}
		obls[id] = append(obls[id], o)
	}
	summariseAll := len(r.Items)+len(s.Obligations) > maxDiagramNodes

	w := newDOT("Layer map",
		fmt.Sprintf("Layers %s with %s and %s, coloured by state and status.", layerRange(order),
			plural(len(r.Items), "infra item", "infra items"), plural(len(s.Obligations), "obligation", "obligations")),
		a("rankdir", "TB"), a("nodesep", "0.2"), a("ranksep", "0.3"), a("newrank", "true"))
	// The first row of every layer in a band shares a rank; each band
	// starts below the last row of every layer of the band above.
	var bandHeads, aboveLasts, lasts []string
	for li, layer := range order {
		if li%layerGridColumns == 0 && li > 0 {
			w.rankTogether(bandHeads)
			bandHeads, aboveLasts, lasts = nil, lasts, nil
		}
		var entries []gridNode
		its, obs := items[layer], obls[layer]
		if summariseAll || len(its)+len(obs) > maxLayerNodes {
			entries = layerSummary(li, r, its, obs)
		} else {
			for i, it := range its {
				class, fill := stateClass(it.State)
				entries = append(entries, gridNode{fmt.Sprintf("l%d_item_%d", li, i), []attr{
					lbl(it.Name, "state "+it.State), a("class", class), a("fillcolor", fill),
					a("tooltip", it.Name+" ("+it.Category+"), owner "+it.Owner)}})
			}
			for i, o := range obs {
				class, fill := statusClass(o.Status)
				entries = append(entries, gridNode{fmt.Sprintf("l%d_obligation_%d", li, i), []attr{
					lbl(o.ID, o.Status), a("shape", "note"), a("style", "filled"), a("class", class), a("fillcolor", fill),
					a("tooltip", o.ID+": "+o.Title)}})
			}
		}
		if len(entries) == 0 {
			entries = []gridNode{{fmt.Sprintf("l%d_empty", li), []attr{a("label", "nothing here yet"),
				a("shape", "plaintext"), a("style", ""), a("class", "empty")}}}
		}
		title := layer
		if names[layer] != "" {
			title += " — " + names[layer]
		}
		w.beginCluster("layer_"+layer, a("label", title), a("labeljust", "l"), a("style", "rounded"),
			a("color", colorLine), a("class", "layer"), a("margin", "12"))
		last := w.grid(entries, layerRowWidth, "")
		w.end()
		// The layer above in the same column keeps this one below it (and
		// so in its column).
		if col := li % layerGridColumns; col < len(aboveLasts) {
			w.edge(aboveLasts[col], entries[0].id, a("style", "invis"))
		}
		bandHeads = append(bandHeads, entries[0].id)
		lasts = append(lasts, last)
	}
	w.rankTogether(bandHeads)
	return w.String()
}

// layerSummary returns one node per state and per status present.
func layerSummary(li int, r *site.Registry, its []*site.Item, obs []*site.Obligation) []gridNode {
	var out []gridNode
	states := map[string]int{}
	for _, it := range its {
		states[it.State]++
	}
	for _, st := range append(stateIDs(r), sortedKeys(states)...) {
		if n := states[st]; n > 0 {
			delete(states, st)
			class, fill := stateClass(st)
			out = append(out, gridNode{fmt.Sprintf("l%d_state_%s", li, Slug(st)), []attr{
				lbl(plural(n, "item", "items"), "state "+st), a("class", class), a("fillcolor", fill)}})
		}
	}
	statuses := map[string]int{}
	for _, o := range obs {
		statuses[o.Status]++
	}
	for _, st := range append(append([]string(nil), site.Statuses...), sortedKeys(statuses)...) {
		if n := statuses[st]; n > 0 {
			delete(statuses, st)
			class, fill := statusClass(st)
			out = append(out, gridNode{fmt.Sprintf("l%d_status_%s", li, Slug(st)), []attr{
				lbl(plural(n, "obligation", "obligations"), st), a("shape", "note"), a("style", "filled"),
				a("class", class), a("fillcolor", fill)}})
		}
	}
	return out
}

// layerRange is "L1-L8" for the usual layers, else the ids listed.
func layerRange(order []string) string {
	switch len(order) {
	case 0:
		return "(none)"
	case 1:
		return order[0]
	}
	return order[0] + "-" + order[len(order)-1]
}
