package site

import "strings"

func init() {
	register(Rule{ID: "column-name", Severity: SeverityError,
		Summary: "a column requirement names its table: table.column or schema.table.column",
		check:   checkColumnNames})
	register(Rule{ID: "layer", Severity: SeverityError,
		Summary: "an obligation's or item's layer is one the registry defines, and a name in parentheses matches it",
		check:   checkLayers})
}

func checkColumnNames(s *Site, fs *findings) {
	for _, o := range s.Obligations {
		for _, r := range o.Requires {
			if r.Type != "column" || r.Name == "" {
				continue
			}
			parts := strings.Split(r.Name, ".")
			bad := len(parts) < 2 || len(parts) > 3
			for _, p := range parts {
				bad = bad || strings.TrimSpace(p) == ""
			}
			if bad {
				fs.Add(r.Of("name"), "column-name", "%s: column %q must be written table.column or schema.table.column", o.ID, r.Name)
			}
		}
	}
}

func checkLayers(s *Site, fs *findings) {
	check := func(what, layer string, pos Pos) {
		if layer == "" || !patterns["layer"].RE.MatchString(layer) {
			return
		}
		def := s.Registry.Layer(layer)
		if def == nil {
			fs.Add(pos, "layer", "%s: layer %s is not defined in the registry's layers", what, LayerID(layer))
			return
		}
		if label := LayerLabel(layer); label != "" && !strings.EqualFold(label, def.Name) {
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
