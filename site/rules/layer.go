package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleLayer = &Rule{ID: "layer", Severity: site.SeverityError, Summary: "an obligation's or item's layer is one the registry defines, and a name in parentheses matches the registry's name for it (only when the registry has a layers: list)", Check: checkLayers}

// checkLayers compares layers with the names the registry defines. A
// registry without a layers: list defines none: infradoc's default names
// are for display, and a repository's own labels are not wrong for
// differing from them.
func checkLayers(s *site.Site, fs *findings) {
	if s.Registry.LayersDefaulted {
		return
	}
	check := func(what, layer string, pos site.Pos) {
		if layer == "" || !isLayer(layer) {
			return
		}
		def := s.Registry.Layer(layer)
		if def == nil {
			fs.Add(pos, "layer", "%s: layer %s is not defined in the registry's layers", what, site.LayerID(layer))
			return
		}
		if label := site.LayerLabel(layer); label != "" && !strings.EqualFold(label, def.Name) {
			fs.Add(pos, "layer", "%s: layer %s is named %q in the registry, not %q", what, def.ID, def.Name, label)
		}
	}
	for _, it := range s.Registry.Items {
		check(it.Name, it.Layer, it.Of("layer"))
	}
	for _, o := range s.Obligations {
		check(o.ID, o.Layer, o.Of("layer"))
	}
}

// isLayer reports whether layer is written as L1 to L8.
func isLayer(layer string) bool {
	ok, _ := site.MatchesFormat("layer", layer)
	return ok
}
