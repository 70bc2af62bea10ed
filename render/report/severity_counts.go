package report

import "github.com/infradoc/infradoc/site"

// severityCounts counts findings the way the closing line and the job
// summary say them: the open ones by severity, the accepted ones (waived,
// baselined) apart.
type severityCounts struct {
	errors, warnings, notes int
	baselined, waived       int
}

// countSeverities counts fs, calling open (when not nil) for each finding
// that is not accepted.
func countSeverities(fs []site.Finding, open func(site.Finding)) severityCounts {
	var c severityCounts
	for _, f := range fs {
		switch {
		case f.Waived != nil:
			c.waived++
			continue
		case f.Baselined:
			c.baselined++
			continue
		}
		switch f.Severity {
		case site.SeverityError:
			c.errors++
		case site.SeverityWarning:
			c.warnings++
		case site.SeverityInfo:
			c.notes++
		}
		if open != nil {
			open(f)
		}
	}
	return c
}

// openWords says the open counts: "3 errors", "1 warning", "2 notes",
// leaving out the zeros.
func (c severityCounts) openWords() []string {
	var out []string
	if c.errors > 0 {
		out = append(out, countWords(c.errors, "error", "errors"))
	}
	if c.warnings > 0 {
		out = append(out, countWords(c.warnings, "warning", "warnings"))
	}
	if c.notes > 0 {
		out = append(out, countWords(c.notes, "note", "notes"))
	}
	return out
}
