package site

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

// Severities, from most to least severe. SeverityOff disables a rule.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityOff     Severity = "off"
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

// SortFindings orders findings by file, line, column, rule and message and
// drops exact duplicates.
func SortFindings(fs []Finding) []Finding {
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
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == SeverityError })
}

// findings collects findings for one load.
type findings struct{ list []Finding }

func (fs *findings) add(pos Pos, rule, format string, args ...any) {
	fs.list = append(fs.list, Finding{Pos: pos, Severity: SeverityError, Rule: rule, Message: fmt.Sprintf(format, args...)})
}
