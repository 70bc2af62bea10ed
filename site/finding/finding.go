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
}

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

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

// List collects findings; each is an error until severities are applied.
type List struct{ List []Finding }

// Add records a finding of rule at pos.
func (l *List) Add(pos Pos, rule, format string, args ...any) {
	l.List = append(l.List, Finding{Pos: pos, Severity: Error, Rule: rule, Message: fmt.Sprintf(format, args...)})
}
