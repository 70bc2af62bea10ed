package rules

import "github.com/infradoc/infradoc/site"

var ruleTestFileMissing = &Rule{ID: "test-file-missing", Severity: site.SeverityError, Summary: "every test file a PROMOTED obligation names exists under the tests root", Check: checkTestFilesExist}

func checkTestFilesExist(s *site.Site, out *findings) {
	testFilesOf(s, func(o *site.Obligation, tf *site.TestFile, te *site.TestFileEvidence) {
		if te.Exists || o.Status != site.StatusPromoted {
			return
		}
		why := "does not exist"
		if te.Hint != "" {
			why += " (" + te.Hint + ")"
		}
		if te.Problem != "" {
			why = te.Problem
		}
		out.AddAbout(o.ID, tf.Of("path"), "test-file-missing", "%s is PROMOTED but its test file %s %s", o.ID, te.File, why)
	})
}
