package html

import "github.com/infradoc/infradoc/site"

// obligationFinding is a finding shown on an obligation's page.
type obligationFinding struct {
	Severity, Rule, Message, At string
}

// maxObligationFindings is the most findings an obligation's verdict box
// lists; the rest are counted.
const maxObligationFindings = 10

// obligationFindings assigns the build's open findings to obligations (see
// findingOwners): a finding belongs to an obligation when it is about it
// (its Subject), when its position lies in the lines that declare it (from
// its first line to the next obligation's in the same file, or the whole
// file when it declares one obligation) or when its message names the
// obligation's id as a word.
func obligationFindings(s *site.Site, findings []site.Finding) map[string][]obligationFinding {
	if len(findings) == 0 {
		return nil
	}
	owners := newFindingOwners(s)
	out := map[string][]obligationFinding{}
	for _, f := range findings {
		// A waived or baselined finding is accepted, not open.
		if f.Accepted() {
			continue
		}
		ids := owners.obligations(f)
		if len(ids) == 0 {
			continue
		}
		of := obligationFinding{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message}
		if f.File != "" {
			of.At = f.Pos.String()
		}
		for _, id := range ids {
			out[id] = append(out[id], of)
		}
	}
	return out
}
