package rules

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

var ruleEvidencePending = &Rule{ID: "evidence-pending", Severity: site.SeverityInfo, Summary: "an UNFULFILLED obligation whose test files or migration folder do not exist yet is listed, so a reader sees what is still to be written", Check: checkEvidencePending}

// checkEvidencePending lists, once per obligation, what an UNFULFILLED
// obligation names that is not there yet: not an error (nothing is built
// yet), but the obligation's page and the report should say so.
func checkEvidencePending(s *site.Site, out *findings) {
	for _, o := range s.Obligations {
		if o.Status != site.StatusUnfulfilled {
			continue
		}
		var files, hints []string
		for _, tf := range o.TestFiles {
			if tf == nil || tf.Path == "" {
				continue
			}
			if te := s.Evidence.TestFile(tf.Path); te != nil && !te.Exists && te.Problem == "" {
				files = append(files, te.File)
				if te.Hint != "" {
					hints = append(hints, te.Hint)
				}
			}
		}
		var missing []string
		switch len(files) {
		case 0:
		case 1:
			missing = append(missing, "test file "+files[0])
		default:
			missing = append(missing, "test files "+strings.Join(files, ", "))
		}
		if ms := s.Evidence.Obligation(o.ID).Migrations(); ms != nil && !ms.Exists && ms.Problem == "" {
			missing = append(missing, "migration folder "+ms.Display)
			if ms.Hint != "" {
				hints = append(hints, ms.Hint)
			}
		}
		if len(missing) == 0 {
			continue
		}
		verb := "does"
		if len(files) > 1 || len(missing) > 1 {
			verb = "do"
		}
		out.AddAbout(o.ID, o.Of("status"), "evidence-pending", "%s is UNFULFILLED: its %s %s not exist yet%s", o.ID, strings.Join(missing, " and its "), verb, hintOf(strings.Join(hints, "; ")))
	}
}

// hintOf is " (hint)", or "" when there is none.
func hintOf(hint string) string {
	if hint == "" {
		return ""
	}
	return " (" + hint + ")"
}
