// Package finding holds what every stage of infradoc reports: a Finding is
// one problem in the user's input, at a file:line:col Pos, with the id of
// the rule it breaks and a severity.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Pos is a position in a source file. Line and Col are 1-based; zero means
// unknown (the finding is about the whole file).
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String formats the position as file:line:col.
func (p Pos) String() string {
	return p.File + ":" + strconv.Itoa(max(p.Line, 1)) + ":" + strconv.Itoa(max(p.Col, 1))
}

// Severity says how much a finding matters.
type Severity string

// Severities, from most to least severe. Off disables a rule.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	// Info is for what a reader should know and nobody must fix: a
	// number infradoc could not check, a statement it cannot verify.
	// Info findings never fail a command.
	Info Severity = "info"
	Off  Severity = "off"
)

// Finding is one problem in the user's input.
type Finding struct {
	Pos
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Rule     string   `json:"rule"`
	// Subject is the infra item or obligation the finding is about, when
	// the rule that made it knows one: a waiver's target names it.
	Subject string `json:"subject,omitempty"`
	// Baselined says the finding is in the baseline file: accepted, it
	// does not fail a command.
	Baselined bool `json:"baselined,omitempty"`
	// Waived is the waiver that accepts the finding; nil when none does.
	Waived *Waiver `json:"waived,omitempty"`
}

// Waiver is what a report shows of the waiver in infradoc.yaml that
// accepts a finding.
type Waiver struct {
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approved_by"`
	Until      string `json:"until"`
}

// Accepted reports whether the finding is baselined or waived: it is
// reported, but it does not fail a command.
func (f Finding) Accepted() bool { return f.Baselined || f.Waived != nil }

// String formats the finding as file:line:col: severity: message [rule].
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Message, f.Rule)
}

// Sort orders findings by file, line, column, rule and message and drops
// exact duplicates.
func Sort(fs []Finding) []Finding {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.Compact(fs)
}

// HasErrors reports whether any finding is an error that is not accepted
// (baselined or waived).
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error && !f.Accepted() })
}

// List collects findings; each is an error until severities are applied.
type List struct{ List []Finding }

// Add records a finding of rule at pos.
func (l *List) Add(pos Pos, rule, format string, args ...any) {
	l.List = append(l.List, Finding{Pos: pos, Severity: Error, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// AddAbout records a finding of rule at pos about subject, the infra item
// or obligation it concerns (Finding.Subject).
func (l *List) AddAbout(subject string, pos Pos, rule, format string, args ...any) {
	l.List = append(l.List, Finding{Pos: pos, Severity: Error, Rule: rule, Subject: subject, Message: fmt.Sprintf(format, args...)})
}
