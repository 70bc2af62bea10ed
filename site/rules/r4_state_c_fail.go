package rules

import "github.com/infradoc/infradoc/site"

var ruleR4StateCFail = &Rule{ID: "R4-state-c-fail", Severity: site.SeverityError, Summary: "a state-C item must make tests fail when missing, never skip: its failure mode is FAIL", Check: checkStateCFailure}

func checkStateCFailure(s *site.Site, fs *findings) {
	for _, it := range s.Registry.Items {
		if it.State == "C" && it.FailureMode != "" && it.FailureMode != "FAIL" {
			fs.AddAbout(it.Name, it.Of("failure_mode"), "R4-state-c-fail", "%s is in state C (fully wired) but its failure mode is %s; state C must FAIL, never skip", it.Name, it.FailureMode)
		}
	}
}
