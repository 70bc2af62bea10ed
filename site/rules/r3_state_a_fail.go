package rules

import "github.com/infradoc/infradoc/site"

var ruleR3StateAFail = &Rule{ID: "R3-state-a-fail", Severity: site.SeverityError, Summary: "a state-A item must not make tests fail: its failure mode is Skip or XFail, never FAIL", Check: checkStateAFailure}

func checkStateAFailure(s *site.Site, fs *findings) {
	for _, it := range s.Registry.Items {
		if it.State == "A" && it.FailureMode == "FAIL" {
			fs.AddAbout(it.Name, it.Of("failure_mode"), "R3-state-a-fail", "%s is in state A (not wired locally) but its failure mode is FAIL; use Skip or XFail", it.Name)
		}
	}
}
