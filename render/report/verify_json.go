package report

import (
	"encoding/json"
	"io"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/verification"
)

// WriteVerifyJSON writes the report as indented JSON, the file `build
// --verification` reads: obligations in ID order, objects in their
// requires order, findings sorted, empty lists as [] not null, so the
// same run gives the same bytes.
func WriteVerifyJSON(w io.Writer, rep *verification.Report) error {
	out := *rep
	if out.Obligations == nil {
		out.Obligations = []*verification.ObligationResult{}
	}
	out.Findings = finding.Sort(append([]finding.Finding{}, rep.Findings...))
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
