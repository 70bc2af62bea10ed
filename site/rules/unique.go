package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleUnique = &Rule{ID: "unique", Severity: site.SeverityError, Summary: "item names (with aliases), artifact names and obligation ids are unique, compared case-insensitively", Check: checkUnique}

func checkUnique(s *site.Site, fs *findings) {
	seen := map[string]site.Pos{}
	claim := func(kind, name string, pos site.Pos) {
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
