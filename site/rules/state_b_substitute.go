package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleStateBSubstitute = &Rule{ID: "state-b-substitute", Severity: site.SeverityError, Summary: "a state-B item has a stub (stub.available) or a local strategy other than None", Check: checkSubstitute}

func checkSubstitute(s *site.Site, fs *findings) {
	for _, it := range s.Registry.Items {
		if it.State != "B" || it.Stub.Available || it.Invalid("stub") || it.Stub.Invalid("available") {
			continue
		}
		ls := strings.ToLower(strings.TrimSpace(it.LocalStrategy))
		if ls == "" || ls == "none" || strings.HasPrefix(ls, "none ") {
			fs.AddAbout(it.Name, it.Of("state"), "state-b-substitute", "%s is in state B (local substitute) but has no stub and no local strategy", it.Name)
		}
	}
}
