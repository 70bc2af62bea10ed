package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleR4SkipStateC = &Rule{ID: "R4-skip-state-c", Severity: site.SeverityError, Summary: "a test that requires a state-C item never skips: state C must fail, not skip", Check: checkSkipStateC}

// checkSkipStateC reports each skip that reaches tests requiring a
// state-C item once per item, where the skip is written: a module-level
// mark or a fixture that skips many such tests is one finding naming
// them, not one per test at the same place.
func checkSkipStateC(s *site.Site, out *findings) {
	idx, _ := infraIndex(s.Registry)
	type key struct {
		at   site.Pos
		item *site.Item
	}
	for _, te := range s.Evidence.TestFiles {
		var order []key
		reached := map[key][]site.TestFunction{}
		for _, fn := range te.Functions {
			if !fn.Skips {
				continue
			}
			seen := map[*site.Item]bool{}
			for _, name := range fn.Infra {
				it := idx[strings.ToLower(strings.TrimSpace(name))]
				if it == nil || it.State != "C" || seen[it] {
					continue
				}
				seen[it] = true
				k := key{fn.SkipAt, it}
				if _, ok := reached[k]; !ok {
					order = append(order, k)
				}
				reached[k] = append(reached[k], fn)
			}
		}
		for _, k := range order {
			fns := reached[k]
			if len(fns) == 1 {
				out.AddAbout(k.item.Name, k.at, "R4-skip-state-c", "%s (line %d) skips, but it requires %s, which is in state C (fully wired, %s): state-C infra must fail when missing, never skip",
					fns[0].Name, fns[0].Pos.Line, k.item.Name, k.item.Of("state"))
				continue
			}
			out.AddAbout(k.item.Name, k.at, "R4-skip-state-c", "%d tests skip here, but they require %s, which is in state C (fully wired, %s): state-C infra must fail when missing, never skip%s",
				len(fns), k.item.Name, k.item.Of("state"), listFunctions(fns))
		}
	}
}
