package rules

import (
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/yamlstrict"
)

var ruleR1UndeclaredInfra = &Rule{ID: "R1-undeclared-infra", Severity: site.SeverityError, Summary: "requires_infra(\"X\") in a test names an item (or alias) of the registry", Check: checkInfraDeclared}

func checkInfraDeclared(s *site.Site, out *findings) {
	if s.Registry.Unreadable {
		return
	}
	idx, names := infraIndex(s.Registry)
	known := ""
	if len(s.Registry.Items) <= 12 {
		var items []string
		for _, it := range s.Registry.Items {
			items = append(items, it.Name)
		}
		known = fmt.Sprintf(" (it has %s)", strings.Join(items, ", "))
		if len(items) == 0 {
			known = " (it has no items yet)"
		}
	}
	for _, te := range s.Evidence.TestFiles {
		for _, ref := range te.Infra {
			if idx[strings.ToLower(strings.TrimSpace(ref.Name))] != nil {
				continue
			}
			out.Add(ref.Pos, "R1-undeclared-infra", "requires_infra(%q) names no item of the registry %s%s%s", ref.Name, s.Registry.File, known, yamlstrict.DidYouMean(ref.Name, names))
		}
	}
}
