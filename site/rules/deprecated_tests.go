package rules

import "github.com/infradoc/infradoc/site"

var ruleDeprecatedTests = &Rule{ID: "deprecated-tests", Severity: site.SeverityError, Summary: "a DEPRECATED obligation lists no test files (its tests should be removed)", Check: checkDeprecatedTests}

func checkDeprecatedTests(s *site.Site, fs *findings) {
	for _, o := range s.Obligations {
		if o.Status == site.StatusDeprecated && len(o.TestFiles) > 0 {
			fs.AddAbout(o.ID, o.Of("test_files"), "deprecated-tests", "%s is DEPRECATED but still lists %d test file(s); remove the tests and the list", o.ID, len(o.TestFiles))
		}
	}
}
