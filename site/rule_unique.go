package site

import "strings"

func init() {
	register(Rule{ID: "unique", Severity: SeverityError,
		Summary: "item names (with aliases), artifact names and obligation ids are unique, compared case-insensitively",
		check:   checkUnique})
	register(Rule{ID: "file-id", Severity: SeverityError,
		Summary: "in the per-file layout, an obligation's id matches its file name (PB-S1.yaml holds id PB-S1)"})
	register(Rule{ID: "index", Severity: SeverityError,
		Summary: "the obligations index lists exactly the obligation files present, each once"})
}

func checkUnique(s *Site, fs *findings) {
	seen := map[string]Pos{}
	claim := func(kind, name string, pos Pos) {
		key := kind + "\x00" + strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			return
		}
		if prev, dup := seen[key]; dup {
			fs.Add(pos, "unique", "%s %q is already declared at %s", kind, name, prev)
			return
		}
		seen[key] = pos
	}
	for _, it := range s.Registry.Items {
		claim("infra item", it.Name, it.Of("name"))
		for _, a := range it.Aliases {
			claim("infra item", a, it.Of("aliases"))
		}
	}
	for _, a := range s.Registry.Artifacts {
		claim("artifact", a.Name, a.Of("name"))
	}
	for _, st := range s.Registry.States {
		claim("state", st.ID, st.Of("id"))
	}
	for _, l := range s.Registry.Layers {
		claim("layer", l.ID, l.Of("id"))
	}
	for _, o := range s.Obligations {
		claim("obligation", o.ID, o.Of("id"))
	}
}
