package site

func init() {
	register(Rule{ID: "R3-state-a-fail", Severity: SeverityError,
		Summary: "a state-A item must not make tests fail: its failure mode is Skip or XFail, never FAIL",
		check:   checkStateAFailure})
	register(Rule{ID: "R4-state-c-fail", Severity: SeverityError,
		Summary: "a state-C item must make tests fail when missing, never skip: its failure mode is FAIL",
		check:   checkStateCFailure})
}

func checkStateAFailure(s *Site, fs *findings) {
	for _, it := range s.Registry.Items {
		if it.State == "A" && it.FailureMode == "FAIL" {
			fs.Add(it.Of("failure_mode"), "R3-state-a-fail", "%s is in state A (not wired locally) but its failure mode is FAIL; use Skip or XFail", it.Name)
		}
	}
}

func checkStateCFailure(s *Site, fs *findings) {
	for _, it := range s.Registry.Items {
		if it.State == "C" && it.FailureMode != "" && it.FailureMode != "FAIL" {
			fs.Add(it.Of("failure_mode"), "R4-state-c-fail", "%s is in state C (fully wired) but its failure mode is %s; state C must FAIL, never skip", it.Name, it.FailureMode)
		}
	}
}
