package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleR4SkipStateC = &Rule{ID: "R4-skip-state-c", Severity: site.SeverityError, Summary: "a test that requires a state-C item never skips: state C must fail, not skip", Check: checkSkipStateC}

func checkSkipStateC(s *site.Site, out *findings) {
	idx, _ := infraIndex(s.Registry)
	for _, te := range s.Evidence.TestFiles {
		for _, fn := range te.Functions {
			if !fn.Skips {
				continue
			}
			for _, name := range fn.Infra {
				it := idx[strings.ToLower(strings.TrimSpace(name))]
				if it == nil || it.State != "C" {
					continue
				}
				out.AddAbout(it.Name, fn.SkipAt, "R4-skip-state-c", "%s (line %d) skips, but it requires %s, which is in state C (fully wired, %s): state-C infra must fail when missing, never skip",
					fn.Name, fn.Pos.Line, it.Name, it.Of("state"))
			}
		}
	}
}
