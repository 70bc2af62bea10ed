package rules

import "github.com/infradoc/infradoc/site"

var rulePromotedSkip = &Rule{ID: "promoted-skip", Severity: site.SeverityError, Summary: "the tests of a PROMOTED obligation never skip (once promoted, failures are blocking)", Check: checkPromotedSkips}

func checkPromotedSkips(s *site.Site, out *findings) {
	testFilesOf(s, func(o *site.Obligation, tf *site.TestFile, te *site.TestFileEvidence) {
		if o.Status != site.StatusPromoted {
			return
		}
		for _, fn := range te.Functions {
			if fn.Skips {
				out.Add(fn.SkipAt, "promoted-skip", "%s (line %d) skips, but it proves %s, which is PROMOTED (%s): once promoted, its tests can never skip again",
					fn.Name, fn.Pos.Line, o.ID, tf.Of("path"))
			}
		}
	})
}
