package site

import (
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/yamlstrict"
)

// The findings of package finding, under the names the model has always
// used.
type (
	// Pos is a position in a source file (see finding.Pos).
	Pos = finding.Pos
	// Severity says how much a finding matters.
	Severity = finding.Severity
	// Finding is one problem in the user's input.
	Finding = finding.Finding
	// findings collects findings for one load.
	findings = finding.List
	// Positions records where a YAML mapping and each of its keys were
	// written (see yamlstrict.Positions).
	Positions = yamlstrict.Positions
)

// Severities, from most to least severe. SeverityOff disables a rule.
const (
	SeverityError   = finding.Error
	SeverityWarning = finding.Warning
	SeverityInfo    = finding.Info
	SeverityOff     = finding.Off
)

// SortFindings orders findings by file, line, column, rule and message and
// drops exact duplicates.
func SortFindings(fs []Finding) []Finding { return finding.Sort(fs) }

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool { return finding.HasErrors(fs) }
