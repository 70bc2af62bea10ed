package rules

import (
	"fmt"

	"github.com/infradoc/infradoc/site"
)

var ruleObjectMissing = &Rule{ID: "object-missing", Severity: site.SeverityError, Summary: "every object a PROMOTED obligation requires is created by a migration in its folder", Check: checkObjectsPromoted}

var ruleObjectMissingPartial = &Rule{ID: "object-missing-partial", Severity: site.SeverityWarning, Summary: "objects a PARTIAL obligation requires that its migrations do not create yet (a reminder, not an error)", Check: checkObjectsPartial}

func checkObjectsPromoted(s *site.Site, out *findings) {
	checkObjects(s, out, site.StatusPromoted, "object-missing")
}

func checkObjectsPartial(s *site.Site, out *findings) {
	checkObjects(s, out, site.StatusPartial, "object-missing-partial")
}

// checkObjects reports the required objects that the migrations of
// obligations in status do not create. A missing or empty folder is the
// migration-missing rule's finding, not one per object.
func checkObjects(s *site.Site, out *findings, status, rule string) {
	for _, o := range s.Obligations {
		oe := s.Evidence.Obligation(o.ID)
		ms := oe.Migrations()
		if o.Status != status || ms == nil || len(ms.Files) == 0 || len(oe.Requirements) != len(o.Requires) {
			continue
		}
		for i, r := range o.Requires {
			re := oe.Requirements[i]
			if r == nil || re.Found || r.Name == "" {
				continue
			}
			msg := fmt.Sprintf("%s requires %s %s, but no migration in %s creates it; %s", o.ID, r.Type, re.Name, ms.Display, ms.Describe(r.Type))
			if status == site.StatusPartial {
				msg += " (" + o.ID + " is PARTIAL; it must exist before promotion)"
			}
			out.AddAbout(o.ID, r.Of("name"), rule, "%s", msg)
		}
	}
}
