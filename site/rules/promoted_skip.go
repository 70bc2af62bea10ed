package rules

import (
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
)

var rulePromotedSkip = &Rule{ID: "promoted-skip", Severity: site.SeverityError, Summary: "the tests of a PROMOTED obligation never skip (once promoted, failures are blocking)", Check: checkPromotedSkips}

// checkPromotedSkips reports each skip once, where it is written: a
// module-level mark or a fixture that skips every test of a file is one
// finding naming the tests, not one per test.
func checkPromotedSkips(s *site.Site, out *findings) {
	testFilesOf(s, func(o *site.Obligation, tf *site.TestFile, te *site.TestFileEvidence) {
		if o.Status != site.StatusPromoted {
			return
		}
		type skip struct {
			at    site.Pos
			names []string
			lines []int
			via   string
		}
		var order []*skip
		byPos := map[site.Pos]*skip{}
		for _, fn := range te.Functions {
			if !fn.Skips {
				continue
			}
			sk := byPos[fn.SkipAt]
			if sk == nil {
				sk = &skip{at: fn.SkipAt, via: fn.SkipFixture}
				byPos[fn.SkipAt] = sk
				order = append(order, sk)
			}
			sk.names = append(sk.names, fn.Name)
			sk.lines = append(sk.lines, fn.Pos.Line)
		}
		for _, sk := range order {
			via := ""
			if sk.via != "" {
				via = fmt.Sprintf(" through the fixture %s", sk.via)
			}
			if len(sk.names) == 1 {
				out.AddAbout(o.ID, sk.at, "promoted-skip", "%s (line %d) skips%s, but it proves %s, which is PROMOTED (%s): once promoted, its tests can never skip again",
					sk.names[0], sk.lines[0], via, o.ID, tf.Of("path"))
				continue
			}
			out.AddAbout(o.ID, sk.at, "promoted-skip", "%d tests of %s skip here%s (%s), but they prove %s, which is PROMOTED (%s): once promoted, its tests can never skip again",
				len(sk.names), te.File, via, listNames(sk.names), o.ID, tf.Of("path"))
		}
	})
}

// listNames joins names, at most maxListed of them.
func listNames(names []string) string {
	if len(names) > maxListed {
		return strings.Join(names[:maxListed], ", ") + fmt.Sprintf(", and %d more", len(names)-maxListed)
	}
	return strings.Join(names, ", ")
}
